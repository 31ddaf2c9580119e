"""Benefits in tests: a standard citizen, a staged real PDF, and the staff steps, each a real
service call."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.social_benefits import Benefit
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor
from gosapp.services.documents import storage
from gosapp.services.requests import workflow
from gosapp.services.social import benefits
from tests.factories import give_documents, make_user

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday, 12:00 in Moscow
TODAY = date(2026, 11, 20)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
FORM = {
    "kind": "large_family",
    "basis": "Удостоверение многодетной семьи № 77-123456",
    "valid_from": "01.01.2026",
    "valid_to": "31.12.2027",
}


def make_citizen(session: Session) -> User:
    """A standard account (SNILS and passport), committed."""
    user = give_documents(session, make_user(session))
    session.commit()
    return user


def stage_pdf(session: Session, user: User) -> int:
    data = pdf.table_report(title="Удостоверение", subtitle="", columns=[("A", 1)], rows=[["1"]])
    doc = storage.stage(session=session, owner_id=user.id, filename="удостоверение.pdf", data=data)
    session.commit()
    return doc.id


def add(session: Session, user: User, form: dict | None = None, now=NOW) -> Benefit:
    row = benefits.add_benefit(
        session=session,
        user=user,
        form=form or FORM,
        document_ids=[stage_pdf(session, user)],
        actor=ACTOR,
        now=now,
    )
    session.commit()
    return row


def decide(session: Session, staff: User, request_id: int, action: str = "approve", now=NOW):
    """Claim, then approve or reject (with a reason)."""
    for step in ("claim", action):
        workflow.transition(
            session=session,
            request_id=request_id,
            action=step,
            user=staff,
            actor=ACTOR,
            text="Документ не читается" if step == "reject" else "",
            now=now,
        )
    session.commit()
