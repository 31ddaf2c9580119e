"""rate slots: the last N uses of a limited action (codes sent, codes guessed), per hashed key

Revision ID: 0004c
Revises: 0003
Create Date: 2026-12-02 05:34:34.353882
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004c'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rateslot',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'slot')
    )
    with op.batch_alter_table('rateslot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rateslot_used_at'), ['used_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rateslot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rateslot_used_at'))

    op.drop_table('rateslot')
