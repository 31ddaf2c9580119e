"""Housekeeping deletes OIDC codes and tokens a day after they stopped working, and only those."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from gosapp.jobs.housekeeping import purge_once
from gosapp.models.accounts import utcnow
from gosapp.models.oidc import OidcAuthorizationCode, OidcToken
from tests.api.oidc_helpers import register


def code(client_id, user_id, n, expires_at):
    return OidcAuthorizationCode(
        code_hash=f"code-{n}",
        client_id=client_id,
        user_id=user_id,
        redirect_uri="http://localhost/cb",
        scope="openid",
        code_challenge="x" * 43,
        code_challenge_method="S256",
        family_id=f"f{n}",
        auth_time=utcnow(),
        expires_at=expires_at,
    )


def token(client_id, user_id, n, access_expires_at, refresh_expires_at):
    return OidcToken(
        client_id=client_id,
        user_id=user_id,
        scope="openid",
        access_hash=f"access-{n}",
        refresh_hash=f"refresh-{n}",
        family_id=f"f{n}",
        access_expires_at=access_expires_at,
        refresh_expires_at=refresh_expires_at,
    )


def test_dead_codes_and_tokens_go_live_ones_stay(engine, session, alice):
    client = register(session).client_id
    now = utcnow()
    long_ago, recently, later = (
        now - timedelta(days=3),
        now - timedelta(hours=1),
        now + timedelta(1),
    )
    session.add_all(
        [
            code(client, alice.id, 1, long_ago),  # dead for days: goes
            code(client, alice.id, 2, recently),  # dead for an hour: kept for replay detection
            token(client, alice.id, 3, long_ago, long_ago),  # both dead for days: goes
            token(client, alice.id, 4, long_ago, later),  # the refresh token still works: stays
            token(client, alice.id, 5, recently, None),  # dead for an hour: stays
        ]
    )
    session.commit()
    purge_once(engine)
    session.expire_all()
    assert sorted(c.code_hash for c in session.exec(select(OidcAuthorizationCode))) == ["code-2"]
    assert sorted(t.access_hash for t in session.exec(select(OidcToken))) == [
        "access-4",
        "access-5",
    ]
