"""НМО activities and experience periods in tests: real service calls, committed at once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.career import ExperiencePeriod, NmoActivity
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.frmr import education, experience
from gosapp.services.requests import workflow
from tests.services.frmr.portfolio_setup import ACTOR, stage

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTIVITY = {
    "name": "Актуальные вопросы кардиологии",
    "provider": "РМАНПО",
    "kind": "course",
    "started_on": "02.11.2026",
    "finished_on": "06.11.2026",
    "hours": "36",
    "points": "36",
}
PERIOD = {
    "organisation": "ГБУЗ «Городская поликлиника № 2»",
    "inn": "7707083893",
    "position": "Врач-терапевт участковый",
    "contract": "main",
    "started_on": "01.09.2015",
    "ended_on": "31.08.2020",
    "leaving_reason": "Перевод",
    "medical": "on",
}


def add_activity(session: Session, user: User, **form) -> NmoActivity:
    """An activity with one staged PDF certificate, committed."""
    row = education.add_activity(
        session=session,
        user=user,
        form={**ACTIVITY, **form},
        document_ids=[stage(session, user).id],
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    return row


def add_period(session: Session, user: User, **form) -> ExperiencePeriod:
    """A period with one staged PDF, committed."""
    row = experience.add_period(
        session=session,
        user=user,
        form={**PERIOD, **form},
        document_ids=[stage(session, user, "трудовая.pdf").id],
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    return row


def decide(session: Session, staff: User, request_id: int, action: str, text: str = "") -> None:
    """``staff`` claims the request (when not yet claimed) and decides it."""
    if session.get_one(Request, request_id).status == RequestStatus.SUBMITTED:
        workflow.transition(
            session=session, request_id=request_id, action="claim", user=staff, actor=ACTOR
        )
    workflow.transition(
        session=session, request_id=request_id, action=action, user=staff, actor=ACTOR, text=text
    )
    session.commit()
