"""social-protection benefits (льготы)

Revision ID: 0009b_szn_benefits
Revises: 0007f_frmr_profile
Create Date: 2026-12-02 13:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009b_szn_benefits'
down_revision: str | None = '0007f_frmr_profile'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'benefit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('renewed_from_id', sa.Integer(), nullable=True),
        sa.Column('expiry_notice', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['renewed_from_id'], ['benefit.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('request_id'),
    )
    op.create_index(op.f('ix_benefit_owner_id'), 'benefit', ['owner_id'], unique=False)
    op.create_index(op.f('ix_benefit_valid_to'), 'benefit', ['valid_to'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_benefit_valid_to'), table_name='benefit')
    op.drop_index(op.f('ix_benefit_owner_id'), table_name='benefit')
    op.drop_table('benefit')
