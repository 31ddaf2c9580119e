"""The citizen's dashboard (SPEC §2): requests waiting for the user's answer, the latest
requests with their status, and unread notifications. Sections of later features (the next
visit, new lab results, expiring benefits) join here as those features land — none is faked.

Everything is the signed-in user's own: every query starts from their id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.display import display_time
from gosapp.services.common.errors import NotFound
from gosapp.services.notifications.inbox import list_notifications, unread_count
from gosapp.services.requests import catalog, workflow
from gosapp.services.requests.history import type_title

RECENT = 5
UNREAD = 5


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard shows, as plain string dicts for page vars."""

    waiting: list[dict[str, str]] = field(default_factory=list)
    recent: list[dict[str, str]] = field(default_factory=list)
    unread: list[dict[str, str]] = field(default_factory=list)
    unread_total: int = 0


def dashboard(*, session: Session, user: User) -> Dashboard:
    """The user's dashboard: what needs an answer, the latest requests, unread notifications."""
    waiting = session.exec(
        select(Request)
        .where(Request.applicant_id == user.id, Request.status == RequestStatus.NEEDS_INFO)
        .order_by(col(Request.updated_at).desc(), col(Request.id).desc())
    ).all()
    recent = session.exec(
        select(Request)
        .where(Request.applicant_id == user.id)
        .order_by(col(Request.created_at).desc(), col(Request.id).desc())
        .limit(RECENT)
    ).all()
    notes = list_notifications(session=session, user_id=user.id, limit=UNREAD, unread_only=True)
    return Dashboard(
        waiting=[_row(r, _answer_link(r)) for r in waiting],
        recent=[_row(r, routes.history_open(r.number)) for r in recent],
        unread=[
            {
                "id": str(n.id),
                "title": n.title,
                "body": n.body,
                "created": display_time(n.created_at),
                "link": n.link or routes.NOTIFICATIONS,
            }
            for n in notes
        ],
        unread_total=unread_count(session=session, user_id=user.id),
    )


def _answer_link(request: Request) -> str:
    """Where the user answers: the type's own page with the request opened."""
    try:
        page = catalog.get(request.type_code).page
    except NotFound:  # a type no longer offered: its history entry still opens
        page = routes.HISTORY
    return routes.open_on(page, request.number)


def _row(request: Request, link: str) -> dict[str, str]:
    status = RequestStatus(request.status)
    return {
        "id": str(request.id),
        "number": request.number,
        "title": type_title(request.type_code),
        "summary": request.summary,
        "status": status.value,
        "status_label": workflow.STATUS_LABELS[status],
        "created": display_time(request.created_at),
        "deadline": workflow.deadline_label(request),
        "link": link,
    }
