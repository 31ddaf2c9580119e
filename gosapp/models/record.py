"""The health record (SPEC §2.3, §3): visit notes, diagnoses (МКБ-10), recommendations with
due-date reminders, vaccinations, allergies and lab orders.

Every query of these tables starts from ``patient_id``, and every index used by the record
leads with it. A diagnosis and a recommendation keep the doctor's name as text, so the record
reads the same after the doctor leaves. Only the reminder job looks across patients, by
(status, due date).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class DiagnosisStatus(StrEnum):
    """A diagnosis is current until the doctor closes it."""

    ACTIVE = "active"
    RESOLVED = "resolved"


class RecommendationKind(StrEnum):
    """Курс лечения, повторное обследование, профилактика."""

    TREATMENT = "treatment"
    EXAMINATION = "examination"
    PREVENTION = "prevention"


class RecommendationStatus(StrEnum):
    """Предстоит → выполнено (the patient or the doctor marks it)."""

    PENDING = "pending"
    DONE = "done"


class LabOrderStatus(StrEnum):
    """Ordered by the doctor; done once the results are in."""

    ORDERED = "ordered"
    DONE = "done"


class VisitNote(SQLModel, table=True):
    """What the doctor wrote at one visit: the complaint and the conclusion."""

    __table_args__ = (Index("ix_visitnote_patient_created", "patient_id", "created_at"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    appointment_id: int = Field(foreign_key="appointment.id", unique=True, ondelete="CASCADE")
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    doctor_id: int | None = Field(default=None, foreign_key="user.id")
    complaint: str = Field(default="", max_length=1000)
    conclusion: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Diagnosis(SQLModel, table=True):
    """An МКБ-10 diagnosis with its date, doctor, status and whether it is chronic."""

    __table_args__ = (Index("ix_diagnosis_patient_on", "patient_id", "diagnosed_on", "id"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    icd_code: str = Field(max_length=8)
    icd_name: str = Field(max_length=200)
    diagnosed_on: date
    doctor_id: int | None = Field(default=None, foreign_key="user.id")
    doctor_name: str = Field(default="", max_length=160)
    visit_note_id: int | None = Field(default=None, foreign_key="visitnote.id")
    comment: str = Field(default="", max_length=500)
    status: DiagnosisStatus = Field(default=DiagnosisStatus.ACTIVE, sa_type=String(10))
    chronic: bool = False
    resolved_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Recommendation(SQLModel, table=True):
    """A course of treatment, a repeat examination or prevention, with a due date.

    ``reminded_before_at`` and ``reminded_due_at`` are the reminder job's claims (3 days before
    and on the day), each set once by a conditional UPDATE.
    """

    __table_args__ = (
        Index("ix_recommendation_patient_due", "patient_id", "due_on", "id"),
        Index("ix_recommendation_status_due", "status", "due_on"),
    )

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    diagnosis_id: int | None = Field(default=None, foreign_key="diagnosis.id")
    kind: RecommendationKind = Field(default=RecommendationKind.TREATMENT, sa_type=String(12))
    text: str = Field(max_length=500)
    due_on: date | None = None
    status: RecommendationStatus = Field(default=RecommendationStatus.PENDING, sa_type=String(10))
    done_at: datetime | None = None
    doctor_id: int | None = Field(default=None, foreign_key="user.id")
    doctor_name: str = Field(default="", max_length=160)
    visit_note_id: int | None = Field(default=None, foreign_key="visitnote.id")
    reminded_before_at: datetime | None = None
    reminded_due_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Vaccination(SQLModel, table=True):
    """A vaccination: what, when, which dose, where."""

    __table_args__ = (Index("ix_vaccination_patient_on", "patient_id", "vaccinated_on"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    name: str = Field(max_length=160)  # «Грипп (Совигрипп)»
    vaccinated_on: date
    dose: str = Field(default="", max_length=40)  # «V1», «RV», «1 доза»
    batch: str = Field(default="", max_length=40)
    place: str = Field(default="", max_length=160)
    created_at: datetime = Field(default_factory=utcnow)


class Allergy(SQLModel, table=True):
    """An allergy or intolerance with its reaction."""

    __table_args__ = (Index("ix_allergy_patient", "patient_id", "id"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    substance: str = Field(max_length=160)
    reaction: str = Field(default="", max_length=200)
    severity: str = Field(default="", max_length=20)  # лёгкая, средняя, тяжёлая
    noted_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class LabOrder(SQLModel, table=True):
    """A panel of tests the doctor ordered at a visit."""

    __table_args__ = (Index("ix_laborder_patient_created", "patient_id", "created_at"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    doctor_id: int | None = Field(default=None, foreign_key="user.id")
    appointment_id: int | None = Field(default=None, foreign_key="appointment.id")
    panel_code: str = Field(max_length=16)
    status: LabOrderStatus = Field(default=LabOrderStatus.ORDERED, sa_type=String(8))
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None


__all__ = [
    "Allergy",
    "Diagnosis",
    "DiagnosisStatus",
    "LabOrder",
    "LabOrderStatus",
    "Recommendation",
    "RecommendationKind",
    "RecommendationStatus",
    "Vaccination",
    "VisitNote",
]
