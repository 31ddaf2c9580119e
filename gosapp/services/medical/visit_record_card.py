"""The doctor's patient card (SPEC §3): opened only through ``access.patient_access`` (a visit
with this doctor → the whole record; an active share only → exactly the shared results, no
record), every opening logged with ``record_view`` for the patient to see; and the search of
the doctor's own patients (those with a visit with them) by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.labs import LabResult
from gosapp.models.record import LabOrder, VisitNote
from gosapp.models.scheduling import Appointment, Resource
from gosapp.services.common.audit import Actor, access_denied
from gosapp.services.common.display import display_time, full_name
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import age_on, parse_id
from gosapp.services.medical import analytes, icd10
from gosapp.services.medical.access import (
    NOT_FOUND,
    VISIT_STATUSES,
    PatientAccess,
    patient_access,
    record_view,
)
from gosapp.services.medical.lab_query import LabFilter, LabRow, search
from gosapp.services.medical.record import HealthRecord, load
from gosapp.services.medical.visit_record import WRITABLE, utc
from gosapp.services.scheduling import workplace

Row = dict[str, str]
LATEST_RESULTS = 20
MAX_PATIENTS = 20
TODAY_SPAN = timedelta(hours=12)  # «this visit»: started or starting within half a day


@dataclass
class Card:
    """What the card shows; ``visit_id`` is the visit the doctor may write now (0: none)."""

    patient_id: int
    name: str
    age: str
    via: str
    record: HealthRecord | None  # None for a share: no record
    results: list[Row] = field(default_factory=list)
    visit_id: int = 0
    visit_label: str = ""
    visit_status: str = ""
    complaint: str = ""
    conclusion: str = ""
    orders: list[Row] = field(default_factory=list)


def open_card(
    *,
    session: Session,
    doctor: User,
    patient_id: object,
    actor: Actor,
    visit_id: object = None,
    now: datetime | None = None,
    log: bool = True,
) -> Card:
    """The card of ``patient_id`` for ``doctor``, or NotFound (audited); the look is logged
    (``log=False`` only to redraw the card the doctor has open after their own write)."""
    workplace.require_doctor(session, doctor)
    access = patient_access(session, doctor, patient_id, actor, now)
    patient = session.get(User, access.patient_id)
    if patient is None:
        raise NotFound(NOT_FOUND)
    if log:
        record_view(session, access, actor, "record" if access.whole_record else "labs")
    today = workplace.today(session, doctor, now)
    card = Card(
        patient_id=patient.id,
        name=full_name(patient),
        age=workplace.years_label(age_on(patient.birth_date, today)),
        via=access.via,
        record=load(session, patient.id) if access.whole_record else None,
        results=latest_results(session, access),
    )
    if access.whole_record:
        _with_visit(session, doctor, card, visit_id, now or utcnow())
    return card


def latest_results(session: Session, access: PatientAccess) -> list[Row]:
    """The newest results the access covers (a share: only its rows)."""
    page = search(session, access.scope, LabFilter(), limit=LATEST_RESULTS)
    return [_result_row(r) for r in page.rows]


def _result_row(r: LabResult | LabRow) -> Row:
    item = analytes.analyte(r.analyte_code)
    ref = ""
    if r.ref_low is not None or r.ref_high is not None:
        low = item.format(r.ref_low) if r.ref_low is not None else ""
        high = item.format(r.ref_high) if r.ref_high is not None else ""
        ref = f"{low}–{high}"
    return {
        "name": r.analyte_name,
        "value": f"{item.format(r.value)} {item.unit}",
        "ref": ref,
        "flag": str(r.flag),
        "flag_label": {"H": "↑ выше нормы", "L": "↓ ниже нормы"}.get(str(r.flag), "норма"),
        "when": display_time(r.taken_at)[:10],
    }


def _with_visit(session: Session, doctor: User, card: Card, wanted: object, now: datetime):
    """Fill in the visit the doctor writes now: the one asked for, else today's."""
    visit = current_visit(session, doctor, card.patient_id, wanted, now)
    if visit is None:
        return
    note = session.exec(select(VisitNote).where(VisitNote.appointment_id == visit.id)).first()
    card.visit_id = visit.id
    card.visit_label = f"{visit.number or ''} {display_time(visit.starts_at)}".strip()
    card.visit_status = str(visit.status)
    card.complaint = note.complaint if note else visit.complaint
    card.conclusion = note.conclusion if note else ""
    orders = session.exec(
        select(LabOrder)
        .where(col(LabOrder.patient_id) == card.patient_id, LabOrder.appointment_id == visit.id)
        .order_by(col(LabOrder.id))
    ).all()
    card.orders = [
        {
            "panel": analytes.panel_name(o.panel_code),
            "status": "выполнено" if o.status == "done" else "назначено",
        }
        for o in orders
    ]


def current_visit(
    session: Session, doctor: User, patient_id: int, wanted: object, now: datetime
) -> Appointment | None:
    """The doctor's writable visit with the patient: ``wanted`` if it is one, else today's."""
    since = now - workplace.MARK_WINDOW
    rows = session.exec(
        select(Appointment)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .where(
            col(Appointment.patient_id) == patient_id,
            col(Resource.user_id) == doctor.id,
            col(Appointment.status).in_(WRITABLE),
            col(Appointment.starts_at) >= since,
            col(Appointment.starts_at) < now + timedelta(days=1),
        )
        .order_by(col(Appointment.starts_at).desc())
    ).all()
    chosen = next((v for v in rows if str(v.id) == str(wanted or "")), None)
    if chosen is not None:
        return chosen
    started = [v for v in rows if now - TODAY_SPAN <= utc(v.starts_at) <= now]
    ahead = [v for v in rows if now < utc(v.starts_at) <= now + TODAY_SPAN]
    return started[0] if started else (ahead[-1] if ahead else None)


def my_patients(session: Session, doctor: User, query: str) -> list[Row]:
    """The doctor's own patients (a visit with them) whose name has every word of ``query``."""
    workplace.require_doctor(session, doctor)
    words = icd10.fold(query or "").split()
    if not words:
        return []
    users = session.exec(
        select(User)
        .where(
            col(User.id).in_(
                select(Appointment.patient_id)
                .join(Resource, col(Resource.id) == Appointment.resource_id)
                .where(
                    col(Resource.user_id) == doctor.id,
                    col(Appointment.status).in_(VISIT_STATUSES),
                )
            )
        )
        .order_by(col(User.last_name), col(User.first_name), col(User.id))
        .limit(5000)
    ).all()
    hits = []
    for user in users:
        name = icd10.fold(full_name(user))
        if all(any(part.startswith(w) for part in name.split()) for w in words):
            hits.append({"id": str(user.id), "name": full_name(user), "born": _born(user)})
    return hits[:MAX_PATIENTS]


def _born(user: User) -> str:
    return f"{user.birth_date:%d.%m.%Y}" if user.birth_date else ""


def card_of_visit(session: Session, doctor: User, appointment_id: object, actor: Actor) -> str:
    """The card address for one of the doctor's own visits (the workplace's link), opened on
    that visit; anyone else's visit is NotFound (audited)."""
    workplace.require_doctor(session, doctor)
    wanted = parse_id(appointment_id, NOT_FOUND)
    visit = session.get(Appointment, wanted)
    resource = session.get(Resource, visit.resource_id) if visit else None
    if visit is None or resource is None or resource.user_id != doctor.id:
        access_denied(session=session, actor=actor, object_type="appointment", object_id=wanted)
        raise NotFound(NOT_FOUND)
    return f"{routes.patient_card(visit.patient_id)}?visit={visit.id}"
