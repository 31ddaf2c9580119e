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


def test_two_first_saves_of_the_nmo_settings_at_once_both_succeed(engine, session):
    """Two tabs save the accreditation date for the first time together: no duplicate key."""
    import threading

    from sqlmodel import select

    from gosapp.db import transaction
    from gosapp.models.accounts import User
    from gosapp.models.career import NmoSettings
    from gosapp.services.frmr import education

    doctor = make_doctor(session)
    session.commit()
    barrier, errors = threading.Barrier(2), []

    def save(goal: str) -> None:
        barrier.wait()
        try:
            with transaction(engine) as db:
                user = db.get(User, doctor.id)
                assert user is not None
                form = {"accredited_on": "01.03.2024", "yearly_goal": goal}
                education.save_settings(session=db, user=user, form=form, actor=ACTOR)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(goal,)) for goal in ("50", "60")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    session.expire_all()
    rows = session.exec(select(NmoSettings).where(NmoSettings.owner_id == doctor.id)).all()
    assert len(rows) == 1 and rows[0].yearly_goal in (50, 60)
