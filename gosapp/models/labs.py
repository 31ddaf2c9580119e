"""Lab results (SPEC §2.2): one row per analyte result, the laboratories that post them, shares
with doctors and share links, and the log of who viewed a patient's data.

Every query of ``LabResult`` starts from ``patient_id``: the indexes below all lead with it, so
filtering, sorting and keyset paging of one patient's results stay fast with millions of rows in
the table (``services.medical.lab_query``). ``analyte_name`` and ``search_text`` are copied from
the catalogue when a row is written, so sorting by name and free-text search need no join and no
SQL ``lower()`` (SQLite's does not fold Cyrillic).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class LabFlag(StrEnum):
    """Where a value lies against its reference range."""

    HIGH = "H"  # ↑ выше нормы
    LOW = "L"  # ↓ ниже нормы
    NORMAL = "N"  # норма


# The condition «out of range» exactly as queries write it, so that the partial indexes below
# serve them (a bound parameter instead of the literal would not match an index's condition).
ABNORMAL_SQL = "flag != 'N'"


class LabStatus(StrEnum):
    """A laboratory may post a preliminary value and replace it with the final one."""

    PRELIMINARY = "preliminary"
    FINAL = "final"


class Laboratory(SQLModel, table=True):
    """A laboratory that posts results through ``/api/v1/lab-results`` with its API key.

    Only the key's hash is kept; ``key_prefix`` lets people tell keys apart in lists.
    """

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    name: str = Field(max_length=160, unique=True)
    key_prefix: str = Field(default="", max_length=12)
    key_hash: str = Field(default="", max_length=128, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class LabResult(SQLModel, table=True):
    """One analyte's value for one patient, from a laboratory or entered by a doctor."""

    __table_args__ = (
        Index("ix_labresult_patient_taken", "patient_id", "taken_at", "id"),
        Index("ix_labresult_patient_analyte", "patient_id", "analyte_code", "taken_at", "id"),
        Index("ix_labresult_patient_panel", "patient_id", "panel_code", "taken_at", "id"),
        Index("ix_labresult_patient_name", "patient_id", "analyte_name", "taken_at", "id"),
        Index("ix_labresult_patient_value", "patient_id", "value", "id"),
        # Sorting by value within a panel or an analyte, and «только отклонения» (a few % of
        # the rows: partial indexes), without sorting thousands of rows on each filter event.
        Index("ix_labresult_patient_panel_value", "patient_id", "panel_code", "value", "id"),
        Index("ix_labresult_patient_analyte_value", "patient_id", "analyte_code", "value", "id"),
        Index(
            "ix_labresult_patient_abnormal_taken",
            "patient_id",
            "taken_at",
            "id",
            sqlite_where=text(ABNORMAL_SQL),
            postgresql_where=text(ABNORMAL_SQL),
        ),
        Index(
            "ix_labresult_patient_abnormal_value",
            "patient_id",
            "value",
            "id",
            sqlite_where=text(ABNORMAL_SQL),
            postgresql_where=text(ABNORMAL_SQL),
        ),
        # Idempotent ingestion: a laboratory's own result id is stored once (NULLs never clash).
        UniqueConstraint("laboratory_id", "external_id", name="uq_labresult_lab_external"),
    )

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    analyte_code: str = Field(max_length=16)  # the catalogue's code (gosapp/data/analytes.json)
    analyte_name: str = Field(max_length=120)
    panel_code: str = Field(max_length=16)
    loinc: str = Field(max_length=16)
    taken_at: datetime  # UTC
    value: float
    units: str = Field(max_length=24)  # UCUM
    ref_low: float | None = None
    ref_high: float | None = None
    flag: LabFlag = Field(default=LabFlag.NORMAL, sa_type=String(1))
    status: LabStatus = Field(default=LabStatus.FINAL, sa_type=String(12))
    laboratory: str = Field(default="", max_length=160)  # the name shown to the patient
    laboratory_id: int | None = Field(default=None, foreign_key="laboratory.id")
    external_id: str | None = Field(default=None, max_length=64)
    method: str = Field(default="", max_length=120)
    equipment: str = Field(default="", max_length=120)
    comment: str = Field(default="", max_length=500)
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")  # a doctor
    appointment_id: int | None = Field(default=None, foreign_key="appointment.id")
    search_text: str = Field(default="", max_length=600)  # casefolded name, panel, lab, comment
    created_at: datetime = Field(default_factory=utcnow)


class ShareKind(StrEnum):
    """With a doctor of the portal, or by a one-time link for someone outside it."""

    DOCTOR = "doctor"
    LINK = "link"


class LabShare(SQLModel, table=True):
    """Chosen results shared until ``expires_at``; revocable. A link share is opened once, with
    the patient's date of birth, and only its token's hash is kept."""

    __table_args__ = (Index("ix_labshare_doctor_patient", "doctor_id", "patient_id"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: ShareKind = Field(default=ShareKind.DOCTOR, sa_type=String(8))
    doctor_id: int | None = Field(default=None, foreign_key="user.id")
    token_hash: str | None = Field(default=None, max_length=128, unique=True)
    title: str = Field(default="", max_length=200)  # «Общий анализ крови от 12.03.2026»
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    used_at: datetime | None = None  # a link share: opened (it works once)
    failed_attempts: int = 0  # a link share: wrong dates of birth


class LabShareItem(SQLModel, table=True):
    """One result inside a share: the doctor sees exactly these."""

    share_id: int = Field(foreign_key="labshare.id", primary_key=True, ondelete="CASCADE")
    result_id: int = Field(foreign_key="labresult.id", primary_key=True, ondelete="CASCADE")


class DataAccess(SQLModel, table=True):
    """Someone other than the patient saw the patient's data (SPEC §2.2 «кто смотрел мои
    данные»). Written with the audit event in the same transaction; listed for the patient."""

    __table_args__ = (Index("ix_dataaccess_patient_at", "patient_id", "at"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    viewer_id: int | None = Field(default=None, foreign_key="user.id")  # None: a share link
    viewer_role: str = Field(default="", max_length=20)
    what: str = Field(max_length=40)  # labs, lab_result, record, export, …
    object_id: str = Field(default="", max_length=64)
    share_id: int | None = Field(default=None, foreign_key="labshare.id")
    at: datetime = Field(default_factory=utcnow)
