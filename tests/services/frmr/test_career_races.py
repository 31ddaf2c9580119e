"""Two staff decide one НМО certificate or one experience period at once: exactly one wins
(the engine's conditional UPDATE), on SQLite and PostgreSQL alike."""

import pytest

from gosapp.services.frmr import education_view, experience
from gosapp.services.requests import workflow
from tests.personas import make_persona
from tests.services.frmr.career_setup import add_activity, add_period
from tests.services.frmr.portfolio_setup import ACTOR, TODAY, make_doctor
from tests.services.frmr.test_portfolio_races import _race

ROUNDS = 3


def _status(session, doctor, kind: str) -> str:
    if kind == "nmo":
        return (
            education_view.dashboard(session=session, user=doctor, today=TODAY).activities[0].status
        )
    return experience.summary(session=session, user=doctor, today=TODAY).periods[0].status


@pytest.mark.parametrize("kind", ["nmo", "experience"])
def test_concurrent_decisions_have_one_winner(engine, session, kind):
    registrar, admin = make_persona(session, "registrar").user, make_persona(session, "admin").user
    for _ in range(ROUNDS):
        doctor = make_doctor(session)
        row = add_activity(session, doctor) if kind == "nmo" else add_period(session, doctor)
        workflow.transition(
            session=session, request_id=row.request_id, action="claim", user=registrar, actor=ACTOR
        )
        session.commit()
        outcomes = _race(engine, row.request_id, [(registrar.id, "approve"), (admin.id, "reject")])
        assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyProcessed", "str"]
        winner = next(o for o in outcomes if isinstance(o, str))
        session.commit()  # end any read snapshot taken before the race
        session.expire_all()
        assert _status(session, doctor, kind) == ("approved" if winner == "approve" else "rejected")
