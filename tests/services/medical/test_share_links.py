"""One-time share links: opened once with the right date of birth only, blocked after five
wrong dates, rate-limited per client address, every try audited; revoked, expired, used and
unknown links answer alike; two openers racing: exactly one sees the results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import DataAccess, LabShare
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, Throttled
from gosapp.services.identity import tokens
from gosapp.services.medical import access_log, sharing
from gosapp.services.medical.share_links import (
    MAX_FAILURES,
    UNAVAILABLE,
    Opening,
    create_link,
    open_link,
)
from gosapp.services.medical.sharing import Selection
from tests.services.medical.setup import add_result
from tests.services.scheduling.test_races import race

RIGHT = "14.03.1985"  # tests.factories.make_user
WRONG = "15.03.1985"


def visitor(ip: str = "203.0.113.7") -> Actor:
    return Actor(ip=ip, user_agent="pytest")


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[-1]


@pytest.fixture
def link(session, alice):
    rows = [add_result(session, alice, code, v) for code, v in (("HGB", 130), ("GLU", 5.1))]
    created = create_link(
        session, alice.user, Actor(user_id=alice.id, ip="127.0.0.1"),
        chosen=Selection(result_ids=tuple(r.id for r in rows)), hours="72",
    )  # fmt: skip
    session.commit()
    return created, rows


def audit(session, outcome: str) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "lab_share.link_open", AuditEvent.outcome == outcome
            )
        ).all()
    )


def test_only_the_hash_is_stored_and_the_qr_encodes_the_address(session, link):
    created, _ = link
    share = session.get(LabShare, created.share_id)
    token = token_of(created.url)
    assert len(token) >= 43 and share.token_hash == tokens.token_hash(token)
    assert token not in repr(share) and created.qr.startswith("data:image/svg+xml")
    assert "/shared/" in created.url
    hours = sharing.aware(share.expires_at) - utcnow()
    assert timedelta(hours=71) < hours <= timedelta(hours=72)


def test_the_right_date_opens_once_and_is_logged(session, alice, link):
    created, rows = link
    opened = open_link(session, token_of(created.url), RIGHT, visitor())
    session.commit()
    assert opened.ok and sorted(int(r.id) for r in opened.rows) == sorted(r.id for r in rows)
    assert opened.patient == "Смирнова А. П."
    again = open_link(session, token_of(created.url), RIGHT, visitor())
    assert (again.ok, again.error, again.rows) == (False, UNAVAILABLE, [])
    seen = session.exec(select(DataAccess)).one()
    assert (seen.viewer_id, seen.viewer_role, seen.share_id) == (
        None,
        "по ссылке",
        created.share_id,
    )
    log, _ = access_log.my_log(session, alice.user)
    assert (log[0].who, log[0].role) == ("Получатель ссылки", "По ссылке")
    assert len(audit(session, "ok")) == 1 and len(audit(session, "denied")) == 1
    assert sharing.my_shares(session, alice.user)[0].status == "использована"


def test_five_wrong_dates_block_the_link(session, link):
    created, _ = link
    token = token_of(created.url)
    for n in range(1, MAX_FAILURES):
        wrong = open_link(session, token, WRONG, visitor(f"198.51.100.{n}"))
        assert not wrong.ok and f"Осталось попыток: {MAX_FAILURES - n}" in wrong.error
    assert open_link(session, token, WRONG, visitor("198.51.100.9")).error == UNAVAILABLE
    session.commit()
    blocked = open_link(session, token, RIGHT, visitor("198.51.100.10"))
    assert (blocked.ok, blocked.error) == (False, UNAVAILABLE)
    assert session.get(LabShare, created.share_id).used_at is None
    assert (
        len(audit(session, "failed")) == MAX_FAILURES
        and session.exec(select(DataAccess)).all() == []
    )


def test_a_malformed_date_is_not_a_failure(session, link):
    created, _ = link
    typo = open_link(session, token_of(created.url), "31.02.1985", visitor())
    assert (
        not typo.ok and typo.error and session.get(LabShare, created.share_id).failed_attempts == 0
    )


def test_tries_are_rate_limited_per_address(session, link):
    created, _ = link
    for _ in range(10):
        open_link(session, "unknown-token", RIGHT, visitor())
    session.commit()
    with pytest.raises(Throttled):
        open_link(session, token_of(created.url), RIGHT, visitor())
    assert open_link(session, token_of(created.url), RIGHT, visitor("192.0.2.1")).ok


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "used"])
def test_every_dead_link_answers_the_same(session, alice, link, state):
    created, _ = link
    share = session.get(LabShare, created.share_id)
    token = token_of(created.url)
    if state == "revoked":
        sharing.revoke(session, alice.user, share.id, Actor(user_id=alice.id))
    elif state == "expired":
        share.expires_at = utcnow() - timedelta(seconds=1)
    elif state == "used":
        share.used_at = utcnow()
    else:
        token = token[:-2] + "xx"
    session.commit()
    dead = open_link(session, token, RIGHT, visitor())
    assert (dead.ok, dead.error, dead.rows) == (False, UNAVAILABLE, [])
    assert audit(session, "denied")


def test_a_link_is_limited_to_the_patients_own_results_and_24_or_72_hours(session, alice, bob):
    theirs = add_result(session, bob, "GLU", 6.0)
    session.commit()
    with pytest.raises(Invalid):
        create_link(
            session, alice.user, Actor(user_id=alice.id), chosen=Selection(result_ids=(1,)),
            hours=100,
        )  # fmt: skip
    with pytest.raises(Exception, match="не найден"):
        create_link(
            session, alice.user, Actor(user_id=alice.id),
            chosen=Selection(result_ids=(theirs.id,)),
        )  # fmt: skip


def test_two_openers_racing_exactly_one_wins(engine, session, link):
    created, _ = link
    token = token_of(created.url)
    outcomes = race(
        engine,
        [lambda db, n=n: open_link(db, token, RIGHT, visitor(f"192.0.2.{n}")) for n in range(6)],
    )
    openings = [o for o in outcomes if isinstance(o, Opening)]
    assert len(openings) == 6, outcomes  # no racer crashed
    assert sorted(o.ok for o in openings) == [False] * 5 + [True]
    with transaction(engine) as db:
        assert len(db.exec(select(DataAccess)).all()) == 1
