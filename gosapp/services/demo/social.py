"""The social-protection demo (issue 17): a mother on child-care leave with a connected СЗН
cabinet, a year of payments in every status (перечислена with operation numbers, назначена,
в обработке, one отказ with its reason and what to fix) and allowance applications in every
status, including a half-filled draft. Idempotent: a citizen already connected is left alone.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.social import Payment, PaymentStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import DEMO_ACCOUNTS
from gosapp.services.requests import workflow
from gosapp.services.social import allowance, applications, cabinet

ACTOR = Actor(ip="127.0.0.1", user_agent="gosapp seed-demo")
LOGIN = "family@demo.gosapp.ru"
CHILD = {"child_name": "Белов Тимофей Игоревич", "child_birth_date": "12.09.2025"}
BANK = {"bik": "044525225", "account": "40817810700000000001"}
REFUSAL = (
    "В заявлении указан счёт, закрытый в банке.",
    "Подайте новое заявление с действующим счётом или обратитесь в банк.",
)
APPLICATIONS = (  # (kind, months ago it starts, months, the staff steps after submission)
    ("child_care", 0, 6, ("claim", "approve")),  # after the seeded year: no month twice
    ("unified", 1, 12, ("claim",)),
    ("unified", 0, 12, ()),
    ("sick_leave", 2, 1, ("claim", "ask_info")),
    ("unemployment", 5, 3, ("claim", "reject")),
    ("sick_leave", 4, 1, ("withdraw",)),
)


def _month_start(today: date, months_back: int) -> date:
    index = today.year * 12 + today.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def seed_szn(*, session: Session, now: datetime | None = None) -> int:
    """Connect the family citizen and create their payments and applications; 0 when done."""
    now = now or utcnow()
    user = session.exec(select(User).where(User.email == LOGIN)).first()
    if user is None or cabinet.connection(session, user) is not None:
        return 0
    cabinet.connect(
        session=session,
        user=user,
        agreed=True,
        consent_version=cabinet.CONSENT_VERSION,
        actor=ACTOR,
        now=now,
    )
    created = seed_payments(session, user, local_date(now))
    return created + _applications(session, user, now)


def seed_payments(session: Session, user: User, today: date) -> int:
    """Twelve months of the child-care allowance: paid, then assigned, processing, refused."""
    kind = allowance.KIND_BY_CODE["child_care"]
    for back in range(12, 0, -1):
        start = _month_start(today, back)
        end = _month_start(today, back - 1) - timedelta(days=1)
        amount, rows = allowance.calculate(kind, start, end)
        paid = back > 2
        status = PaymentStatus.PAID if paid else PaymentStatus.ASSIGNED
        if back == 7:
            status = PaymentStatus.REFUSED
        if back == 1:
            status = PaymentStatus.PROCESSING
        pay_on = date(end.year, end.month, 1) + timedelta(days=end.day + 14)
        session.add(
            Payment(
                user_id=user.id,
                kind=kind.code,
                period_from=start,
                period_to=end,
                amount=amount,
                status=status,
                pay_on=pay_on,
                paid_on=pay_on if status == PaymentStatus.PAID else None,
                operation_number=f"ОП-{start:%Y%m}-{user.id:05d}"
                if status == PaymentStatus.PAID
                else "",
                refusal_reason=REFUSAL[0] if status == PaymentStatus.REFUSED else "",
                refusal_fix=REFUSAL[1] if status == PaymentStatus.REFUSED else "",
                calculation=json.dumps(rows, ensure_ascii=False),
            )
        )
    session.flush()
    return 12


def _applications(session: Session, user: User, now: datetime) -> int:
    """One application per status; the last is a half-filled draft (the autosave's)."""
    registrar = _registrar(session)
    today = local_date(now)
    for kind, back, months, steps in APPLICATIONS:
        start = _month_start(today, back)
        end = _month_start(today, back - months) - timedelta(days=1)
        data = {
            "kind": kind,
            "period_from": f"{start:%d.%m.%Y}",
            "period_to": f"{end:%d.%m.%Y}",
            **BANK,
            **(CHILD if kind != "sick_leave" and kind != "unemployment" else {}),
        }
        request = applications.start(session=session, user=user, data=data, actor=ACTOR, now=now)
        applications.submit(
            session=session, user=user, request_id=request.id, data=data, actor=ACTOR, now=now
        )
        for action in steps:
            text = {
                "ask_info": "Приложите листок нетрудоспособности.",
                "reject": "Нет справки о постановке на учёт в центре занятости.",
            }
            workflow.transition(
                session=session,
                request_id=request.id,
                action=action,
                user=user if action == "withdraw" else registrar,
                actor=ACTOR,
                text=text.get(action, ""),
                now=now,
            )
    half = {
        "kind": "unified",
        "period_from": f"{_month_start(today, -1):%d.%m.%Y}",
        "bik": BANK["bik"],
        "child_name": CHILD["child_name"],
    }
    applications.start(session=session, user=user, data=half, actor=ACTOR, now=now)
    return len(APPLICATIONS) + 1


def _registrar(session: Session) -> User:
    account = next(a for a in DEMO_ACCOUNTS if a.role == Role.REGISTRAR)
    return session.exec(select(User).where(User.email == account.login)).one()
