"""Sharing lab results with a doctor of the portal (SPEC §2.2): what is shared, until when,
revoking, and what the doctor sees.

A share holds exactly the results chosen when it was made (``LabShareItem``): individual results
(each checked to be the patient's own) or a whole panel over a period, expanded into its rows
at creation, so results added later are not shared by accident. It lasts until the end of the
chosen day (at most a year; 30 days unless chosen) and a revocation takes effect at once: the
doctor's side reads only live shares (``access.active_share_ids``). The doctor's look at a share
goes through ``access.patient_access`` and ``access.record_view``, so the patient sees it in
«кто смотрел мои данные» (``sharing_received``). Link shares (someone outside the portal) are
in ``share_links``; the doctor picker in ``sharing_doctors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.labs import LabFlag, LabResult, LabShare, LabShareItem, ShareKind
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.display import display_time, full_name, local_midnight_utc
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.medical import lab_query
from gosapp.services.medical.analytes import analyte, panel_name
from gosapp.services.medical.lab_query import LabFilter, LabRow, LabScope
from gosapp.services.medical.sharing_doctors import chosen_doctor
from gosapp.settings import get_settings

DEFAULT_DAYS = 30
MAX_DAYS = 366  # «до даты» at most a year ahead
MAX_ITEMS = 2000
SHARE_NOT_FOUND = "Доступ не найден"
LIVE, EXPIRED, REVOKED, USED = "действует", "истёк", "отозван", "использована"
FLAG_LABELS = {LabFlag.HIGH: "↑ выше нормы", LabFlag.LOW: "↓ ниже нормы", LabFlag.NORMAL: "норма"}


@dataclass(frozen=True)
class Selection:
    """What the patient chose: ``result_ids``, or a ``panel`` over ``date_from``–``date_to``."""

    result_ids: tuple[object, ...] = ()
    panel: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class ShareRow:
    """One of the patient's shares as their list shows it (display strings)."""

    id: str
    kind: str
    title: str
    recipient: str  # the doctor's name, or «по ссылке»
    created: str
    until: str
    status: str
    count: str
    live: bool


@dataclass
class ResultLine:
    """One shared result as a read-only table shows it (display strings)."""

    id: str
    taken: str
    panel: str
    name: str
    value: str
    units: str
    ref: str
    flag: str  # H, L or N (for the colour)
    flag_label: str


@dataclass
class ResultGroup:
    """The patient's results of one day and panel, for picking individual ones."""

    key: str
    label: str  # «12.03.2026 · Общий анализ крови»
    results: list[ResultLine]


RECENT_LIMIT = 100


def recent_groups(session: Session, patient: User, limit: int = RECENT_LIMIT) -> list[ResultGroup]:
    """The patient's latest ``limit`` results grouped by day and panel, newest first."""
    page = lab_query.search(session, LabScope(patient.id), LabFilter(), limit=limit)
    groups: dict[str, ResultGroup] = {}
    for row in page.rows:
        line = result_line(row)
        key = f"{line.taken}|{row.panel_code}"
        if key not in groups:
            groups[key] = ResultGroup(key, f"{line.taken} · {line.panel}", [])
        groups[key].results.append(line)
    return list(groups.values())


def today() -> date:
    """Today in the portal's time zone."""
    return utcnow().astimezone(get_settings().tz).date()


def status_of(share: LabShare, now: datetime) -> str:
    """«действует», «истёк», «отозван» or (a link opened) «использована»."""
    if share.revoked_at is not None:
        return REVOKED
    if share.used_at is not None:
        return USED
    return LIVE if aware(share.expires_at) > now else EXPIRED


def until_label(share: LabShare) -> str:
    """A doctor's share runs to the end of a day: «01.01.2027»; a link to a moment:
    «05.12.2026 15:23»."""
    if share.kind == ShareKind.LINK:
        return display_time(share.expires_at)
    return display_time(aware(share.expires_at) - timedelta(seconds=1))[:10]


def aware(moment: datetime) -> datetime:
    """A stored time as aware UTC (SQLite hands them back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def result_line(row: LabResult | LabRow) -> ResultLine:
    """A result's display strings: value with the catalogue's precision, Russian units."""
    item = analyte(row.analyte_code)
    ref = " – ".join(item.format(v) for v in (row.ref_low, row.ref_high) if v is not None)
    return ResultLine(
        id=str(row.id),
        taken=display_time(row.taken_at)[:10],
        panel=panel_name(row.panel_code),
        name=row.analyte_name,
        value=item.format(row.value),
        units=item.unit,
        ref=ref,
        flag=str(row.flag),
        flag_label=FLAG_LABELS.get(LabFlag(row.flag), ""),
    )


def expiry(expires_on: date | None, day: date) -> datetime:
    """The end of ``expires_on`` (default: 30 days ahead) as UTC; Invalid outside a year."""
    chosen = expires_on or day + timedelta(DEFAULT_DAYS)
    if chosen < day:
        raise Invalid("expires_on", "Дата окончания доступа уже прошла")
    if chosen > day + timedelta(MAX_DAYS):
        raise Invalid("expires_on", "Доступ можно открыть не больше чем на год")
    return local_midnight_utc(chosen + timedelta(1))


def selected_results(
    session: Session, patient: User, chosen: Selection, actor: Actor, limit: int = MAX_ITEMS
) -> list[LabResult]:
    """The patient's own results the selection names; NotFound (audited) for any other id."""
    if chosen.panel:
        flt = LabFilter(panel=chosen.panel, date_from=chosen.date_from, date_to=chosen.date_to)
        rows = list(islice(lab_query.iter_all(session, LabScope(patient.id), flt), limit + 1))
        if not rows:
            raise Invalid("results", "За выбранный период результатов этой панели нет")
    else:
        ids = {parse_id(i, "Результат не найден") for i in chosen.result_ids}
        if not ids:
            raise Invalid("results", "Выберите хотя бы один результат")
        rows = list(
            session.exec(
                select(LabResult)
                .where(col(LabResult.id).in_(ids), col(LabResult.patient_id) == patient.id)
                .order_by(col(LabResult.taken_at).desc(), col(LabResult.id).desc())
            ).all()
        )
        if len(rows) != len(ids):
            access_denied(session=session, actor=actor, object_type="lab_result", object_id="")
            raise NotFound("Результат не найден")
    if len(rows) > limit:
        raise Invalid("results", f"Не больше {limit} результатов за раз — сократите период")
    return rows


def title_for(chosen: Selection, rows: list[LabResult]) -> str:
    """«Общий анализ крови за 01.01.2026–31.03.2026» or «Результаты анализов (3) от …»."""
    days = sorted({display_time(r.taken_at)[:10] for r in rows})
    when = days[0] if len(days) == 1 else f"{days[0]}–{days[-1]}"
    if chosen.panel:
        return f"{panel_name(chosen.panel)} за {when}"[:200]
    return f"Результаты анализов ({len(rows)}) {'от' if len(days) == 1 else 'за'} {when}"[:200]


def add_share(session: Session, share: LabShare, rows: list[LabResult]) -> LabShare:
    """Store the share and exactly ``rows`` in it."""
    session.add(share)
    session.flush()
    session.add_all(LabShareItem(share_id=share.id, result_id=r.id) for r in rows)
    session.flush()
    return share


def create_share(
    session: Session,
    patient: User,
    actor: Actor,
    *,
    doctor_id: object,
    chosen: Selection,
    expires_on: date | None = None,
) -> LabShare:
    """Share the chosen results with a doctor until the end of ``expires_on`` (audited)."""
    doctor = chosen_doctor(session, patient, doctor_id)
    until = expiry(expires_on, today())
    rows = selected_results(session, patient, chosen, actor)
    share = LabShare(
        patient_id=patient.id,
        kind=ShareKind.DOCTOR,
        doctor_id=doctor.id,
        title=title_for(chosen, rows),
        expires_at=until,
    )
    add_share(session, share, rows)
    record(
        session=session,
        actor=actor,
        action="lab_share.create",
        object_type="lab_share",
        object_id=share.id,
        details=f"doctor {doctor.id}, {len(rows)} results",
    )
    return share


def my_shares(session: Session, patient: User, limit: int = 100) -> list[ShareRow]:
    """The patient's shares, newest first, with their status."""
    now = utcnow()
    counts = (
        select(LabShareItem.share_id, func.count().label("n"))
        .group_by(col(LabShareItem.share_id))
        .subquery()
    )
    rows = session.exec(
        select(LabShare, User, counts.c.n)
        .join(User, col(User.id) == LabShare.doctor_id, isouter=True)
        .join(counts, counts.c.share_id == LabShare.id, isouter=True)
        .where(col(LabShare.patient_id) == patient.id)
        .order_by(col(LabShare.created_at).desc(), col(LabShare.id).desc())
        .limit(limit)
    ).all()
    return [
        ShareRow(
            id=str(share.id),
            kind=str(share.kind),
            title=share.title,
            recipient=full_name(doctor) if doctor else "по ссылке",
            created=display_time(share.created_at),
            until=until_label(share),
            status=status_of(share, now),
            count=str(n or 0),
            live=status_of(share, now) == LIVE,
        )
        for share, doctor, n in rows
    ]


def revoke(session: Session, patient: User, share_id: object, actor: Actor) -> bool:
    """Revoke one of the patient's shares at once; False when it was already revoked.
    NotFound (audited) for a share that is not theirs."""
    wanted = parse_id(share_id, SHARE_NOT_FOUND)
    share = session.get(LabShare, wanted)
    if share is None or share.patient_id != patient.id:
        access_denied(session=session, actor=actor, object_type="lab_share", object_id=wanted)
        raise NotFound(SHARE_NOT_FOUND)
    done = session.execute(
        update(LabShare)
        .where(col(LabShare.id) == wanted, col(LabShare.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    changed = bool(done.rowcount)  # type: ignore[attr-defined]
    if changed:
        record(
            session=session,
            actor=actor,
            action="lab_share.revoke",
            object_type="lab_share",
            object_id=wanted,
        )
    session.expire(share)
    return changed
