"""The doctor picker of a lab share: whom a patient may share results with.

A patient must not be able to list the portal's users, so the picker only ever answers with
users holding the doctor role, and only their name, specialty and clinic (never a contact):
the doctors the patient has (or had) visits with, and a search by name among doctors (at least
two letters, at most ``SEARCH_LIMIT`` answers).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User, UserRole
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.scheduling import Appointment, Resource
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import Invalid
from gosapp.services.medical.access import VISIT_STATUSES

SEARCH_LIMIT = 20
MIN_QUERY = 2
MAX_QUERY = 60
PICK_DOCTOR = "Выберите врача из списка"


@dataclass
class DoctorChoice:
    """A doctor as the picker shows them (display strings; ``id`` is the doctor's user id)."""

    id: str
    name: str
    details: str  # «Терапевт, Поликлиника № 1»


def is_doctor(session: Session, user_id: int) -> bool:
    """Whether the user holds the doctor role."""
    found = session.exec(
        select(UserRole.user_id).where(
            col(UserRole.user_id) == user_id, col(UserRole.role) == Role.DOCTOR
        )
    ).first()
    return found is not None


def _details(session: Session, doctor_ids: list[int]) -> dict[int, str]:
    """«Специальность, поликлиника» of each doctor's first active reception."""
    rows = session.exec(
        select(Resource.user_id, Specialty.name, Clinic.short_name)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .join(Specialty, col(Specialty.id) == Resource.specialty_id, isouter=True)
        .where(col(Resource.user_id).in_(doctor_ids), col(Resource.active).is_(True))
        .order_by(col(Resource.id))
    ).all()
    found: dict[int, str] = {}
    for user_id, specialty, clinic in rows:
        if user_id is not None and user_id not in found:
            found[user_id] = ", ".join(p for p in (specialty, clinic) if p)
    return found


def _choices(session: Session, users: list[User]) -> list[DoctorChoice]:
    details = _details(session, [u.id for u in users])
    return [DoctorChoice(str(u.id), full_name(u), details.get(u.id, "Врач")) for u in users]


def _doctors():
    return (
        select(User)
        .join(UserRole, col(UserRole.user_id) == User.id)
        .where(col(UserRole.role) == Role.DOCTOR)
    )


def my_doctors(session: Session, patient: User) -> list[DoctorChoice]:
    """Doctors the patient has (or had) a visit with, by name."""
    with_visits = (
        select(Resource.user_id)
        .join(Appointment, col(Appointment.resource_id) == Resource.id)
        .where(
            col(Appointment.patient_id) == patient.id,
            col(Appointment.status).in_(VISIT_STATUSES),
            col(Resource.user_id).is_not(None),
        )
    )
    users = session.exec(
        _doctors()
        .where(col(User.id).in_(with_visits), col(User.id) != patient.id)
        .order_by(col(User.last_name), col(User.first_name), col(User.id))
        .limit(SEARCH_LIMIT)
    ).all()
    return _choices(session, list(users))


def find_doctors(session: Session, patient: User, text: str) -> list[DoctorChoice]:
    """Doctors whose surname or first name starts with ``text``'s first word (and whose full
    name holds every other word); Invalid for fewer than two letters."""
    words = " ".join(str(text or "").split())[:MAX_QUERY].casefold().split()
    if not words or len(words[0]) < MIN_QUERY:
        raise Invalid("doctor_query", "Введите не меньше двух букв фамилии или имени врача")
    head = words[0].capitalize()  # names are stored capitalised (validation.normalize_person_name)
    users = session.exec(
        _doctors()
        .where(
            or_(col(User.last_name).startswith(head), col(User.first_name).startswith(head)),
            col(User.id) != patient.id,
        )
        .order_by(col(User.last_name), col(User.first_name), col(User.id))
        .limit(SEARCH_LIMIT * 5)
    ).all()
    fitting = [u for u in users if all(w in full_name(u).casefold() for w in words[1:])]
    return _choices(session, fitting[:SEARCH_LIMIT])


def chosen_doctor(session: Session, patient: User, doctor_id: object) -> User:
    """The doctor the patient picked, or Invalid (not a doctor, unknown, or the patient)."""
    try:
        wanted = int(str(doctor_id))
    except ValueError:
        raise Invalid("doctor", PICK_DOCTOR) from None
    doctor = session.get(User, wanted) if 0 < wanted < 2**31 else None
    if doctor is None or doctor.id == patient.id or not is_doctor(session, doctor.id):
        raise Invalid("doctor", PICK_DOCTOR)
    return doctor
