"""Server-side sessions: tickets, cookies, idle and absolute timeouts, logout, revocation."""

from datetime import UTC, datetime, timedelta

import pytest

from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.identity import sessions, signin

T0 = datetime(2026, 11, 22, 9, 0, 0, tzinfo=UTC)
ACTOR = Actor(ip="10.0.0.1", user_agent="Mozilla/5.0 (iPad) Safari/605")


def open_session(session, user_id, now=T0):
    ticket = signin.issue_ticket(session=session, user_id=user_id, now=now)
    token = sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR, now=now)
    session.commit()
    return token


def test_ticket_opens_one_session_only_once(session, alice):
    ticket = signin.issue_ticket(session=session, user_id=alice.id, now=T0)
    assert sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR, now=T0)
    assert sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR, now=T0) is None


def test_expired_ticket_is_refused(session, alice):
    ticket = signin.issue_ticket(session=session, user_id=alice.id, now=T0)
    later = T0 + timedelta(seconds=61)
    assert sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR, now=later) is None


def test_session_token_is_long_and_stored_only_hashed(session, alice):
    token = open_session(session, alice.id)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    assert session.get(sessions.AuthSession, token) is None


def test_session_resolves_to_its_user(session, alice):
    token = open_session(session, alice.id)
    assert sessions.resolve(session=session, token=token, now=T0).id == alice.id
    assert sessions.resolve(session=session, token="forged", now=T0) is None
    assert sessions.resolve(session=session, token="", now=T0) is None


def test_idle_timeout_ends_the_session(session, alice):
    token = open_session(session, alice.id)
    assert sessions.resolve(session=session, token=token, now=T0 + timedelta(minutes=29))
    assert sessions.resolve(session=session, token=token, now=T0 + timedelta(minutes=58))
    assert sessions.resolve(session=session, token=token, now=T0 + timedelta(minutes=89)) is None


def test_absolute_timeout_ends_an_active_session(session, alice):
    token = open_session(session, alice.id)
    for minutes in range(20, 12 * 60, 20):  # active every 20 minutes, up to 11:40
        assert sessions.resolve(session=session, token=token, now=T0 + timedelta(minutes=minutes))
    assert sessions.resolve(session=session, token=token, now=T0 + timedelta(hours=12)) is None


def test_logout_revokes_the_session(session, alice):
    token = open_session(session, alice.id)
    sessions.revoke(session=session, token=token, now=T0)
    assert sessions.resolve(session=session, token=token, now=T0) is None


def test_every_login_gets_a_new_id(session, alice):
    assert open_session(session, alice.id) != open_session(session, alice.id)


def test_revoke_others_keeps_the_current_session(session, alice):
    current = open_session(session, alice.id)
    other = open_session(session, alice.id)
    assert sessions.revoke_others(session=session, user_id=alice.id, keep_token=current) == 1
    assert sessions.resolve(session=session, token=current, now=T0)
    assert sessions.resolve(session=session, token=other, now=T0) is None


def test_user_can_end_own_session_but_not_anothers(session, alice, bob):
    open_session(session, alice.id)
    bobs = open_session(session, bob.id)
    handle = sessions.list_active(session=session, user_id=bob.id, current_token=bobs, now=T0)[0][
        "handle"
    ]
    with pytest.raises(NotFound):
        sessions.end_session(session=session, user_id=alice.id, handle=handle, actor=ACTOR)
    sessions.end_session(session=session, user_id=bob.id, handle=handle, actor=ACTOR)
    assert sessions.resolve(session=session, token=bobs, now=T0) is None


def test_active_sessions_list_device_ip_and_marks_current(session, alice):
    token = open_session(session, alice.id)
    [row] = sessions.list_active(session=session, user_id=alice.id, current_token=token, now=T0)
    assert row["current"] and row["ip"] == "10.0.0.1" and row["device"] == "Safari, iPadOS"
    assert token not in str(row)


def test_cookie_header_parsing():
    header = f"theme=dark; {sessions.COOKIE_NAME}=abc_DEF-123; other=1"
    assert sessions.token_from_cookie_header(header) == "abc_DEF-123"
    assert sessions.token_from_cookie_header("") == ""
    assert sessions.token_from_cookie_header('bad"cookie') == ""
