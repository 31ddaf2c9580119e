"""the medical worker's payments (salary, stimulating, on-call duties, ОМС)

Revision ID: 0010p_frmr_payments
Revises: 0009c_frmr_career
Create Date: 2026-12-02 15:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010p_frmr_payments'
down_revision: str | None = '0009c_frmr_career'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'workerpayment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('worker_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=True),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=12), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('employer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['worker_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_workerpayment_worker_period', 'workerpayment', ['worker_id', 'period'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_workerpayment_worker_period', table_name='workerpayment')
    op.drop_table('workerpayment')
