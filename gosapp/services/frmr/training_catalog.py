"""The training catalogue and «Мои обучения» as display rows (issue 16 item 4).

The filters are URL query parameters (``PARAMS``, like ``medical.lab_params`` for /labs): a
link, a reload and the back button show the same programmes. The catalogue lists programmes
not yet started, earliest first, in keyset pages over ``(starts_on, id)`` (the index
``ix_trainingprogramme_starts_id``), so no page costs an OFFSET. Rows are plain dicts of what
the page shows; the signed-in doctor's own status is joined in for the page's programmes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.training import EnrolmentStatus, TrainingEnrolment, TrainingKind
from gosapp.models.training import TrainingProgramme as Programme
from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.frmr.training import ended, require_medical_worker

PARAMS = ("kind", "region", "from", "q", "free")  # the automation contract of the URL
PAGE_SIZE = 8
MAX_TEXT = 80
KINDS = {
    TrainingKind.COURSE.value: "Онлайн-курс",
    TrainingKind.WEBINAR.value: "Вебинар",
    TrainingKind.SEMINAR.value: "Семинар",
}
REGIONS = (
    "Москва",
    "Московская область",
    "Санкт-Петербург",
    "Новосибирская область",
    "Свердловская область",
    "Республика Татарстан",
    "Дистанционно",
)
STATUS_LABELS = {
    EnrolmentStatus.ENROLLED.value: "вы записаны",
    EnrolmentStatus.WAITING.value: "в листе ожидания",
    EnrolmentStatus.CANCELLED.value: "запись отменена",
    EnrolmentStatus.FINISHED.value: "обучение завершено",
}
Cursor = tuple[str, int]  # (starts_on ISO, id) of the last row shown


@dataclass(frozen=True)
class TrainingFilter:
    """What narrows the catalogue; the defaults show every programme not yet started."""

    kind: str = ""
    region: str = ""
    date_from: date | None = None
    text: str = ""
    free_only: bool = False


def to_filter(params: dict[str, str]) -> TrainingFilter:
    """The filter a query means; Invalid (naming the field) for a value that means nothing."""
    raw = {k: str(params.get(k, "") or "").strip() for k in PARAMS}
    if raw["kind"] and raw["kind"] not in KINDS:
        raise Invalid("kind", "Неизвестный вид обучения")
    if raw["region"] and raw["region"] not in REGIONS:
        raise Invalid("region", "Неизвестный регион")
    if len(raw["q"]) > MAX_TEXT:
        raise Invalid("q", f"Не более {MAX_TEXT} символов")
    day = parse_date(raw["from"], "from") if raw["from"] else None  # ISO or ДД.ММ.ГГГГ
    return TrainingFilter(
        kind=raw["kind"],
        region=raw["region"],
        date_from=day,
        text=raw["q"],
        free_only=raw["free"] in ("1", "true", "on", "yes"),
    )


def to_query(flt: TrainingFilter) -> str:
    """The query string of ``flt``: defaults left out, so the plain address is the default."""
    pairs = {
        "kind": flt.kind,
        "region": flt.region,
        "from": flt.date_from.isoformat() if flt.date_from else "",
        "q": flt.text,
        "free": "1" if flt.free_only else "",
    }
    return urlencode({k: v for k, v in pairs.items() if v})


def _conditions(flt: TrainingFilter, today: date) -> list:
    since = max(flt.date_from or today, today + date.resolution)  # not started yet
    found = [col(Programme.starts_on) >= since]
    if flt.kind:
        found.append(col(Programme.kind) == flt.kind)
    if flt.region:
        found.append(col(Programme.region) == flt.region)
    if flt.text:
        found.append(col(Programme.search_text).contains(flt.text.casefold()))
    if flt.free_only:
        found.append(col(Programme.seats_taken) < Programme.seats)
    return found


def search(
    session: Session, user: User, flt: TrainingFilter, today: date, after: Cursor | None = None
) -> tuple[list[dict[str, str]], Cursor | None]:
    """One page of the catalogue for the doctor and the cursor of the next page (or None)."""
    require_medical_worker(session, user)
    query = select(Programme).where(*_conditions(flt, today))
    if after is not None:
        day, last = date.fromisoformat(after[0]), after[1]
        query = query.where(
            or_(
                col(Programme.starts_on) > day,
                and_(col(Programme.starts_on) == day, col(Programme.id) > last),
            )
        )
    found = session.exec(
        query.order_by(col(Programme.starts_on), col(Programme.id)).limit(PAGE_SIZE + 1)
    ).all()
    page = list(found[:PAGE_SIZE])
    mine = _statuses(session, user, [p.id for p in page])
    rows = [programme_row(p, mine.get(p.id)) for p in page]
    cursor = (page[-1].starts_on.isoformat(), page[-1].id) if len(found) > PAGE_SIZE else None
    return rows, cursor


def _statuses(session: Session, user: User, ids: list[int]) -> dict[int, TrainingEnrolment]:
    if not ids:
        return {}
    rows = session.exec(
        select(TrainingEnrolment)
        .where(
            TrainingEnrolment.user_id == user.id,
            col(TrainingEnrolment.programme_id).in_(ids),
            col(TrainingEnrolment.status) != EnrolmentStatus.CANCELLED,
        )
        .order_by(col(TrainingEnrolment.id))
    ).all()
    return {r.programme_id: r for r in rows}


def _seats(p: Programme) -> str:
    left = max(0, p.seats - p.seats_taken)
    if left == 0:
        return "мест нет"
    return "осталось 1 место" if left == 1 else f"свободно мест: {left} из {p.seats}"


def programme_row(p: Programme, mine: TrainingEnrolment | None) -> dict[str, str]:
    """One programme as a card shows it (with the doctor's own status, if any)."""
    status = str(mine.status) if mine else ""
    return {
        "id": str(p.id),
        "title": p.title,
        "provider": p.provider,
        "kind": KINDS.get(str(p.kind), str(p.kind)),
        "dates": _dates(p),
        "hours": str(p.hours),
        "points": str(p.points),
        "region": p.region,
        "seats": _seats(p),
        "full": "1" if p.seats_taken >= p.seats else "",
        "status": status,
        "status_label": STATUS_LABELS.get(status, ""),
    }


def _dates(p: Programme) -> str:
    if p.starts_on == p.ends_on:
        return f"{p.starts_on:%d.%m.%Y}"
    return f"{p.starts_on:%d.%m.%Y} – {p.ends_on:%d.%m.%Y}"


def my_enrolments(session: Session, user: User, today: date) -> list[dict[str, str]]:
    """«Мои обучения»: the doctor's own enrolments, live ones first, newest programme first."""
    require_medical_worker(session, user)
    found = session.exec(
        select(TrainingEnrolment, Programme)
        .join(Programme, col(Programme.id) == TrainingEnrolment.programme_id)
        .where(TrainingEnrolment.user_id == user.id)
        .order_by(
            col(TrainingEnrolment.status) == EnrolmentStatus.CANCELLED,
            col(Programme.starts_on).desc(),
            col(TrainingEnrolment.id).desc(),
        )
        .limit(50)
    ).all()
    return [_mine_row(session, e, p, today) for e, p in found]


def _queue_place(session: Session, row: TrainingEnrolment) -> int:
    ahead = session.exec(
        select(func.count())
        .select_from(TrainingEnrolment)
        .where(
            TrainingEnrolment.programme_id == row.programme_id,
            TrainingEnrolment.status == EnrolmentStatus.WAITING,
            col(TrainingEnrolment.id) < row.id,
        )
    ).one()
    return int(ahead) + 1


def _mine_row(session: Session, e: TrainingEnrolment, p: Programme, today: date) -> dict:
    row = programme_row(p, e)
    status = e.status
    live = status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
    row |= {
        "enrolment": str(e.id),
        "can_cancel": "1" if live and p.starts_on > today else "",
        "can_finish": "1" if status == EnrolmentStatus.ENROLLED and ended(p, today) else "",
        "note": "",
    }
    if status == EnrolmentStatus.WAITING:
        row["note"] = f"Место в очереди: {_queue_place(session, e)}"
    elif status == EnrolmentStatus.FINISHED:
        row["note"] = "Загрузите сертификат в разделе НМО — баллы засчитаются после проверки"
    return row


def add_programme(session: Session, **values) -> Programme:
    """A programme of the catalogue (demo data, tests) with its search text filled in."""
    row = Programme(**values)
    row.search_text = f"{row.title} {row.provider}".casefold()[:420]
    session.add(row)
    session.flush()
    return row
