"""The guard's database session, shared with the handler it guards (``state/auth.py``).

A plain sync handler's reads reuse the session the guard checked the user in (one session per
event); a write gets a transaction of its own, and whatever the event reads after it must see
what it wrote — on SQLite a reused read transaction would keep showing its older snapshot.
"""

from datetime import timedelta

import pytest

from gosapp.db import get_engine, session_scope, transaction
from gosapp.migrate import upgrade
from gosapp.models.accounts import User, utcnow
from gosapp.pages.patient.labs import LabsState
from gosapp.services.identity import sessions, signin
from gosapp.state.auth import guarded
from tests.factories import make_user
from tests.security.test_handler_walk import state_instance


@pytest.fixture(scope="module")
def signed_in() -> tuple[int, str]:
    """A signed-in user's id and session key."""
    upgrade(get_engine())
    with transaction() as db:
        user = make_user(db, first_name="Прежнее", totp_enabled_at=utcnow())
        ticket = signin.issue_ticket(session=db, user_id=user.id)
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
        return user.id, sessions.key_of(token or "")


def test_reads_in_one_event_share_the_guards_session(signed_in):
    user_id, key = signed_in
    seen = []

    def handler(self):
        for _ in range(2):
            with self._signed_in() as (db, user):
                seen.append((db, user.id))

    guarded(handler)(state_instance(LabsState, key))
    assert [uid for _, uid in seen] == [user_id, user_id]
    assert seen[0][0] is seen[1][0]


def test_a_read_after_a_write_sees_the_write(signed_in):
    user_id, key = signed_in
    seen: dict[str, object] = {}

    def handler(self):
        with self._signed_in() as (_db, user):
            shown = user
        with self._signed_in(write=True) as (_db, user):
            user.first_name = "Новое"
        with self._signed_in() as (db, user):
            seen["user"] = user.first_name
            seen["row"] = db.get(User, user_id).first_name
        seen["read before"] = shown.first_name  # still readable, as it was read

    guarded(handler)(state_instance(LabsState, key))
    assert seen == {"user": "Новое", "row": "Новое", "read before": "Прежнее"}
    with session_scope() as db:
        assert db.get(User, user_id).first_name == "Новое"


def test_a_generator_handler_resolves_its_user(signed_in):
    user_id, key = signed_in

    def handler(self):
        with self._signed_in() as (_db, user):
            yield user.id

    assert list(guarded(handler)(state_instance(LabsState, key))) == [user_id]


def test_no_session_no_handler():
    called = []
    refusal = guarded(lambda self: called.append(self))(state_instance(LabsState, "nobody"))
    assert called == [] and refusal is not None


def test_a_due_idle_clock_is_moved_and_the_handler_still_reads(signed_in):
    user_id, key = signed_in
    with transaction() as db:
        row = db.get(sessions.AuthSession, key)
        row.last_seen_at = utcnow() - timedelta(minutes=5)
    seen = []

    def handler(self):
        with self._signed_in() as (_db, user):
            seen.append(user.id)

    guarded(handler)(state_instance(LabsState, key))
    assert seen == [user_id]
    with session_scope() as db:
        assert utcnow() - db.get(sessions.AuthSession, key).last_seen_at < timedelta(minutes=1)
