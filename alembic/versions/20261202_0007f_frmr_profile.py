"""medical-worker register: the professional profile (ФРМР)

Revision ID: 0007f_frmr_profile
Revises: 0007p_portfolio
Create Date: 2026-12-02 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007f_frmr_profile'
down_revision: str | None = '0007p_portfolio'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'medicalworkerprofile',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('specialty_id', sa.Integer(), nullable=False),
        sa.Column('sub_specialties', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('category', sa.String(length=10), nullable=False),
        sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('employer_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('employer_inn', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('employer_ogrn', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
        sa.Column('licence_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('about', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column('photo_document_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['photo_document_id'], ['document.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['specialty_id'], ['specialty.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id'),
    )
    with op.batch_alter_table('medicalworkerprofile', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_medicalworkerprofile_specialty_id'), ['specialty_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('medicalworkerprofile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medicalworkerprofile_specialty_id'))
    op.drop_table('medicalworkerprofile')
