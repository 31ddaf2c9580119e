"""Expiring benefits: flagged at 60/30/7 days, notified once per threshold (a second run, or a
run after a long pause, sends nothing twice), and only active ones."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from gosapp.jobs import benefits as job
from gosapp.models.notifications import Notification
from gosapp.services.social import benefits_expiry
from tests.services.social.benefit_setup import FORM, NOW, TODAY, add, decide, make_citizen


def _notices(session, user) -> list[str]:
    session.rollback()  # a fresh read of what the job committed
    rows = session.exec(select(Notification).where(Notification.user_id == user.id)).all()
    return [n.title for n in rows if n.title.startswith("Льгота истекает")]


def test_thresholds():
    assert benefits_expiry.due_threshold(TODAY + timedelta(days=61), TODAY) is None
    assert benefits_expiry.due_threshold(TODAY + timedelta(days=60), TODAY) == 60
    assert benefits_expiry.due_threshold(TODAY + timedelta(days=30), TODAY) == 30
    assert benefits_expiry.due_threshold(TODAY + timedelta(days=7), TODAY) == 7
    assert benefits_expiry.due_threshold(TODAY - timedelta(days=1), TODAY) is None
    assert benefits_expiry.due_threshold(None, TODAY) is None


def test_each_threshold_is_notified_once(engine, session, registrar):
    citizen = make_citizen(session)
    ends = TODAY + timedelta(days=50)
    row = add(
        session, citizen, {**FORM, "valid_from": "01.01.2026", "valid_to": f"{ends:%d.%m.%Y}"}
    )
    pending = add(session, citizen, {**FORM, "valid_to": f"{ends:%d.%m.%Y}"})  # never notified
    decide(session, registrar.user, row.request_id)
    assert job.run_once(engine, NOW) == 1
    assert job.run_once(engine, NOW) == 0  # the same day again: nothing
    assert _notices(session, citizen) == ["Льгота истекает через 50 дн."]
    assert job.run_once(engine, NOW + timedelta(days=25)) == 1  # 25 days left: the 30-day one
    assert job.run_once(engine, NOW + timedelta(days=26)) == 0
    assert job.run_once(engine, NOW + timedelta(days=49)) == 1  # 1 day left: the 7-day one
    assert job.run_once(engine, NOW + timedelta(days=50)) == 0
    assert len(_notices(session, citizen)) == 3
    assert pending.id != row.id


def test_a_long_pause_sends_only_the_nearest_threshold(engine, session, registrar):
    citizen = make_citizen(session)
    ends = TODAY + timedelta(days=5)
    row = add(
        session, citizen, {**FORM, "valid_from": "01.01.2026", "valid_to": f"{ends:%d.%m.%Y}"}
    )
    decide(session, registrar.user, row.request_id)
    assert job.run_once(engine, NOW) == 1
    assert job.run_once(engine, NOW + timedelta(days=1)) == 0
    assert _notices(session, citizen) == ["Льгота истекает через 5 дн."]
