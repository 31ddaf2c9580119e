"""attestation: the category's valid-until date and the reminder mark on the profile

Revision ID: 0010a_attestation
Revises: 0010p_frmr_payments
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010a_attestation"
down_revision: str | None = "0010p_frmr_payments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("medicalworkerprofile") as batch:
        batch.add_column(sa.Column("category_valid_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("category_reminded_for", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("medicalworkerprofile") as batch:
        batch.drop_column("category_reminded_for")
        batch.drop_column("category_valid_until")
