"""Races (threads, each with its own transaction, released by one barrier; SQLite and
PostgreSQL): registrars approving one benefit at once activate it exactly once, and a citizen's
concurrent «Продлить» clicks create one renewal."""

from __future__ import annotations

from sqlmodel import select

from gosapp.models.accounts import User
from gosapp.models.requests import EventKind, RequestEvent
from gosapp.models.social_benefits import Benefit, BenefitStatus
from gosapp.services.common.errors import NotAllowed
from gosapp.services.requests import workflow
from gosapp.services.social import benefits
from tests.personas import make_persona
from tests.services.scheduling.test_races import kinds, race, unexpected
from tests.services.social.benefit_setup import ACTOR, FORM, NOW, add, decide, make_citizen

ROUNDS = 3
RACERS = 6


def test_concurrent_approvals_activate_the_benefit_exactly_once(engine, session):
    citizen = make_citizen(session)
    admin = make_persona(session, "admin").user  # an admin may decide a request claimed by another
    for _ in range(ROUNDS):
        row = add(session, citizen)
        workflow.transition(
            session=session, request_id=row.request_id, action="claim", user=admin, actor=ACTOR
        )
        session.commit()

        def approve(db, request_id=row.request_id):
            return workflow.transition(
                session=db,
                request_id=request_id,
                action="approve",
                user=db.get_one(User, admin.id),
                actor=ACTOR,
                seen_status="in_progress",
            ).status

        outcomes = race(engine, [approve] * RACERS)
        assert not unexpected(outcomes, workflow.AlreadyProcessed)
        assert kinds(outcomes)["ok"] == 1
        session.expire_all()
        assert session.get_one(Benefit, row.id).status == BenefitStatus.ACTIVE
        approvals = session.exec(
            select(RequestEvent).where(
                RequestEvent.request_id == row.request_id,
                RequestEvent.kind == EventKind.STATUS,
                RequestEvent.to_status == "approved",
            )
        ).all()
        assert len(approvals) == 1 and "Льгота подтверждена" in approvals[0].text


def test_concurrent_renewal_clicks_create_one_renewal(engine, session):
    citizen = make_citizen(session)
    admin = make_persona(session, "admin").user
    row = add(session, citizen, {**FORM, "valid_from": "11.12.2025", "valid_to": "10.12.2026"})
    decide(session, admin, row.request_id)

    def click(db):
        return benefits.renew(
            session=db, user=db.get_one(User, citizen.id), benefit_id=row.id, actor=ACTOR, now=NOW
        ).id

    outcomes = race(engine, [click] * RACERS)
    assert not unexpected(outcomes, NotAllowed)
    assert kinds(outcomes) == {"ok": 1, "NotAllowed": RACERS - 1}
    session.rollback()
    renewals = session.exec(select(Benefit).where(Benefit.renewed_from_id == row.id)).all()
    assert len(renewals) == 1
