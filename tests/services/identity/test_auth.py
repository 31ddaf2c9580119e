"""Login as an attacker would try it: wrong passwords, replayed codes, lockout, timing."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import LoginEvent, User
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification
from gosapp.services.common.audit import Actor
from gosapp.services.identity import lockout, signin, totp
from gosapp.services.identity.signin import GENERIC_FAILURE, LoginFailed, PendingLogin

T0 = datetime(2026, 11, 22, 9, 0, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0")


def login(session, persona, *, now=T0, password=None, code=None, login_name=None):
    pending = signin.password_step(
        session=session,
        login=login_name or persona.user.email,
        password=password or persona.password,
        actor=ACTOR,
        now=now,
    )
    code = code or totp.code_at(persona.totp_secret, now)
    return signin.second_step(session=session, pending=pending, code=code, actor=ACTOR, now=now)


def test_password_and_totp_log_in(session, alice):
    assert login(session, alice).id == alice.id


@pytest.mark.parametrize("field", ["email", "phone"])
def test_login_by_phone_or_email(session, alice, field):
    assert login(session, alice, login_name=getattr(alice.user, field)).id == alice.id


def test_login_by_snils(session, alice):
    alice.user.snils = "11223344595"
    session.add(alice.user)
    session.commit()
    assert login(session, alice, login_name="112-233-445 95").id == alice.id


def test_every_failure_has_the_same_message(session, alice):
    messages = set()
    for kwargs in (
        {"login_name": "nobody@example.ru"},
        {"password": "Неверный-Пароль-1"},
        {"code": "000000"},
    ):
        with pytest.raises(LoginFailed) as exc:
            login(session, alice, **kwargs)
        messages.add(exc.value.message)
    assert messages == {GENERIC_FAILURE}


def test_totp_code_cannot_be_used_twice(session, alice):
    code = totp.code_at(alice.totp_secret, T0)
    login(session, alice, code=code)
    with pytest.raises(LoginFailed):
        login(session, alice, code=code, now=T0 + timedelta(seconds=5))
    results = session.exec(select(LoginEvent.result).order_by(LoginEvent.id)).all()
    assert results[-1] == "replayed_code"


def test_code_from_the_neighbour_step_is_accepted_but_not_two_steps_away(session, alice):
    assert login(session, alice, code=totp.code_at(alice.totp_secret, T0 - timedelta(seconds=30)))
    with pytest.raises(LoginFailed):
        login(
            session,
            alice,
            now=T0 + timedelta(minutes=1),
            code=totp.code_at(alice.totp_secret, T0 + timedelta(minutes=2)),
        )


def test_password_step_expires_after_five_minutes(session, alice):
    pending = signin.password_step(
        session=session, login=alice.user.email, password=alice.password, actor=ACTOR, now=T0
    )
    later = T0 + timedelta(minutes=5, seconds=1)
    with pytest.raises(LoginFailed, match="истекло"):
        signin.second_step(
            session=session,
            pending=pending,
            actor=ACTOR,
            now=later,
            code=totp.code_at(alice.totp_secret, later),
        )


def test_five_failures_lock_the_account_and_notify_the_owner(session, alice):
    for i in range(5):
        with pytest.raises(LoginFailed):
            login(session, alice, password="Неверный-Пароль-1", now=T0 + timedelta(seconds=i))
    session.refresh(alice.user)
    assert alice.user.locked_until == T0 + timedelta(seconds=4) + lockout.LOCK_DURATION
    # The right password is refused while locked, with the same message.
    with pytest.raises(LoginFailed) as exc:
        login(session, alice, now=T0 + timedelta(minutes=10))
    assert exc.value.message == GENERIC_FAILURE
    titles = session.exec(select(Notification.title).where(Notification.user_id == alice.id)).all()
    assert any("заблокирован" in t for t in titles)


def test_lock_expires_after_fifteen_minutes(session, alice):
    for i in range(5):
        with pytest.raises(LoginFailed):
            login(session, alice, password="Неверный-Пароль-1", now=T0 + timedelta(seconds=i))
    assert login(session, alice, now=T0 + timedelta(minutes=16)).id == alice.id


def test_unlock_lets_the_owner_in_at_once_and_forgets_old_failures(session, alice):
    for i in range(5):
        with pytest.raises(LoginFailed):
            login(session, alice, password="Неверный-Пароль-1", now=T0 + timedelta(seconds=i))
    user = session.get(User, alice.id)
    lockout.unlock(session=session, user=user, actor=ACTOR, now=T0 + timedelta(minutes=1))
    session.commit()
    with pytest.raises(LoginFailed):  # one more mistake does not lock again
        login(session, alice, password="Неверный-Пароль-1", now=T0 + timedelta(minutes=2))
    assert login(session, alice, now=T0 + timedelta(minutes=3)).id == alice.id


def test_failures_outside_the_window_do_not_lock(session, alice):
    for i in range(5):
        with pytest.raises(LoginFailed):
            login(session, alice, password="Неверный-Пароль-1", now=T0 + timedelta(minutes=4 * i))
    session.refresh(alice.user)
    assert alice.user.locked_until is None


def test_recovery_code_works_once(session, alice):
    codes = totp.new_recovery_codes(session=session, user_id=alice.id)
    session.commit()
    assert login(session, alice, code=codes[0]).id == alice.id
    with pytest.raises(LoginFailed):
        login(session, alice, code=codes[0], now=T0 + timedelta(minutes=1))
    assert (
        login(
            session, alice, code=codes[1].replace("-", "").lower(), now=T0 + timedelta(minutes=2)
        ).id
        == alice.id
    )
    assert totp.remaining_recovery_codes(session=session, user_id=alice.id) == 8


def test_regenerated_recovery_codes_replace_the_old_set(session, alice):
    old = totp.new_recovery_codes(session=session, user_id=alice.id)
    totp.new_recovery_codes(session=session, user_id=alice.id)
    session.commit()
    with pytest.raises(LoginFailed):
        login(session, alice, code=old[0])


def test_login_from_a_new_device_is_notified_once(session, alice):
    login(session, alice)
    login(session, alice, now=T0 + timedelta(minutes=1))
    titles = session.exec(select(Notification.title).where(Notification.user_id == alice.id)).all()
    assert titles.count("Вход с нового устройства") == 1


def test_pending_login_of_a_user_without_totp_is_refused(session, alice):
    alice.user.totp_enabled_at = None
    session.add(alice.user)
    session.commit()
    with pytest.raises(LoginFailed):
        signin.second_step(
            session=session, pending=PendingLogin(alice.id, T0), code="123456", actor=ACTOR, now=T0
        )


def test_unknown_login_is_audited_without_the_typed_login(session):
    with pytest.raises(LoginFailed):
        signin.password_step(
            session=session, login="nobody@example.ru", password="x", actor=ACTOR, now=T0
        )
    events = session.exec(select(AuditEvent)).all()
    assert [(e.action, e.outcome, e.user_id) for e in events] == [
        ("login.unknown_account", "denied", None)
    ]
    assert all("nobody" not in f"{e.object_id}{e.details}" for e in events)


def test_password_check_does_not_hold_the_write_lock(engine, alice, monkeypatch):
    """Another writer commits while argon2 runs: the check waits for nobody, and a failure
    recorded afterwards still lands (a fresh write transaction, not a stale read snapshot)."""
    from sqlmodel import Session

    from gosapp.db import transaction

    real_verify = signin.verify_password

    def verify_while_someone_writes(password, password_hash):
        with transaction(engine) as other:  # would time out if the step held the lock
            other.add(
                LoginEvent(user_id=alice.user.id, at=T0, ip="x", user_agent="", result="unlocked")
            )
        return real_verify(password, password_hash)

    monkeypatch.setattr(signin, "verify_password", verify_while_someone_writes)
    with Session(engine) as db, pytest.raises(LoginFailed):
        signin.password_step(
            session=db, login=alice.user.email, password="wrong", actor=ACTOR, now=T0
        )
    with Session(engine) as db:
        results = [e.result for e in db.exec(select(LoginEvent))]
    assert sorted(results) == ["bad_password", "unlocked"]
