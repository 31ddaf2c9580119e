"""the social-protection cabinet: connections (consent) and payments

Revision ID: 0009s_szn_payments
Revises: 0009b_szn_benefits
Create Date: 2026-12-02 13:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009s_szn_payments'
down_revision: str | None = '0009b_szn_benefits'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'sznconnection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('consent_version', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('consented_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id'),
    )
    op.create_table(
        'payment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('period_from', sa.Date(), nullable=False),
        sa.Column('period_to', sa.Date(), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('refusal_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('refusal_fix', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('operation_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=True),
        sa.Column('pay_on', sa.Date(), nullable=True),
        sa.Column('calculation', sa.Text(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['request_id'], ['request.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('request_id', 'period_from'),
    )
    op.create_index(op.f('ix_payment_user_id'), 'payment', ['user_id'], unique=False)
    op.create_index(op.f('ix_payment_kind'), 'payment', ['kind'], unique=False)
    op.create_index(op.f('ix_payment_period_from'), 'payment', ['period_from'], unique=False)
    op.create_index(op.f('ix_payment_request_id'), 'payment', ['request_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_payment_request_id'), table_name='payment')
    op.drop_index(op.f('ix_payment_period_from'), table_name='payment')
    op.drop_index(op.f('ix_payment_kind'), table_name='payment')
    op.drop_index(op.f('ix_payment_user_id'), table_name='payment')
    op.drop_table('payment')
    op.drop_table('sznconnection')
