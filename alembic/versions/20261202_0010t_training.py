"""training programmes and enrolments; an НМО activity may await its certificate

Revision ID: 0010t_training
Revises: 0010a_attestation
Create Date: 2026-12-02 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0010t_training"
down_revision: str | None = "0010a_attestation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "status IN ('enrolled', 'waiting', 'finished')"


def upgrade() -> None:
    op.create_table(
        "trainingprogramme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("specialty_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(length=420), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["specialty_id"], ["specialty.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_trainingprogramme_starts_id", "trainingprogramme", ["starts_on", "id"], unique=False
    )
    op.create_index(
        op.f("ix_trainingprogramme_region"), "trainingprogramme", ["region"], unique=False
    )
    op.create_table(
        "trainingenrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["nmoactivity.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["programme_id"], ["trainingprogramme.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_trainingenrolment_queue",
        "trainingenrolment",
        ["programme_id", "status", "id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_trainingenrolment_user_id"), "trainingenrolment", ["user_id"], unique=False
    )
    op.create_index(
        "uq_trainingenrolment_live",
        "trainingenrolment",
        ["programme_id", "user_id"],
        unique=True,
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )
    with op.batch_alter_table("nmoactivity", schema=None) as batch_op:
        batch_op.alter_column("document_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("request_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM nmoactivity WHERE request_id IS NULL OR document_id IS NULL")
    with op.batch_alter_table("nmoactivity", schema=None) as batch_op:
        batch_op.alter_column("request_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("document_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index(
        "uq_trainingenrolment_live",
        table_name="trainingenrolment",
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )
    op.drop_index(op.f("ix_trainingenrolment_user_id"), table_name="trainingenrolment")
    op.drop_index("ix_trainingenrolment_queue", table_name="trainingenrolment")
    op.drop_table("trainingenrolment")
    op.drop_index(op.f("ix_trainingprogramme_region"), table_name="trainingprogramme")
    op.drop_index("ix_trainingprogramme_starts_id", table_name="trainingprogramme")
    op.drop_table("trainingprogramme")
