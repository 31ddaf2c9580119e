"""The one lockout both the login and «Безопасность» re-authentication count towards."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from gosapp.models.accounts import LoginResult
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification
from gosapp.services.common.audit import Actor
from gosapp.services.identity import lockout

T0 = datetime(2026, 11, 22, 9, 0, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")


def fail(session, user, times, start=T0):
    for i in range(times):
        lockout.log_attempt(
            session, user, LoginResult.BAD_PASSWORD, ACTOR, start + timedelta(seconds=i)
        )
    session.flush()


def test_below_the_threshold_nothing_locks(session, alice):
    fail(session, alice.user, lockout.LOCK_THRESHOLD - 1, start=T0 - timedelta(seconds=10))
    assert not lockout.lock_if_due(session, alice.user, ACTOR, T0, lockout.AFTER_LOGIN)
    assert not lockout.is_locked(alice.user, T0)


def test_login_and_reauth_locks_differ_only_in_what_the_owner_is_told(session, alice, bob):
    for persona, notice in ((alice, lockout.AFTER_LOGIN), (bob, lockout.AFTER_REAUTH)):
        fail(session, persona.user, lockout.LOCK_THRESHOLD, start=T0 - timedelta(minutes=1))
        assert lockout.lock_if_due(session, persona.user, ACTOR, T0, notice)
        assert persona.user.locked_until == T0 + lockout.LOCK_DURATION
        note = session.exec(select(Notification).where(Notification.user_id == persona.id)).all()[
            -1
        ]
        assert (note.title, note.body, note.link) == (
            lockout.LOCKED_TITLE,
            notice.body,
            notice.link,
        )
    assert lockout.AFTER_LOGIN.link == "/recover" and lockout.AFTER_REAUTH.link == "/security"
    locked = session.exec(select(AuditEvent).where(AuditEvent.action == "account.locked")).all()
    assert sorted(e.object_id for e in locked) == sorted([str(alice.id), str(bob.id)])


def test_a_staff_lock_is_one_longer_than_a_day(session, alice):
    alice.user.locked_until = T0 + timedelta(days=30)
    assert lockout.locked_by_staff(alice.user, T0)
    alice.user.locked_until = T0 + lockout.LOCK_DURATION
    assert not lockout.locked_by_staff(alice.user, T0)


def test_failures_at_the_same_moment_still_lock_at_the_threshold(engine, alice, monkeypatch):
    """LOCK_THRESHOLD wrong passwords sent at once from as many workers: each one's count sees
    the others (serialised per account on PostgreSQL), so the account locks, once."""
    import threading
    import time

    counted = lockout.recent_failures

    def slow_count(*args):
        time.sleep(0.1)  # all workers have written their attempt before any of them counts
        return counted(*args)

    monkeypatch.setattr(lockout, "recent_failures", slow_count)

    from sqlalchemy import func
    from sqlmodel import Session

    from gosapp.db import transaction
    from gosapp.models.accounts import User

    barrier = threading.Barrier(lockout.LOCK_THRESHOLD)
    locked: list[bool] = []

    def fail_once():
        barrier.wait()
        with transaction(engine) as db:
            user = db.get(User, alice.id)
            lockout.log_attempt(db, user, LoginResult.BAD_PASSWORD, ACTOR, T0)
            locked.append(lockout.lock_if_due(db, user, ACTOR, T0, lockout.AFTER_LOGIN))

    threads = [threading.Thread(target=fail_once) for _ in range(lockout.LOCK_THRESHOLD)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(engine) as db:
        assert lockout.is_locked(db.get(User, alice.id), T0)
        count = select(func.count()).select_from(AuditEvent)
        assert db.exec(count.where(AuditEvent.action == "account.locked")).one() == 1
    assert sorted(locked) == [False] * (lockout.LOCK_THRESHOLD - 1) + [True]
