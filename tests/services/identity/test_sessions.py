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
    assert (
        sessions.revoke_others(session=session, user_id=alice.id, keep_key=sessions.key_of(current))
        == 1
    )
    assert sessions.resolve(session=session, token=current, now=T0)
    assert sessions.resolve(session=session, token=other, now=T0) is None


def test_user_can_end_own_session_but_not_anothers(session, alice, bob):
    open_session(session, alice.id)
    bobs = open_session(session, bob.id)
    handle = sessions.list_active(
        session=session, user_id=bob.id, current_key=sessions.key_of(bobs), now=T0
    )[0]["handle"]
    with pytest.raises(NotFound):
        sessions.end_session(session=session, user_id=alice.id, handle=handle, actor=ACTOR)
    sessions.end_session(session=session, user_id=bob.id, handle=handle, actor=ACTOR)
    assert sessions.resolve(session=session, token=bobs, now=T0) is None


def test_active_sessions_list_device_ip_and_marks_current(session, alice):
    token = open_session(session, alice.id)
    [row] = sessions.list_active(
        session=session, user_id=alice.id, current_key=sessions.key_of(token), now=T0
    )
    assert row["current"] and row["ip"] == "10.0.0.1" and row["device"] == "Safari, iPadOS"
    assert token not in str(row)


def test_cookie_header_parsing():
    header = f"theme=dark; {sessions.COOKIE_NAME}=abc_DEF-123; other=1"
    assert sessions.token_from_cookie_header(header) == "abc_DEF-123"
    assert sessions.token_from_cookie_header("") == ""
    assert sessions.token_from_cookie_header('bad"cookie') == ""


def test_a_ticket_opens_a_session_only_in_the_browser_it_was_issued_to(session, alice):
    ticket = signin.issue_ticket(session=session, user_id=alice.id, browser="b" * 64, now=T0)
    stranger = sessions.exchange_ticket(
        session=session, ticket=ticket, browser="c" * 64, actor=ACTOR, now=T0
    )
    assert stranger is None
    assert sessions.exchange_ticket(
        session=session, ticket=ticket, browser="b" * 64, actor=ACTOR, now=T0
    )


def test_signed_in_user_reads_only_and_needs_totp(session, alice):
    token = open_session(session, alice.id)
    key = sessions.key_of(token)
    later = T0 + timedelta(minutes=20)
    assert sessions.signed_in_user(session=session, key=key, now=later).id == alice.id
    assert session.get(sessions.AuthSession, key).last_seen_at == T0  # never writes
    assert sessions.signed_in(session=session, key=key, now=later) == (alice.user, True)
    soon = T0 + timedelta(seconds=10)
    assert sessions.signed_in(session=session, key=key, now=soon) == (alice.user, False)
    alice.user.totp_enabled_at = None
    session.add(alice.user)
    assert sessions.signed_in_user(session=session, key=key, now=later) is None


@pytest.mark.sqlite_only("holds SQLite's write lock; the test below is the same on both")
def test_a_stale_session_keeps_the_write_transaction_whole(engine, alice):
    """resolve used to commit the caller's BEGIN IMMEDIATE when it moved last_seen_at."""
    import sqlite3

    from gosapp.db import transaction

    with transaction(engine) as db:
        token = open_session(db, alice.id)
    stale = T0 + timedelta(minutes=10)
    other = sqlite3.connect(engine.url.database, timeout=0)
    with transaction(engine) as db:
        assert sessions.resolve(session=db, token=token, now=stale).id == alice.id
        # still inside the same immediate transaction: another writer must wait
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free once our transaction is over
    other.rollback()
    other.close()


def test_moving_last_seen_at_does_not_commit_the_callers_transaction(engine, alice):
    """resolve must not commit for its caller: a later error still undoes what came before."""
    from sqlalchemy import func
    from sqlmodel import select

    from gosapp.db import session_scope, transaction
    from gosapp.models.registry import Specialty
    from tests.factories import make_specialty

    with transaction(engine) as db:
        token = open_session(db, alice.id)
    stale = T0 + timedelta(minutes=10)
    with pytest.raises(RuntimeError), transaction(engine) as db:
        make_specialty(db, code="undone")
        assert sessions.resolve(session=db, token=token, now=stale).id == alice.id
        raise RuntimeError("the handler fails after resolving the session")
    with session_scope(engine) as db:
        assert db.exec(select(func.count()).select_from(Specialty)).one() == 0
