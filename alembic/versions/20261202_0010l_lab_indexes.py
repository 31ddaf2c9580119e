"""lab results: indexes for sorting by value within a panel or an analyte, and partial indexes
for «только отклонения» (out-of-range results only)

Revision ID: 0010l_lab_indexes
Revises: 0010t_training
Create Date: 2026-12-02 15:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010l_lab_indexes'
down_revision: str | None = '0010t_training'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ABNORMAL = "flag != 'N'"


def upgrade() -> None:
    with op.batch_alter_table('labresult', schema=None) as batch_op:
        batch_op.create_index(
            'ix_labresult_patient_panel_value', ['patient_id', 'panel_code', 'value', 'id'],
            unique=False,
        )
        batch_op.create_index(
            'ix_labresult_patient_analyte_value', ['patient_id', 'analyte_code', 'value', 'id'],
            unique=False,
        )
        batch_op.create_index(
            'ix_labresult_patient_abnormal_taken', ['patient_id', 'taken_at', 'id'], unique=False,
            sqlite_where=sa.text(ABNORMAL), postgresql_where=sa.text(ABNORMAL),
        )
        batch_op.create_index(
            'ix_labresult_patient_abnormal_value', ['patient_id', 'value', 'id'], unique=False,
            sqlite_where=sa.text(ABNORMAL), postgresql_where=sa.text(ABNORMAL),
        )


def downgrade() -> None:
    with op.batch_alter_table('labresult', schema=None) as batch_op:
        batch_op.drop_index('ix_labresult_patient_abnormal_value')
        batch_op.drop_index('ix_labresult_patient_abnormal_taken')
        batch_op.drop_index('ix_labresult_patient_analyte_value')
        batch_op.drop_index('ix_labresult_patient_panel_value')
