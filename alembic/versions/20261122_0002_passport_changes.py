"""passport changes: new passport data awaiting verification (one pending per user)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:29:13.433937
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table('passportchange',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('series', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('division_code', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('passportchange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passportchange_user_id'), ['user_id'], unique=False)
        # At most one pending change per user, guaranteed by the database.
        batch_op.create_index(
            'uq_passportchange_one_pending',
            ['user_id'],
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )


def downgrade() -> None:
    with op.batch_alter_table('passportchange', schema=None) as batch_op:
        batch_op.drop_index('uq_passportchange_one_pending')
        batch_op.drop_index(batch_op.f('ix_passportchange_user_id'))

    op.drop_table('passportchange')
