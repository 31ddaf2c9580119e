"""Shared steps for the СЗН tests: a confirmed, connected citizen and a valid application."""

from datetime import UTC, datetime

from gosapp.models.accounts import AccountLevel
from gosapp.services.common.audit import Actor
from gosapp.services.social import cabinet
from tests.factories import give_documents

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
BIK = "044525225"
ACCOUNT = "40817810700000000001"  # valid for BIK (control key 7)
APPLICATION = {
    "kind": "child_care",
    "period_from": "01.12.2026",
    "period_to": "15.03.2027",
    "bik": BIK,
    "account": ACCOUNT,
    "child_name": "Смирнов Артём Алексеевич",
    "child_birth_date": "10.06.2026",
}


def confirm(session, user):
    """``user`` with documents and a confirmed account (as staff would confirm it)."""
    give_documents(session, user)
    user.level = AccountLevel.CONFIRMED
    session.add(user)
    session.flush()
    return user


def connect_user(session, user):
    """Connect ``user``'s cabinet with the current consent."""
    return cabinet.connect(
        session=session, user=user, agreed=True,
        consent_version=cabinet.CONSENT_VERSION, actor=ACTOR, now=NOW,
    )  # fmt: skip


def connected(session, persona):
    """``persona`` confirmed and connected to the cabinet (committed)."""
    confirm(session, persona.user)
    cabinet.connect(
        session=session,
        user=persona.user,
        agreed=True,
        consent_version=cabinet.CONSENT_VERSION,
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    return persona.user
