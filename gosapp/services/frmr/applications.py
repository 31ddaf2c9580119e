"""The register application as its applicant follows it: status, the registrar's question
or reason for refusal, and the saved form to correct (see ``register`` for the rules)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.requests import EventKind, Request, RequestEvent, RequestStatus
from gosapp.services.frmr.category_validity import FIELD as UNTIL
from gosapp.services.frmr.category_validity import shown
from gosapp.services.frmr.register import EDITABLE, TEXT_FIELDS, current_application
from gosapp.services.requests import workflow

S = RequestStatus


@dataclass(frozen=True)
class ApplicationView:
    """The user's application as the apply page and the cabinet show it."""

    id: str
    number: str
    status: str
    status_label: str
    deadline: str
    reason: str  # why it was rejected ("" otherwise)
    question: str  # what the registrar asked, while an answer is awaited ("" otherwise)
    editable: bool


def application_view(session: Session, user: User) -> ApplicationView | None:
    """The current application (see ``current_application``) for its applicant, or None."""
    request = current_application(session, user)
    if request is None:
        return None
    status = RequestStatus(request.status)
    said = _last_status_text(session, request) if status in (S.REJECTED, S.NEEDS_INFO) else ""
    return ApplicationView(
        id=str(request.id),
        number=request.number,
        status=status.value,
        status_label=workflow.STATUS_LABELS[status],
        deadline=workflow.deadline_label(request),
        reason=said if status == S.REJECTED else "",
        question=said if status == S.NEEDS_INFO else "",
        editable=status in EDITABLE,
    )


def _last_status_text(session: Session, request: Request) -> str:
    """What staff wrote when moving the request to its current status."""
    text = session.exec(
        select(RequestEvent.text)
        .where(
            RequestEvent.request_id == request.id,
            RequestEvent.kind == EventKind.STATUS,
            RequestEvent.to_status == request.status,
        )
        .order_by(col(RequestEvent.id).desc())
    ).first()
    return text or ""


def form_values(request: Request | None) -> dict[str, str]:
    """The saved form of a draft or rejected application, to fill the fields again."""
    payload = workflow.payload_of(request) if request is not None else {}
    values = {key: str(payload.get(key, "") or "") for key in TEXT_FIELDS}
    return {**values, UNTIL: shown(values[UNTIL])}
