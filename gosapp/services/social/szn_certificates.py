"""СЗН certificates (SPEC §4): «о размере выплат», «о праве на льготу», «о статусе
получателя» — request types of the «szn» cabinet issued through the certificates machinery
(``medical.certificates.issue``: number, PDF with the verification QR, the /verify page).

Their content comes only from data the portal holds, read at approval time:
- «о праве на льготу» lists the citizen's benefits in force;
- «о статусе получателя» says whether the citizen receives social support, by those benefits;
- «о размере выплат» reads ``payment_lines``, which says there are no payments on record until
  the payments model (another branch) replaces it with the real list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import AccountLevel, User
from gosapp.models.requests import Request
from gosapp.models.social import Payment, PaymentStatus
from gosapp.services.common import workdays
from gosapp.services.common.audit import Actor
from gosapp.services.common.money import rubles
from gosapp.services.medical.certificates import (
    CertificatePayload,
    Kind,
    certificate_links,
    issue,
)
from gosapp.services.requests.types import RequestType
from gosapp.services.social import benefits
from gosapp.services.social.allowance import KIND_LABELS as PAYMENT_KINDS
from gosapp.services.social.benefits_review import KIND_LABELS

ISSUER = "ГКУ «Центр социальной защиты населения»"
KINDS = (
    Kind("szn_cert_payments", "Справка о размере выплат", "", 30, "Справка о выплатах"),
    Kind("szn_cert_benefit_right", "Справка о праве на льготу", "", 30, "Справка о льготе"),
    Kind(
        "szn_cert_recipient",
        "Справка о статусе получателя мер социальной поддержки",
        "",
        30,
        "Справка о статусе получателя",
    ),
)
TYPE_CODES = [k.code for k in KINDS]


def payment_lines(session: Session, user: User, now: datetime) -> list[str]:
    """The payments part of «о размере выплат»: what was transferred in the last 12 months."""
    since = workdays.local_date(now).replace(day=1) - timedelta(days=365)
    paid = session.exec(
        select(Payment)
        .where(
            col(Payment.user_id) == user.id,
            col(Payment.status) == PaymentStatus.PAID,
            col(Payment.period_from) >= since,
        )
        .order_by(col(Payment.period_from))
    ).all()
    if not paid:
        return ["Перечисленных выплат за последние 12 месяцев нет."]
    lines = ["Перечислены выплаты за последние 12 месяцев:"]
    for p in paid:
        period = f"{p.period_from:%d.%m.%Y}–{p.period_to:%d.%m.%Y}"
        lines.append(f"— {PAYMENT_KINDS.get(p.kind, p.kind)} за {period}: {rubles(p.amount)}")
    lines.append(f"Итого: {rubles(sum(p.amount for p in paid))}")
    return lines


def benefit_lines(session: Session, user: User, now: datetime) -> list[str]:
    """The citizen's benefits in force today, one line each (or that there are none)."""
    found = benefits.active(session, user.id, workdays.local_date(now))
    if not found:
        return ["Действующих льгот по данным органа социальной защиты не имеет."]
    lines = ["Имеет право на следующие меры социальной поддержки:"]
    for b in found:
        until = f"по {b.valid_to:%d.%m.%Y}" if b.valid_to else "бессрочно"
        lines.append(
            f"— {KIND_LABELS.get(b.kind, b.kind)}: основание — {b.basis}; "
            f"с {b.valid_from:%d.%m.%Y} {until}."
        )
    return lines


def recipient_lines(session: Session, user: User, now: datetime) -> list[str]:
    """Recipient status by the benefits in force."""
    found = benefits.active(session, user.id, workdays.local_date(now))
    if not found:
        return ["Получателем мер социальной поддержки не является."]
    names = ", ".join(KIND_LABELS.get(b.kind, b.kind) for b in found)
    return [f"Является получателем мер социальной поддержки (категории: {names})."]


CONTENT: dict[str, Callable[[Session, User, datetime], list[str]]] = {
    "szn_cert_payments": payment_lines,
    "szn_cert_benefit_right": benefit_lines,
    "szn_cert_recipient": recipient_lines,
}


def _issue(kind: Kind):
    def approve(
        session: Session, request: Request, payload: CertificatePayload, actor: Actor, now: datetime
    ) -> str:
        holder = session.get_one(User, request.applicant_id)
        lines = [*CONTENT[kind.code](session, holder, now), f"Цель: {payload.purpose}."]
        certificate = issue(
            session=session,
            request=request,
            kind=kind,
            payload=payload,
            now=now,
            issuer=ISSUER,
            body_lines=lines,
        )
        return f"Выдана справка № {certificate.number}"

    return approve


TYPES = tuple(
    RequestType(
        code=kind.code,
        title=kind.title,
        cabinet="szn",
        payload=CertificatePayload,
        deadline_days=1,
        max_documents=5,
        on_approve=_issue(kind),
        summary=lambda p: p.purpose,
        page=routes.SZN_BENEFITS,
        card_extras=certificate_links,
        level=AccountLevel.STANDARD,
        short=kind.short,
        status_phrases={"approved": "готова"},
    )
    for kind in KINDS
)
