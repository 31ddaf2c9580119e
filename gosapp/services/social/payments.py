"""The citizen's payments (выплаты, issue 17 item 2): the filtered list, one payment's
calculation, and the CSV and PDF statement of the chosen period.

Every read is ``Payment.user_id == user.id`` after ``require_connected``; someone else's
payment id looks exactly like a missing one (and the attempt is audited).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.social import Payment, PaymentStatus
from gosapp.services.common import audit
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.money import rubles
from gosapp.services.common.validation import parse_date, parse_id
from gosapp.services.social.allowance import KIND_LABELS
from gosapp.services.social.cabinet import require_connected

STATUS_LABELS = {
    PaymentStatus.PROCESSING: "В обработке",
    PaymentStatus.ASSIGNED: "Назначена",
    PaymentStatus.PAID: "Перечислена",
    PaymentStatus.REFUSED: "Отказ",
}
NOT_FOUND = "Выплата не найдена"
DATE_FORMAT = "%d.%m.%Y"
LIST_CAP = 500


def _day(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


@dataclass(frozen=True)
class PaymentFilter:
    """The list's filters, as the page's query string carries them."""

    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    status: str = ""


def parse_filter(query: dict[str, str] | object) -> PaymentFilter:
    """Filters from the query (``from``, ``to`` as ДД.ММ.ГГГГ, ``kind``, ``status``); unknown
    kinds and statuses are ignored, bad dates are Invalid."""
    get = getattr(query, "get", lambda *_: "")
    text = {name: str(get(name, "") or "").strip() for name in ("from", "to", "kind", "status")}
    start = parse_date(text["from"], "from") if text["from"] else None
    end = parse_date(text["to"], "to") if text["to"] else None
    if start and end and end < start:
        raise Invalid("to", "Дата окончания раньше даты начала")
    return PaymentFilter(
        date_from=start,
        date_to=end,
        kind=text["kind"] if text["kind"] in KIND_LABELS else "",
        status=text["status"] if text["status"] in {s.value for s in PaymentStatus} else "",
    )


@dataclass(frozen=True)
class PaymentRow:
    """One line of the list, every value already text for the page."""

    id: str
    kind: str
    period: str
    amount: str
    status: str
    status_code: str
    operation: str
    paid_on: str
    pay_on: str
    refusal_reason: str = ""
    refusal_fix: str = ""
    calculation: list[dict[str, str]] = field(default_factory=list)


def row_of(payment: Payment) -> PaymentRow:
    """One payment as text for the page."""
    return PaymentRow(
        id=str(payment.id),
        kind=KIND_LABELS.get(payment.kind, payment.kind),
        period=f"{_day(payment.period_from)} – {_day(payment.period_to)}",
        amount=rubles(payment.amount),
        status=STATUS_LABELS[PaymentStatus(payment.status)],
        status_code=str(payment.status),
        operation=payment.operation_number,
        paid_on=_day(payment.paid_on),
        pay_on=_day(payment.pay_on),
        refusal_reason=payment.refusal_reason,
        refusal_fix=payment.refusal_fix,
    )


def _query(user: User, filters: PaymentFilter):
    query = select(Payment).where(Payment.user_id == user.id)
    if filters.date_from:
        query = query.where(Payment.period_to >= filters.date_from)
    if filters.date_to:
        query = query.where(Payment.period_from <= filters.date_to)
    if filters.kind:
        query = query.where(Payment.kind == filters.kind)
    if filters.status:
        query = query.where(Payment.status == filters.status)
    return query.order_by(col(Payment.period_from).desc(), col(Payment.id).desc()).limit(LIST_CAP)


def payments(*, session: Session, user: User, filters: PaymentFilter) -> list[PaymentRow]:
    """The user's payments matching ``filters``, newest period first."""
    require_connected(session, user)
    return [row_of(p) for p in session.exec(_query(user, filters))]


def own_payment(session: Session, user: User, payment_id: object) -> Payment:
    """The user's own payment; anyone else's is NotFound (audited)."""
    require_connected(session, user)
    number = parse_id(payment_id, NOT_FOUND)
    payment = session.get(Payment, number)
    if payment is None or payment.user_id != user.id:
        audit.access_denied(
            session=session, actor=Actor(user.id), object_type="payment", object_id=number
        )
        raise NotFound(NOT_FOUND)
    return payment


def calculation(*, session: Session, user: User, payment_id: object) -> PaymentRow:
    """One payment with its calculation rows (label, amount) for «Подробнее»."""
    payment = own_payment(session, user, payment_id)
    rows = [
        {
            "kind": str(r.get("kind", "")),
            "label": str(r.get("label", "")),
            "value": rubles(int(r.get("value", 0))),
        }
        for r in json.loads(payment.calculation or "[]")
    ]
    rows.append({"kind": "total", "label": "Итого к выплате", "value": rubles(payment.amount)})
    row = row_of(payment)
    return PaymentRow(**{**row.__dict__, "calculation": rows})
