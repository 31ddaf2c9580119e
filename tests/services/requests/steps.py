"""Filing and moving requests in tests the way the app does: the applicant's level is made to
fit the type, every step is a real ``workflow`` call at one fixed time, then committed."""

from datetime import UTC, datetime

from gosapp.services.common.audit import Actor
from gosapp.services.requests import workflow
from tests.factories import level_for

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")


def create(session, persona, type_code: str, data: dict, *, now: datetime = FRIDAY, **kwargs):
    """A request of ``persona`` filed at ``now`` (submitted unless ``submit=False``)."""
    level_for(session, persona.user, type_code)
    request = workflow.create(
        session=session,
        applicant=persona.user,
        type_code=type_code,
        data=data,
        actor=ACTOR,
        now=now,
        **kwargs,
    )
    session.commit()
    return request


def act(session, persona, request, *steps: tuple[str, str]) -> None:
    """``persona`` takes each ``(action, text)`` step on ``request``."""
    for action, text in steps:
        workflow.transition(
            session=session,
            request_id=request.id,
            action=action,
            user=persona.user,
            actor=ACTOR,
            text=text,
            now=FRIDAY,
        )
    session.commit()
