"""The НМО page's data: the doctor's own activities with their check status, the progress
for the year and the cycle, the chart rows and the forecast — plain display values.

Every query starts from ``NmoActivity.owner_id == user.id`` after ``require_doctor``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User
from gosapp.models.career import NmoActivity
from gosapp.models.requests import Document
from gosapp.services.frmr import education_review as review
from gosapp.services.frmr import education_rules as rules
from gosapp.services.frmr.education import settings_of
from gosapp.services.frmr.portfolio import require_doctor
from gosapp.services.frmr.portfolio_review import STATUS_LABELS, decisions

AWAITING = "awaiting"  # no certificate yet (a finished training programme)
STATUS_LABELS_ALL = {**STATUS_LABELS, AWAITING: "ожидает сертификат"}


@dataclass
class ActivityRow:
    """One activity as the page lists it."""

    id: str
    name: str
    provider: str
    kind: str
    dates: str
    hours: int
    points: int
    status: str
    status_label: str
    reason: str
    file_name: str
    file_href: str


@dataclass
class Dashboard:
    """Everything the page shows; ``set_up`` is False until the accreditation date is set."""

    set_up: bool = False
    accredited_on: str = ""
    goal: int = rules.YEAR_POINTS
    cycle_label: str = ""
    cycle_points: int = 0
    cycle_percent: int = 0
    cycle_pending: int = 0
    cycle_note: str = ""
    year: int = 0
    year_points: int = 0
    year_percent: int = 0
    year_pending: int = 0
    forecast: str = ""
    behind: bool = False
    chart: list[dict] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)


def _rows(session: Session, user: User) -> tuple[list[ActivityRow], list[rules.Entry]]:
    found = session.exec(
        select(NmoActivity)
        .where(NmoActivity.owner_id == user.id)
        .order_by(col(NmoActivity.finished_on).desc(), col(NmoActivity.id).desc())
    ).all()
    status = decisions(session, [a.request_id for a in found if a.request_id is not None])
    files = {
        d.id: d.original_name
        for d in session.exec(
            select(Document).where(
                col(Document.id).in_([a.document_id for a in found if a.document_id])
            )
        )
    }
    rows, entries = [], []
    for a in found:
        if a.request_id is None:  # a finished programme awaiting its certificate: no points
            rows.append(_row(a, AWAITING, STATUS_LABELS_ALL[AWAITING], "", ""))
            continue
        decision = status[a.request_id]
        file_name = files.get(a.document_id, "") if a.document_id else ""
        rows.append(_row(a, decision.status, STATUS_LABELS_ALL[decision.status], file_name))
        rows[-1].reason = decision.reason
        if decision.status in ("approved", "pending"):
            entries.append(rules.Entry(a.finished_on, a.points, decision.status == "approved"))
    return rows, entries


def _row(a: NmoActivity, status: str, label: str, file_name: str, reason: str = ""):
    return ActivityRow(
        id=str(a.id),
        name=a.name,
        provider=a.provider,
        kind=review.KINDS.get(a.kind, a.kind),
        dates=f"{a.started_on:%d.%m.%Y} – {a.finished_on:%d.%m.%Y}",
        hours=a.hours,
        points=a.points,
        status=status,
        status_label=label,
        reason=reason,
        file_name=file_name,
        file_href=routes.document(a.document_id) if a.document_id else "",
    )


def _percent(part: int, whole: int) -> int:
    return min(100, part * 100 // whole) if whole else 0


def dashboard(*, session: Session, user: User, today: date) -> Dashboard:
    """The doctor's own НМО page for ``today``."""
    require_doctor(session, user)
    rows, entries = _rows(session, user)
    settings = settings_of(session, user)
    goal = (settings.yearly_goal if settings else None) or rules.YEAR_POINTS
    board = Dashboard(goal=goal, activities=rows, year=today.year)
    accredited = settings.accredited_on if settings else None
    since = accredited.year if accredited else None
    board.chart = [{**r, "goal": goal} for r in rules.per_year(entries, today, since)]
    year_points = sum(e.points for e in entries if e.verified and e.finished_on.year == today.year)
    board.year_points, board.year_percent = year_points, _percent(year_points, goal)
    board.year_pending = sum(
        e.points for e in entries if not e.verified and e.finished_on.year == today.year
    )
    if accredited is None:
        return board
    p = rules.progress(entries, accredited, today, goal)
    board.set_up, board.accredited_on = True, f"{accredited:%d.%m.%Y}"
    board.cycle_label = f"{p.cycle.start:%d.%m.%Y} – {p.cycle.end:%d.%m.%Y}"
    board.cycle_points, board.cycle_pending = p.cycle_points, p.cycle_pending
    board.cycle_percent = _percent(p.cycle_points, rules.CYCLE_POINTS)
    if p.cycle_surplus:
        board.cycle_note = (
            f"Сверх нормы: {p.cycle_surplus} — излишек не переносится в следующий цикл."
        )
    board.forecast, board.behind = p.forecast.text(), bool(p.forecast.missing)
    return board
