"""The doctor records a visit (SPEC §3): complaint and conclusion, МКБ-10 diagnoses,
recommendations, lab orders and results, then marks the visit «состоялся».

Only the doctor of the visit writes, and only while the visit is this doctor's (its resource is
theirs), booked or held (scheduled or completed) and at most ``MARK_WINDOW`` old. Anyone else
learns nothing (NotFound, audited as a denied access). Every write is audited. Functions flush
but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.record import (
    Diagnosis,
    DiagnosisStatus,
    Recommendation,
    RecommendationKind,
    VisitNote,
)
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.medical import icd10
from gosapp.services.scheduling import workplace

A = AppointmentStatus
NOT_FOUND = "Приём не найден или записан не к вам"
WRITABLE = (A.SCHEDULED, A.COMPLETED)
MAX_COMPLAINT, MAX_CONCLUSION, MAX_TEXT, MAX_COMMENT = 1000, 2000, 500, 500


def utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time (SQLite gives naive ones back)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def writable_visit(
    session: Session,
    doctor: User,
    appointment_id: object,
    actor: Actor,
    now: datetime | None = None,
) -> Appointment:
    """The visit when ``doctor`` may write its record now, else NotFound (audited)."""
    now = utc(now or utcnow())
    workplace.require_doctor(session, doctor)
    wanted = parse_id(appointment_id, NOT_FOUND)
    visit = session.get(Appointment, wanted)
    resource = session.get(Resource, visit.resource_id) if visit else None
    if (
        visit is None
        or resource is None
        or resource.user_id != doctor.id
        or visit.status not in WRITABLE
        or now - utc(visit.starts_at) > workplace.MARK_WINDOW
    ):
        access_denied(session=session, actor=actor, object_type="appointment", object_id=wanted)
        raise NotFound(NOT_FOUND)
    return visit


def audit(session: Session, actor: Actor, action: str, visit: Appointment, what: object) -> None:
    """Audit a write to the visit's record (no medical values in the log)."""
    record(
        session=session,
        actor=actor,
        action=f"visit_record.{action}",
        object_type="appointment",
        object_id=visit.number or visit.id,
        details=f"patient:{visit.patient_id} {what}",
    )


def note_of(session: Session, visit: Appointment, doctor: User) -> VisitNote:
    """The visit's note, created empty on the first write."""
    note = session.exec(select(VisitNote).where(VisitNote.appointment_id == visit.id)).first()
    if note is None:
        note = VisitNote(
            appointment_id=visit.id,
            patient_id=visit.patient_id,
            doctor_id=doctor.id,
            complaint=visit.complaint,
        )
        session.add(note)
        session.flush()
    return note


def save_note(
    *,
    session: Session,
    doctor: User,
    appointment_id: object,
    complaint: str,
    conclusion: str,
    actor: Actor,
) -> VisitNote:
    """Write the complaint and the conclusion of the visit."""
    complaint, conclusion = (complaint or "").strip(), (conclusion or "").strip()
    if len(complaint) > MAX_COMPLAINT:
        raise Invalid("complaint", f"Не более {MAX_COMPLAINT} символов")
    if len(conclusion) > MAX_CONCLUSION:
        raise Invalid("conclusion", f"Не более {MAX_CONCLUSION} символов")
    visit = writable_visit(session, doctor, appointment_id, actor)
    note = note_of(session, visit, doctor)
    note.complaint, note.conclusion, note.updated_at = complaint, conclusion, utcnow()
    session.add(note)
    session.flush()
    audit(session, actor, "note", visit, f"note:{note.id}")
    return note


def add_diagnosis(
    *,
    session: Session,
    doctor: User,
    appointment_id: object,
    icd_code: str,
    comment: str = "",
    chronic: bool = False,
    actor: Actor,
    today: date | None = None,
) -> Diagnosis:
    """Add an МКБ-10 diagnosis (a code of the subset) to the visit's note."""
    item = icd10.lookup(icd_code)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise Invalid("diagnosis_comment", f"Не более {MAX_COMMENT} символов")
    visit = writable_visit(session, doctor, appointment_id, actor)
    note = note_of(session, visit, doctor)
    row = Diagnosis(
        patient_id=visit.patient_id,
        icd_code=item.code,
        icd_name=item.name,
        diagnosed_on=today or workplace.today(session, doctor),
        doctor_id=doctor.id,
        doctor_name=full_name(doctor),
        visit_note_id=note.id,
        comment=comment,
        chronic=bool(chronic),
    )
    session.add(row)
    session.flush()
    audit(session, actor, "diagnosis", visit, f"diagnosis:{row.id}")
    return row


def add_recommendation(
    *,
    session: Session,
    doctor: User,
    appointment_id: object,
    kind: str,
    text: str,
    due_on: date | None,
    diagnosis_id: object = None,
    actor: Actor,
) -> Recommendation:
    """A recommendation (course, repeat examination, prevention) with an optional due date,
    tied to one of the patient's diagnoses when given."""
    text = (text or "").strip()
    if kind not in set(RecommendationKind):
        raise Invalid("recommendation_kind", "Выберите вид рекомендации")
    if not text:
        raise Invalid("recommendation_text", "Опишите рекомендацию")
    if len(text) > MAX_TEXT:
        raise Invalid("recommendation_text", f"Не более {MAX_TEXT} символов")
    visit = writable_visit(session, doctor, appointment_id, actor)
    if due_on is not None and due_on < workplace.today(session, doctor):
        raise Invalid("recommendation_due", "Срок не может быть в прошлом")
    note = note_of(session, visit, doctor)
    row = Recommendation(
        patient_id=visit.patient_id,
        diagnosis_id=_patients_diagnosis(session, visit.patient_id, diagnosis_id),
        kind=RecommendationKind(kind),
        text=text,
        due_on=due_on,
        doctor_id=doctor.id,
        doctor_name=full_name(doctor),
        visit_note_id=note.id,
    )
    session.add(row)
    session.flush()
    audit(session, actor, "recommendation", visit, f"recommendation:{row.id}")
    return row


def _patients_diagnosis(session: Session, patient_id: int, diagnosis_id: object) -> int | None:
    if diagnosis_id in (None, "", 0, "0"):
        return None
    found = session.exec(
        select(Diagnosis.id).where(
            col(Diagnosis.patient_id) == patient_id,
            col(Diagnosis.id) == parse_id(diagnosis_id, "Диагноз не найден"),
        )
    ).first()
    if found is None:
        raise Invalid("recommendation_diagnosis", "Диагноз не найден")
    return found


def resolve_diagnosis(
    *,
    session: Session,
    doctor: User,
    appointment_id: object,
    diagnosis_id: object,
    actor: Actor,
    today: date | None = None,
) -> bool:
    """Close one of the patient's active diagnoses («излечён») at the visit; False when it was
    already closed. A diagnosis of another patient is NotFound."""
    visit = writable_visit(session, doctor, appointment_id, actor)
    wanted = parse_id(diagnosis_id, "Диагноз не найден")
    mine = session.exec(
        select(Diagnosis.id).where(
            col(Diagnosis.patient_id) == visit.patient_id, col(Diagnosis.id) == wanted
        )
    ).first()
    if mine is None:
        raise NotFound("Диагноз не найден")
    changed = session.execute(
        update(Diagnosis)
        .where(
            col(Diagnosis.patient_id) == visit.patient_id,
            col(Diagnosis.id) == wanted,
            col(Diagnosis.status) == DiagnosisStatus.ACTIVE,
        )
        .values(
            status=DiagnosisStatus.RESOLVED,
            resolved_on=today or workplace.today(session, doctor),
        )
        .execution_options(synchronize_session=False)
    )
    done = changed.rowcount == 1  # type: ignore[attr-defined]
    if done:
        audit(session, actor, "diagnosis_resolved", visit, f"diagnosis:{wanted}")
    return done


def complete(*, session: Session, doctor: User, appointment_id: object, actor: Actor) -> None:
    """Mark the visit «состоялся» through the workplace's rule (once; a second mark says so)."""
    writable_visit(session, doctor, appointment_id, actor)
    workplace.mark(
        session=session,
        doctor=doctor,
        appointment_id=appointment_id,
        outcome="completed",
        actor=actor,
    )
