"""lab results, shares, data access log

Revision ID: 0007l_labs
Revises: 0006s_document_blobs
Create Date: 2026-12-02 11:58:45.363977
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007l_labs'
down_revision: str | None = '0006s_document_blobs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('laboratory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('key_prefix', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('key_hash', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('laboratory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_laboratory_key_hash'), ['key_hash'], unique=False)

    op.create_table('labshare',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('doctor_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['doctor_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('labshare', schema=None) as batch_op:
        batch_op.create_index('ix_labshare_doctor_patient', ['doctor_id', 'patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_labshare_patient_id'), ['patient_id'], unique=False)

    op.create_table('dataaccess',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('viewer_id', sa.Integer(), nullable=True),
    sa.Column('viewer_role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('what', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('object_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['user.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['share_id'], ['labshare.id'], ),
    sa.ForeignKeyConstraint(['viewer_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dataaccess', schema=None) as batch_op:
        batch_op.create_index('ix_dataaccess_patient_at', ['patient_id', 'at'], unique=False)

    op.create_table('labresult',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('analyte_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('analyte_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('panel_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('loinc', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('taken_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('units', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('ref_low', sa.Float(), nullable=True),
    sa.Column('ref_high', sa.Float(), nullable=True),
    sa.Column('flag', sa.String(length=1), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('laboratory', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('laboratory_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('equipment', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('search_text', sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], ),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['laboratory_id'], ['laboratory.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('laboratory_id', 'external_id', name='uq_labresult_lab_external')
    )
    with op.batch_alter_table('labresult', schema=None) as batch_op:
        batch_op.create_index('ix_labresult_patient_analyte', ['patient_id', 'analyte_code', 'taken_at', 'id'], unique=False)
        batch_op.create_index('ix_labresult_patient_name', ['patient_id', 'analyte_name', 'taken_at', 'id'], unique=False)
        batch_op.create_index('ix_labresult_patient_panel', ['patient_id', 'panel_code', 'taken_at', 'id'], unique=False)
        batch_op.create_index('ix_labresult_patient_taken', ['patient_id', 'taken_at', 'id'], unique=False)
        batch_op.create_index('ix_labresult_patient_value', ['patient_id', 'value', 'id'], unique=False)

    op.create_table('labshareitem',
    sa.Column('share_id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['result_id'], ['labresult.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['share_id'], ['labshare.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('share_id', 'result_id')
    )


def downgrade() -> None:
    op.drop_table('labshareitem')
    with op.batch_alter_table('labresult', schema=None) as batch_op:
        batch_op.drop_index('ix_labresult_patient_value')
        batch_op.drop_index('ix_labresult_patient_taken')
        batch_op.drop_index('ix_labresult_patient_panel')
        batch_op.drop_index('ix_labresult_patient_name')
        batch_op.drop_index('ix_labresult_patient_analyte')

    op.drop_table('labresult')
    with op.batch_alter_table('dataaccess', schema=None) as batch_op:
        batch_op.drop_index('ix_dataaccess_patient_at')

    op.drop_table('dataaccess')
    with op.batch_alter_table('labshare', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_labshare_patient_id'))
        batch_op.drop_index('ix_labshare_doctor_patient')

    op.drop_table('labshare')
    with op.batch_alter_table('laboratory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_laboratory_key_hash'))

    op.drop_table('laboratory')
