"""document bytes in the database: chunks of at most 256 KB (GOSAPP_STORAGE=database)

Revision ID: 0006s_document_blobs
Revises: 0006
Create Date: 2026-12-02 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006s_document_blobs'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No foreign key to document.storage_key: the chunks are written before their row is
    # flushed, and the store is a plain key -> bytes store (services/documents/backends.py).
    op.create_table(
        'documentblobchunk',
        sa.Column('storage_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('storage_key', 'seq'),
    )


def downgrade() -> None:
    op.drop_table('documentblobchunk')
