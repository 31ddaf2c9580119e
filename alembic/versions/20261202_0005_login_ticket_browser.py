"""login tickets bound to the browser that passed the password and the code

Revision ID: 0005
Revises: 0004c
Create Date: 2026-12-02 06:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Unspent tickets live for seconds: old ones simply stop working ('' never matches).
    with op.batch_alter_table('loginticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'browser', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
            server_default='',
        ))


def downgrade() -> None:
    with op.batch_alter_table('loginticket', schema=None) as batch_op:
        batch_op.drop_column('browser')
