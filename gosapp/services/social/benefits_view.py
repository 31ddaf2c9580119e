"""The benefits list as the page shows it (SPEC §4): name, basis, validity, status and the
60/30/7-day expiry flags, plus whether «Продлить» is offered. Plain strings only: a row goes
to the page of its owner and nowhere else."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.requests import Request, RequestStatus
from gosapp.models.social_benefits import Benefit, BenefitStatus
from gosapp.services.social import benefits
from gosapp.services.social.benefits_expiry import due_threshold
from gosapp.services.social.benefits_review import KIND_LABELS

S = RequestStatus
ACTIVE, EXPIRING, EXPIRED, PENDING, REJECTED, WITHDRAWN = (
    "действует",
    "истекает",
    "истекла",
    "на проверке",
    "отклонена",
    "отозвана",
)


@dataclass(frozen=True)
class BenefitRow:
    """One benefit on the page (every value a display string)."""

    id: str
    name: str
    basis: str
    valid_from: str
    valid_to: str
    status: str
    tone: str  # green, amber, red, gray: the badge colour
    flag: str  # "60", "30", "7" or "": the narrowest expiry threshold reached
    flag_label: str
    request_number: str
    renewal: str  # "продление" for a renewal
    can_renew: str  # "1" when «Продлить» is offered


def rows(session: Session, user: User, today: date) -> list[dict[str, str]]:
    """The caller's benefits as page rows, newest first."""
    mine = benefits.mine(session, user)
    ids = [b.request_id for b in mine]
    requests = (
        {r.id: r for r in session.exec(select(Request).where(col(Request.id).in_(ids)))}
        if ids
        else {}
    )
    return [asdict(_row(session, b, requests[b.request_id], today)) for b in mine]


def _row(session: Session, b: Benefit, request: Request, today: date) -> BenefitRow:
    status, tone = _status(b, request, today)
    threshold = due_threshold(b.valid_to, today) if status in (ACTIVE, EXPIRING) else None
    left = (b.valid_to - today).days if b.valid_to else 0
    return BenefitRow(
        id=str(b.id),
        name=KIND_LABELS.get(b.kind, b.kind),
        basis=b.basis,
        valid_from=f"{b.valid_from:%d.%m.%Y}",
        valid_to=f"{b.valid_to:%d.%m.%Y}" if b.valid_to else "бессрочно",
        status=status,
        tone=tone,
        flag=str(threshold or ""),
        flag_label=f"истекает через {left} дн. (≤ {threshold})" if threshold else "",
        request_number=request.number,
        renewal="продление" if b.renewed_from_id else "",
        can_renew="1" if benefits.can_renew(session, b, today) else "",
    )


def _status(b: Benefit, request: Request, today: date) -> tuple[str, str]:
    if b.status == BenefitStatus.PENDING:
        if request.status in (S.REJECTED, S.COMPLETED):  # approval would have activated it
            return REJECTED, "red"
        if request.status == S.WITHDRAWN:
            return WITHDRAWN, "gray"
        return PENDING, "blue"
    if b.valid_to and b.valid_to < today:
        return EXPIRED, "gray"
    if due_threshold(b.valid_to, today) is not None:
        return EXPIRING, "amber"
    return ACTIVE, "green"
