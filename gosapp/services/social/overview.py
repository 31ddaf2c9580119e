"""What the СЗН cabinet's overview shows a connected citizen: the next payments, the
applications still in progress, and the payment dates ahead (a calendar as a list).

Benefits expiring soon belong to the benefits module (issue 17 item 3, another helper): the
page keeps a slot for them (``EXPIRING_BENEFITS_SLOT``) and this module returns none yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.social import Payment, PaymentStatus
from gosapp.services.requests.workflow import OPEN_STATUSES
from gosapp.services.social import applications, payments
from gosapp.services.social.cabinet import require_connected

UPCOMING = 3
CALENDAR = 6
EXPIRING_BENEFITS_SLOT = "szn-expiring-benefits"  # the element id the benefits module fills


@dataclass(frozen=True)
class Overview:
    """The overview's blocks, every value already text."""

    upcoming: list[payments.PaymentRow] = field(default_factory=list)
    in_progress: list[applications.ApplicationRow] = field(default_factory=list)
    dates: list[dict[str, str]] = field(default_factory=list)  # {"pay_on", "kind", "amount"}


def overview(*, session: Session, user: User, today: date) -> Overview:
    """The connected user's overview (NotAllowed before connecting)."""
    require_connected(session, user)
    ahead = session.exec(
        select(Payment)
        .where(
            Payment.user_id == user.id,
            col(Payment.status).in_([PaymentStatus.ASSIGNED, PaymentStatus.PROCESSING]),
            col(Payment.pay_on) >= today,
        )
        .order_by(col(Payment.pay_on), col(Payment.id))
        .limit(CALENDAR)
    ).all()
    rows = [payments.row_of(p) for p in ahead]
    open_codes = {str(s) for s in OPEN_STATUSES} | {"draft"}
    return Overview(
        upcoming=rows[:UPCOMING],
        in_progress=[
            a
            for a in applications.applications(session=session, user=user)
            if a.status_code in open_codes
        ],
        dates=[{"pay_on": r.pay_on, "kind": r.kind, "amount": r.amount} for r in rows],
    )
