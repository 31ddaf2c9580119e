"""the medical worker's career: НМО activities and settings, work-experience periods

Revision ID: 0009c_frmr_career
Revises: 0009s_szn_payments
Create Date: 2026-12-02 13:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009c_frmr_career'
down_revision: str | None = '0009s_szn_payments'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'nmoactivity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('finished_on', sa.Date(), nullable=False),
        sa.Column('hours', sa.Integer(), nullable=False),
        sa.Column('points', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('request_id'),
    )
    op.create_index(op.f('ix_nmoactivity_owner_id'), 'nmoactivity', ['owner_id'], unique=False)
    op.create_table(
        'nmosettings',
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('accredited_on', sa.Date(), nullable=True),
        sa.Column('yearly_goal', sa.Integer(), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('owner_id'),
    )
    op.create_table(
        'experienceperiod',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('inn', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('contract', sa.String(length=12), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column(
            'leaving_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column('medical', sa.Boolean(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('request_id'),
    )
    op.create_index(
        op.f('ix_experienceperiod_owner_id'), 'experienceperiod', ['owner_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_experienceperiod_owner_id'), table_name='experienceperiod')
    op.drop_table('experienceperiod')
    op.drop_table('nmosettings')
    op.drop_index(op.f('ix_nmoactivity_owner_id'), table_name='nmoactivity')
    op.drop_table('nmoactivity')
