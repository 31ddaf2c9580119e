"""Demo benefits (SPEC §4): the demo citizen has one benefit in force without end, one that
expires this month (so «Продлить» and the 30/7-day flags show), one on verification and one
rejected with a reason. Idempotent: a citizen who has any benefit is left alone."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.social_benefits import Benefit
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import DEMO_ACCOUNTS
from gosapp.services.documents import storage
from gosapp.services.requests import workflow
from gosapp.services.social import benefits

ACTOR = Actor(ip="127.0.0.1", user_agent="gosapp seed-demo")
CITIZEN = "patient@demo.gosapp.ru"
REJECTED = "Справка о доходах семьи за последние 3 месяца не приложена. Подайте заново."


def _month_end(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def _demos(today: date) -> list[tuple[dict, str]]:
    """(form, what the registrar does: approve, reject or nothing)."""
    ends = _month_end(today)
    return [
        (
            {
                "kind": "labour_veteran",
                "basis": "Удостоверение ветерана труда серия Т-IV № 512347 от 14.03.2019",
                "valid_from": "14.03.2019",
                "valid_to": "",
            },
            "approve",
        ),
        (
            {
                "kind": "large_family",
                "basis": "Удостоверение многодетной семьи № 77-0451236 от 01.09.2023",
                "valid_from": f"{ends.replace(year=ends.year - 1) + timedelta(days=1):%d.%m.%Y}",
                "valid_to": f"{ends:%d.%m.%Y}",
            },
            "approve",
        ),
        (
            {
                "kind": "low_income",
                "basis": "Решение УСЗН о признании семьи малоимущей № 118 от 02.02.2026",
                "valid_from": "02.02.2026",
                "valid_to": "01.02.2027",
            },
            "reject",
        ),
        (
            {
                "kind": "disability",
                "basis": "Справка МСЭ-2024 № 1847265, инвалидность III группы",
                "valid_from": f"{today - timedelta(days=3):%d.%m.%Y}",
                "valid_to": f"{today.replace(year=today.year + 1):%d.%m.%Y}",
            },
            "",
        ),
    ]


def seed_benefits(*, session: Session, now: datetime | None = None) -> int:
    """Give the demo citizen the demo benefits unless they have any; how many were created."""
    now = now or utcnow()
    citizen = _user(session, CITIZEN)
    if (
        citizen is None
        or session.exec(select(Benefit).where(Benefit.owner_id == citizen.id)).first()
    ):
        return 0
    registrar = _user(session, next(a.login for a in DEMO_ACCOUNTS if a.role == Role.REGISTRAR))
    created = 0
    for index, (form, decision) in enumerate(_demos(local_date(now))):
        at = now - timedelta(days=10 - index, hours=3)
        row = benefits.add_benefit(
            session=session,
            user=citizen,
            form=form,
            document_ids=[_scan(session, citizen, at)],
            actor=ACTOR,
            now=at,
        )
        if decision and registrar is not None:
            for step in ("claim", decision):
                workflow.transition(
                    session=session,
                    request_id=row.request_id,
                    action=step,
                    user=registrar,
                    actor=ACTOR,
                    text=REJECTED if step == "reject" else "",
                    now=at + timedelta(hours=2),
                )
        created += 1
    return created


def _user(session: Session, login: str) -> User | None:
    return session.exec(select(User).where(User.email == login)).first()


def _scan(session: Session, owner: User, at: datetime) -> int:
    data = pdf.table_report(
        title="Документ-основание льготы", subtitle="Демо-скан", columns=[("Поле", 1)], rows=[["—"]]
    )
    return storage.stage(
        session=session, owner_id=owner.id, filename="основание.pdf", data=data, now=at
    ).id
