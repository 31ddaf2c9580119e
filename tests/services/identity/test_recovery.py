"""Password recovery: same answer for unknown accounts, single-use codes, unlock, sessions end.

The attack behind the "alike" tests: an attacker types logins into /recover and tells existing
accounts from unknown ones by the wrong-code answer, by which field is checked first, or by the
work the server does (time).
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from gosapp.models.accounts import User
from gosapp.models.notifications import OutboundMessage
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, Throttled
from gosapp.services.identity import lockout, recovery, sessions, signin, tokens, totp

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


def reset(session, pending, code, password=NEW, confirm=None, now=T0):
    """reset_password's refusal as (field, message)."""
    with pytest.raises(Invalid) as caught:
        recovery.reset_password(
            session=session,
            pending=pending,
            code=code,
            password=password,
            confirm=password if confirm is None else confirm,
            actor=ACTOR,
            now=now,
        )
    return caught.value.field, caught.value.message


def pair(session, alice):
    """A recovery started for alice's e-mail and one for a login no account has."""
    known = recovery.request_code(session=session, login=alice.user.email, actor=ACTOR, now=T0)
    unknown = recovery.request_code(session=session, login="ghost@example.ru", actor=ACTOR, now=T0)
    return known, unknown


def test_a_wrong_code_answers_alike_for_known_and_unknown_logins(session, alice):
    known, unknown = pair(session, alice)
    for _ in range(3):
        assert reset(session, known, "000000") == reset(session, unknown, "000000")
    assert reset(session, known, "000000") == ("code", recovery.WRONG_CODE)


def test_the_code_is_checked_before_a_weak_new_password_for_both(session, alice):
    known, unknown = pair(session, alice)
    assert reset(session, known, "000000", password="qwerty") == ("code", recovery.WRONG_CODE)
    assert reset(session, unknown, "000000", password="qwerty") == ("code", recovery.WRONG_CODE)


def test_running_out_of_guesses_answers_alike_and_waits(session, alice):
    known, unknown = pair(session, alice)
    answers = {"known": [], "unknown": []}
    for _ in range(6):
        answers["known"].append(reset(session, known, "000000"))
        answers["unknown"].append(reset(session, unknown, "000000"))
    assert answers["known"] == answers["unknown"]
    assert answers["known"][-1] == ("code", "Слишком много попыток. Повторите через 15 мин.")


def test_a_wrong_code_costs_the_same_statements_and_hashing_for_both(
    session, engine, alice, monkeypatch
):
    known, unknown = pair(session, alice)
    session.commit()
    hashed = []
    real_hash = tokens.token_hash
    monkeypatch.setattr(tokens, "token_hash", lambda v: hashed.append(1) or real_hash(v))
    statements = []

    def log(_conn, _cursor, statement, params, _context, _many):
        statements.append(re.sub(r"\d+", "N", statement))

    event.listen(engine, "before_cursor_execute", log)
    try:
        costs = []
        for pending in (known, unknown):
            hashed.clear()
            statements.clear()
            reset(session, pending, "000000")
            costs.append((len(hashed), list(statements)))
    finally:
        event.remove(engine, "before_cursor_execute", log)
    assert costs[0] == costs[1]
    assert costs[0][0] == 1  # the unknown login too compares against a (dummy) hash


def test_twelve_requests_in_a_minute_send_three_codes_then_show_the_wait(session, alice):
    refusals = []
    for i in range(12):
        try:
            recovery.request_code(
                session=session,
                login=alice.user.email,
                actor=ACTOR,
                now=T0 + timedelta(seconds=5 * i),
            )
        except Throttled as exc:
            refusals.append((exc.field, exc.message))
    assert len(sent_codes(session, alice.user.email)) == 3
    assert len(refusals) == 9
    assert refusals[0] == ("login", "Повторная отправка возможна через 15 мин.")


def test_an_unknown_login_is_limited_alike(session):
    for i in range(3):
        recovery.request_code(session=session, login="ghost@example.ru", actor=ACTOR, now=T0)
    with pytest.raises(Throttled, match=r"Повторная отправка возможна через 15 мин\."):
        recovery.request_code(session=session, login="ghost@example.ru", actor=ACTOR, now=T0)


def test_the_account_limit_holds_across_its_logins_without_a_different_answer(session, alice):
    for login in (alice.user.email, alice.user.phone):
        for _ in range(3):
            recovery.request_code(session=session, login=login, actor=ACTOR, now=T0)
    # Six answers alike, but the account itself got no more than three codes.
    assert len(sent_codes(session, alice.user.email) + sent_codes(session, alice.user.phone)) == 3


def test_login_spellings_of_one_phone_share_a_limit():
    assert recovery.login_key("8 (916) 555-44-33") == recovery.login_key("+79165554433")
    assert recovery.login_key(" Alice@Example.RU ") == "alice@example.ru"


def test_a_resent_code_does_not_bring_the_guesses_back(session, alice):
    for i in range(2):
        pending = recovery.request_code(
            session=session, login=alice.user.email, actor=ACTOR, now=T0 + timedelta(minutes=i)
        )
        for _ in range(3 - i):
            reset(session, pending, "000000", now=T0 + timedelta(minutes=i))
    code = sent_code(session, alice.user.email)
    assert reset(session, pending, code, now=T0 + timedelta(minutes=2))[1].startswith(
        "Слишком много попыток"
    )


def sent_codes(session, recipient):
    return session.exec(
        select(OutboundMessage.body).where(OutboundMessage.recipient == recipient)
    ).all()


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
