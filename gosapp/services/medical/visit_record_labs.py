"""Lab orders and results at a visit (SPEC §3): the doctor orders a panel of tests, and enters
a value measured at the visit through ``lab_results.build_result`` (range, flag, LOINC, UCUM),
marked as theirs (``entered_by_id``) and the visit's; the patient is notified. The same rule as
every visit-record write: only the visit's own doctor (``visit_record.writable_visit``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.labs import LabResult
from gosapp.models.record import LabOrder, LabOrderStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.medical import analytes
from gosapp.services.medical.lab_results import build_result
from gosapp.services.medical.visit_record import NOT_FOUND, audit, writable_visit
from gosapp.services.notifications.inbox import notify

LABORATORY = "Результат внесён врачом на приёме"


def order_lab(
    *, session: Session, doctor: User, appointment_id: object, panel_code: str, actor: Actor
) -> LabOrder:
    """Order a panel of tests at the visit."""
    if panel_code not in {p.code for p in analytes.panels()}:
        raise Invalid("lab_panel", "Выберите исследование из списка")
    visit = writable_visit(session, doctor, appointment_id, actor)
    row = LabOrder(
        patient_id=visit.patient_id,
        doctor_id=doctor.id,
        appointment_id=visit.id,
        panel_code=panel_code,
    )
    session.add(row)
    session.flush()
    audit(session, actor, "lab_order", visit, f"lab_order:{row.id}")
    return row


def enter_result(
    *,
    session: Session,
    doctor: User,
    appointment_id: object,
    analyte_code: str,
    value: object,
    actor: Actor,
    now: datetime | None = None,
) -> LabResult:
    """A result the doctor measured at the visit (a catalogue analyte and its value): stored
    through ``build_result`` with the doctor and the visit, the order of its panel done, and
    the patient notified."""
    try:
        item = analytes.analyte(str(analyte_code))
    except NotFound:
        raise Invalid("result_analyte", "Выберите показатель из списка") from None
    number = _number(value)
    visit = writable_visit(session, doctor, appointment_id, actor, now)
    patient = session.get(User, visit.patient_id)
    if patient is None:
        raise NotFound(NOT_FOUND)
    row = build_result(
        patient,
        item.code,
        number,
        now or utcnow(),
        entered_by_id=doctor.id,
        appointment_id=visit.id,
        laboratory=LABORATORY,
    )
    session.add(row)
    session.execute(
        update(LabOrder)
        .where(
            col(LabOrder.patient_id) == visit.patient_id,
            col(LabOrder.appointment_id) == visit.id,
            col(LabOrder.panel_code) == item.panel,
            col(LabOrder.status) == LabOrderStatus.ORDERED,
        )
        .values(status=LabOrderStatus.DONE, done_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    notify(
        session=session,
        user=patient,
        title="Новые результаты анализов",
        body=f"Врач внёс результат: {item.name}.",
        link=routes.LABS,
    )
    audit(session, actor, "result", visit, f"result:{row.id}")
    return row


def _number(value: object) -> float:
    text = str(value or "").strip().replace(",", ".").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        raise Invalid("result_value", "Введите число, например 5,4") from None
    if number != number or abs(number) == float("inf"):
        raise Invalid("result_value", "Введите число, например 5,4")
    return number
