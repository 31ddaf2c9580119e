"""the medical worker's portfolio: records and their versions

Revision ID: 0007p_portfolio
Revises: 0008r_record
Create Date: 2026-12-02 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007p_portfolio'
down_revision: str | None = '0008r_record'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'portfoliorecord',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('doc_type', sa.String(length=24), nullable=False),
        sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=True),
        sa.Column('archived', sa.Boolean(), nullable=False),
        sa.Column('expiry_notice', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        op.f('ix_portfoliorecord_owner_id'), 'portfoliorecord', ['owner_id'], unique=False
    )
    op.create_index(
        op.f('ix_portfoliorecord_valid_until'), 'portfoliorecord', ['valid_until'], unique=False
    )
    op.create_table(
        'portfolioversion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('version_no', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.ForeignKeyConstraint(['record_id'], ['portfoliorecord.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('record_id', 'version_no'),
        sa.UniqueConstraint('request_id'),
    )
    op.create_index(
        op.f('ix_portfolioversion_record_id'), 'portfolioversion', ['record_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_portfolioversion_record_id'), table_name='portfolioversion')
    op.drop_table('portfolioversion')
    op.drop_index(op.f('ix_portfoliorecord_valid_until'), table_name='portfoliorecord')
    op.drop_index(op.f('ix_portfoliorecord_owner_id'), table_name='portfoliorecord')
    op.drop_table('portfoliorecord')
