"""The visits section of the health record: the patient's completed appointments with the
doctor's note (date, doctor, specialty, complaint, conclusion), newest first.

The query starts from ``Appointment.patient_id`` (index ``ix_appointment_patient_status``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from gosapp.models.record import Diagnosis, VisitNote
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource

Row = dict[str, str]


def visit_rows(
    session: Session,
    patient_id: int,
    date_from: date | None = None,
    date_to: date | None = None,
    note_ids: set[int] | None = None,
    limit: int = 200,
) -> list[Row]:
    """Completed visits of the patient in the (local) date range; with ``note_ids``, only the
    visits whose note is one of those (the diagnosis filter)."""
    query = (
        select(Appointment, VisitNote, Resource, Clinic)
        .join(VisitNote, col(VisitNote.appointment_id) == Appointment.id, isouter=True)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .where(
            col(Appointment.patient_id) == patient_id,
            col(Appointment.status) == AppointmentStatus.COMPLETED,
        )
        .order_by(col(Appointment.starts_at).desc(), col(Appointment.id).desc())
        .limit(limit)
    )
    if date_from:
        query = query.where(
            col(Appointment.starts_at)
            >= datetime.combine(date_from, time(0), tzinfo=UTC) - timedelta(days=1)
        )
    if date_to:
        query = query.where(
            col(Appointment.starts_at)
            < datetime.combine(date_to, time(0), tzinfo=UTC) + timedelta(days=2)
        )
    rows = []
    for visit, note, resource, clinic in session.exec(query).all():
        specialty = session.get(Specialty, resource.specialty_id) if resource.specialty_id else None
        if note_ids is not None and (note is None or note.id not in note_ids):
            continue
        local = _local(visit.starts_at, clinic.timezone)
        if (date_from and local.date() < date_from) or (date_to and local.date() > date_to):
            continue
        rows.append(
            {
                "id": str(visit.id),
                "date": f"{local:%d.%m.%Y}",
                "time": f"{local:%H:%M}",
                "doctor": resource.name,
                "specialty": specialty.name if specialty else "",
                "clinic": clinic.short_name or clinic.name,
                "complaint": (note.complaint if note else "") or visit.complaint,
                "conclusion": note.conclusion if note else "",
                "diagnoses": _note_diagnoses(session, patient_id, note),
            }
        )
    return rows


def _note_diagnoses(session: Session, patient_id: int, note: VisitNote | None) -> str:
    """«J06.9, I10»: the codes set at that visit."""
    if note is None:
        return ""
    codes = session.exec(
        select(Diagnosis.icd_code).where(
            col(Diagnosis.patient_id) == patient_id, col(Diagnosis.visit_note_id) == note.id
        )
    ).all()
    return ", ".join(codes)


def _local(moment: datetime, zone: str) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone))
