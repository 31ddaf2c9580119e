"""Two staff decide one version at once (one approves, one rejects): the engine's conditional
UPDATE lets exactly one win, whichever database runs underneath."""

import threading

from gosapp.db import transaction
from gosapp.models.accounts import User
from gosapp.services.common.errors import DomainError
from gosapp.services.frmr import portfolio, portfolio_view
from gosapp.services.requests import workflow
from tests.personas import make_persona
from tests.services.frmr.portfolio_setup import ACTOR, TODAY, add, make_doctor

ROUNDS = 5


def test_concurrent_decisions_have_one_winner(engine, session):
    doctor = make_doctor(session)
    registrar, admin = make_persona(session, "registrar").user, make_persona(session, "admin").user
    for _ in range(ROUNDS):
        row = add(session, doctor)
        request_id = portfolio.versions_of(session, row.id)[0].request_id
        workflow.transition(
            session=session, request_id=request_id, action="claim", user=registrar, actor=ACTOR
        )
        session.commit()
        outcomes = _race(engine, request_id, [(registrar.id, "approve"), (admin.id, "reject")])
        assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyProcessed", "str"]
        winner = next(o for o in outcomes if isinstance(o, str))
        [card] = [
            c
            for c in portfolio_view.records(
                session=session, user=doctor, filters=portfolio_view.Filters(), today=TODAY
            )
            if c.id == str(row.id)
        ]
        assert card.status == ("approved" if winner == "approve" else "rejected")
        assert len(card.versions) == 1


def _race(engine, request_id: int, deciders: list[tuple[int, str]]) -> list[object]:
    barrier = threading.Barrier(len(deciders))
    outcomes: list[object] = [None] * len(deciders)

    def run(i: int) -> None:
        user_id, action = deciders[i]
        barrier.wait()
        try:
            with transaction(engine) as db:
                workflow.transition(
                    session=db,
                    request_id=request_id,
                    action=action,
                    user=db.get_one(User, user_id),
                    actor=ACTOR,
                    text="Причина: нечитаемый скан",
                    seen_status="in_progress",
                )
            outcomes[i] = action
        except DomainError as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(deciders))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a decider hung"
    return outcomes
