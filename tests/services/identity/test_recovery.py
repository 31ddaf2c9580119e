"""Password recovery: same answer for unknown accounts, single-use codes, unlock, sessions end."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.accounts import User
from gosapp.models.notifications import OutboundMessage
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid
from gosapp.services.identity import lockout, recovery, sessions, signin, totp

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="test")
NEW = "Новый-Пароль-Лето-2027"


def sent_code(session, recipient):
    bodies = session.exec(
        select(OutboundMessage.body)
        .where(OutboundMessage.recipient == recipient)
        .order_by(OutboundMessage.id.desc())
    ).all()
    return re.search(r"\d{6}", bodies[0]).group(0)


def test_unknown_login_looks_the_same_and_sends_nothing(session):
    pending = recovery.request_code(session=session, login="ghost@example.ru", actor=ACTOR, now=T0)
    assert pending.user_id is None
    assert session.exec(select(OutboundMessage)).all() == []
    with pytest.raises(Invalid, match="Неверный"):
        recovery.reset_password(
            session=session,
            pending=pending,
            code="123456",
            password=NEW,
            confirm=NEW,
            actor=ACTOR,
            now=T0,
        )


def test_code_resets_the_password_once(session, alice):
    pending = recovery.request_code(session=session, login=alice.user.email, actor=ACTOR, now=T0)
    code = sent_code(session, alice.user.email)
    recovery.reset_password(
        session=session, pending=pending, code=code, password=NEW, confirm=NEW, actor=ACTOR, now=T0
    )
    session.commit()
    with pytest.raises(Invalid):
        recovery.reset_password(
            session=session,
            pending=pending,
            code=code,
            password=NEW,
            confirm=NEW,
            actor=ACTOR,
            now=T0,
        )
    # The new password works, and TOTP is still required.
    pending_login = signin.password_step(
        session=session, login=alice.user.email, password=NEW, actor=ACTOR, now=T0
    )
    user = signin.second_step(
        session=session,
        pending=pending_login,
        actor=ACTOR,
        now=T0,
        code=totp.code_at(alice.totp_secret, T0),
    )
    assert user.id == alice.id


def test_phone_login_gets_the_code_by_sms(session, alice):
    recovery.request_code(session=session, login=alice.user.phone, actor=ACTOR, now=T0)
    assert sent_code(session, alice.user.phone)


def test_code_expires_after_fifteen_minutes(session, alice):
    pending = recovery.request_code(session=session, login=alice.user.email, actor=ACTOR, now=T0)
    code = sent_code(session, alice.user.email)
    with pytest.raises(Invalid):
        recovery.reset_password(
            session=session,
            pending=pending,
            code=code,
            password=NEW,
            confirm=NEW,
            actor=ACTOR,
            now=T0 + timedelta(minutes=16),
        )


def test_reset_unlocks_and_ends_all_sessions(session, alice):
    ticket = signin.issue_ticket(session=session, user_id=alice.id, now=T0)
    token = sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR, now=T0)
    for i in range(5):
        with pytest.raises(signin.LoginFailed):
            signin.password_step(
                session=session,
                login=alice.user.email,
                password="Нет-Не-Тот-1",
                actor=ACTOR,
                now=T0 + timedelta(seconds=i),
            )
    assert session.get(User, alice.id).locked_until is not None
    pending = recovery.request_code(session=session, login=alice.user.email, actor=ACTOR, now=T0)
    recovery.reset_password(
        session=session,
        pending=pending,
        password=NEW,
        confirm=NEW,
        code=sent_code(session, alice.user.email),
        actor=ACTOR,
        now=T0,
    )
    session.commit()
    assert session.get(User, alice.id).locked_until is None
    assert sessions.resolve(session=session, token=token, now=T0) is None


def test_weak_or_mismatched_new_password_is_refused_before_the_code_is_spent(session, alice):
    pending = recovery.request_code(session=session, login=alice.user.email, actor=ACTOR, now=T0)
    code = sent_code(session, alice.user.email)
    with pytest.raises(Invalid) as weak:
        recovery.reset_password(
            session=session,
            pending=pending,
            code=code,
            password="qwerty",
            confirm="qwerty",
            actor=ACTOR,
            now=T0,
        )
    assert weak.value.field == "password"
    with pytest.raises(Invalid) as mismatch:
        recovery.reset_password(
            session=session,
            pending=pending,
            code=code,
            password=NEW,
            confirm=NEW + "x",
            actor=ACTOR,
            now=T0,
        )
    assert mismatch.value.field == "password_confirm"
    recovery.reset_password(
        session=session, pending=pending, code=code, password=NEW, confirm=NEW, actor=ACTOR, now=T0
    )


def test_reset_does_not_lift_a_lock_set_by_staff(session, alice):
    user = session.get(User, alice.id)
    user.locked_until = T0 + timedelta(days=365 * 100)  # what the back office sets
    session.commit()
    pending = recovery.request_code(session=session, login=alice.user.email, actor=ACTOR, now=T0)
    recovery.reset_password(
        session=session,
        pending=pending,
        password=NEW,
        confirm=NEW,
        code=sent_code(session, alice.user.email),
        actor=ACTOR,
        now=T0,
    )
    session.commit()
    assert lockout.is_locked(session.get(User, alice.id), T0 + timedelta(days=1))
