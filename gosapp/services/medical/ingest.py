"""Storing a laboratory's batch of results (``POST /api/v1/lab-results``): all or nothing.

Every item is checked before anything is written — the analyte (catalogue code or LOINC), the
unit (exactly the catalogue's UCUM unit), the time (with an offset, not in the future beyond a
small clock skew, not before the patient's birth), the patient (SNILS and date of birth must
both match one person; which of the two failed is never said) — and one error lists every bad
item. Only then are rows written, in the caller's transaction.

Idempotent by the laboratory's result id: the same id with the same content is a ``duplicate``
(nothing changes); with a changed value, time, status or comment the row is ``updated`` (a
preliminary value replaced by the final one, or a laboratory's correction) and its range and
flag recomputed. An id is bound to its patient and analyte, and a final result never goes back
to preliminary: those are refused. Each accepted batch writes one audit event (counts, no
values) and tells each patient whose results changed once, in the app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.labs import Laboratory, LabResult, LabStatus
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.validation import normalize_snils
from gosapp.services.medical import analytes
from gosapp.services.medical.ingest_parse import Parsed, invalid
from gosapp.services.medical.ingest_schema import (
    IngestReport,
    ItemError,
    ItemOutcome,
    LabResultIn,
    Outcome,
)
from gosapp.services.medical.lab_results import build_result
from gosapp.services.notifications.inbox import notify
from gosapp.services.scheduling.catalog import plural

CLOCK_SKEW = timedelta(minutes=5)
OLDEST = datetime(1900, 1, 1, tzinfo=UTC)
NOTICE_TITLE = "Готовы результаты анализов"
UNKNOWN_PATIENT = "Пациент не найден: проверьте СНИЛС и дату рождения"
UPDATABLE = ("taken_at", "value", "ref_low", "ref_high", "flag", "status", "comment")
CHUNK = 500  # ids per IN (…) query


@dataclass
class _Item:
    """One posted result once checked: where it was, what it is, whose it is."""

    index: int
    data: LabResultIn
    named: Callable[[str], str]  # a field's name in the request's format
    analyte: analytes.Analyte | None = None
    snils: str = ""


def ingest(
    *,
    session: Session,
    laboratory: Laboratory,
    parsed: Parsed,
    actor: Actor,
    now: datetime | None = None,
) -> IngestReport:
    """Check and store one batch; ``ingest_parse.Rejected`` (422) when any item is bad.

    ``parsed.errors`` are those of items that were not well-formed: then nothing is stored, but
    the well-formed ones are still checked, so every problem is reported at once.
    """
    now = now or utcnow()
    errors, named = list(parsed.errors), parsed.field_path
    items = [_checked(_Item(index, data, named), now, errors) for index, data in parsed.results]
    _no_repeats(items, errors)
    patients = _patients(session, items, errors)
    existing = _existing(session, laboratory, [i.data.id for i in items])
    outcomes = [_outcome(i, patients, existing, errors) for i in items]
    if errors:
        raise invalid(sorted(errors, key=lambda e: (e.index or 0, e.field)))
    changed: Counter[int] = Counter()
    for item, outcome in zip(items, outcomes, strict=True):
        if outcome is not Outcome.DUPLICATE:
            patient = patients[item.snils]
            _write(session, laboratory, item, patient, existing.get(item.data.id))
            changed[patient.id] += 1
    session.flush()
    report = _report(items, outcomes)
    _audit(session, actor, laboratory, report, len(changed))
    _notify(session, laboratory, patients, changed)
    return report


def _checked(item: _Item, now: datetime, errors: list[ItemError]) -> _Item:
    """The item with its analyte and SNILS resolved; its problems added to ``errors``."""
    data, fail = item.data, _failer(item, errors)
    try:
        item.analyte = analytes.analyte(data.analyte) if data.analyte is not None else None
    except NotFound:
        fail("analyte", "unknown_analyte", "Нет такого показателя в каталоге")
    if data.loinc is not None:
        by_loinc = analytes.by_loinc(data.loinc)
        if by_loinc is None:
            fail("loinc", "unknown_loinc", "Нет показателя с таким кодом LOINC в каталоге")
        elif item.analyte is not None and by_loinc != item.analyte:
            fail("loinc", "analyte_mismatch", "Код LOINC не соответствует analyte")
        elif data.analyte is None:
            item.analyte = by_loinc
    if item.analyte is not None and data.unit != item.analyte.ucum:
        fail("unit", "unit_mismatch", f"Ожидается единица UCUM «{item.analyte.ucum}»")
    if data.taken_at > now + CLOCK_SKEW:
        fail("taken_at", "future", "Время взятия пробы в будущем")
    elif data.taken_at < OLDEST or data.taken_at.date() < data.patient.birth_date:
        fail("taken_at", "too_early", "Время взятия пробы раньше даты рождения")
    if data.patient.birth_date > now.date() or data.patient.birth_date < date(1900, 1, 1):
        fail("patient.birth_date", "bad_date", "Неверная дата рождения")
    try:
        item.snils = normalize_snils(data.patient.snils)
    except Invalid as exc:
        fail("patient.snils", "bad_snils", exc.message)
    return item


def _failer(item: _Item, errors: list[ItemError]):
    def fail(field: str, code: str, message: str) -> None:
        errors.append(
            ItemError(index=item.index, field=item.named(field), code=code, message=message)
        )

    return fail


def _no_repeats(items: list[_Item], errors: list[ItemError]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.data.id in seen:
            _failer(item, errors)("id", "repeated_id", "Этот id уже есть в запросе")
        seen.add(item.data.id)


def _patients(session: Session, items: list[_Item], errors: list[ItemError]) -> dict[str, User]:
    """The patients by SNILS whose birth date matches; an error for every other item."""
    wanted = sorted({i.snils for i in items if i.snils})
    found: dict[str, User] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for user in session.exec(select(User).where(col(User.snils).in_(chunk))):
            found[user.snils or ""] = user
    for item in items:
        user = found.get(item.snils) if item.snils else None
        if item.snils and (user is None or user.birth_date != item.data.patient.birth_date):
            _failer(item, errors)("patient", "unknown_patient", UNKNOWN_PATIENT)
    return found


def _existing(session: Session, laboratory: Laboratory, ids: list[str]) -> dict[str, LabResult]:
    rows: dict[str, LabResult] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        statement = select(LabResult).where(
            col(LabResult.laboratory_id) == laboratory.id,
            col(LabResult.external_id).in_(unique[start : start + CHUNK]),
        )
        rows.update((r.external_id or "", r) for r in session.exec(statement))
    return rows


def _outcome(
    item: _Item, patients: dict[str, User], existing: dict[str, LabResult], errors: list[ItemError]
) -> Outcome:
    row, data = existing.get(item.data.id), item.data
    if row is None or item.analyte is None or item.snils not in patients:
        return Outcome.CREATED
    fail = _failer(item, errors)
    if row.patient_id != patients[item.snils].id or row.analyte_code != item.analyte.code:
        fail("id", "id_conflict", "Этот id уже принят для другого пациента или показателя")
    elif row.status == LabStatus.FINAL and data.status.value == LabStatus.PRELIMINARY:
        fail("status", "final_exists", "Окончательный результат нельзя заменить предварительным")
    elif (row.value, row.taken_at, str(row.status), row.comment) == (
        data.value,
        data.taken_at,
        data.status.value,
        data.comment,
    ):
        return Outcome.DUPLICATE
    return Outcome.UPDATED


def _write(
    session: Session, lab: Laboratory, item: _Item, patient: User, row: LabResult | None
) -> None:
    assert item.analyte is not None
    data = item.data
    fresh = build_result(
        patient,
        item.analyte.code,
        data.value,
        data.taken_at,
        laboratory=lab.name,
        status=LabStatus(data.status.value),
        comment=data.comment,
        laboratory_id=lab.id,
        external_id=data.id,
    )
    if row is None:
        session.add(fresh)
        return
    for name in (*UPDATABLE, "laboratory", "search_text"):
        setattr(row, name, getattr(fresh, name))
    session.add(row)


def _report(items: list[_Item], outcomes: list[Outcome]) -> IngestReport:
    counts = Counter(outcomes)
    everything_known = counts[Outcome.DUPLICATE] == len(outcomes)
    return IngestReport(
        status="duplicate" if everything_known else "accepted",
        created=counts[Outcome.CREATED],
        updated=counts[Outcome.UPDATED],
        duplicate=counts[Outcome.DUPLICATE],
        results=[
            ItemOutcome(id=i.data.id, outcome=o) for i, o in zip(items, outcomes, strict=True)
        ],
    )


def _audit(
    session: Session, actor: Actor, lab: Laboratory, report: IngestReport, patients: int
) -> None:
    details = (
        f"created={report.created} updated={report.updated} "
        f"duplicate={report.duplicate} patients={patients}"
    )
    record(
        session=session,
        actor=actor,
        action="lab_results.ingest",
        object_type="laboratory",
        object_id=lab.id,
        details=details,
    )


def _notify(
    session: Session, lab: Laboratory, patients: dict[str, User], changed: Counter[int]
) -> None:
    for patient in patients.values():
        count = changed.get(patient.id, 0)
        if count:
            noun = plural(count, "показатель", "показателя", "показателей")
            body = f"{lab.name}: {count} {noun}. Откройте раздел «Анализы»."
            notify(session=session, user=patient, title=NOTICE_TITLE, body=body, link=routes.LABS)
