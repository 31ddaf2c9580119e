"""The OIDC provider's rules below HTTP: signing-key rotation and storage, scopes and claims,
consent bookkeeping, and concurrent use of one code or refresh token (exactly one wins)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from gosapp import routes
from gosapp.api.app import create_api
from gosapp.models.accounts import utcnow
from gosapp.models.oidc import OidcConsent, OidcSigningKey, OidcToken
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.oidc import consents, keys, scopes
from gosapp.settings import get_settings
from tests.api.oidc_helpers import REDIRECT, authorization_url, oauth_client, register
from tests.api.test_documents import cookie_for
from tests.api.test_oidc_refusals import allow


def test_the_key_rotates_after_thirty_days_and_two_keys_are_published(session):
    first = keys.current(session=session)
    assert keys.current(session=session).kid == first.kid
    later = utcnow() + keys.ROTATE_AFTER + timedelta(minutes=1)
    second = keys.current(session=session, now=later)
    assert second.kid != first.kid
    assert [k["kid"] for k in keys.jwks(session=session, now=later)["keys"]] == [
        second.kid,
        first.kid,
    ]
    third = keys.rotate(session=session, now=later + timedelta(days=1))
    published = keys.jwks(session=session, now=later + timedelta(days=1))["keys"]
    assert [k["kid"] for k in published] == [third.kid, second.kid]  # the oldest one left
    retired = session.exec(select(OidcSigningKey).where(OidcSigningKey.kid == first.kid)).one()
    assert retired.retired_at is not None


def test_private_keys_are_stored_encrypted_and_never_published(session):
    row = keys.current(session=session)
    assert '"d"' not in row.private_jwk_enc and '"d"' not in row.public_jwk
    assert keys.private_key(row).as_dict(private=True)["d"]
    assert all(
        set(k) <= {"kty", "n", "e", "kid", "use", "alg"} for k in keys.jwks(session=session)["keys"]
    )
    assert json.loads(row.public_jwk)["alg"] == "RS256"


def test_claims_follow_the_granted_scopes(alice):
    user = alice.user
    assert dict(scopes.user_claims(user, "openid")) == {"sub": str(user.id)}
    profile = scopes.user_claims(user, "openid profile")
    assert profile["family_name"] == user.last_name
    assert profile["birthdate"] == user.birth_date.isoformat()
    assert "email" not in profile and "snils" not in profile
    assert scopes.labels("contacts openid bogus") == ["Идентификатор", "Телефон и e-mail"]


def test_consent_grows_with_new_scopes_and_revoking_twice_says_so(session, alice):
    new = register(session)
    actor = Actor(user_id=alice.user.id)
    consents.grant(
        db=session, user_id=alice.user.id, client_id=new.client_id, scope="openid", actor=actor
    )
    consents.grant(
        db=session,
        user_id=alice.user.id,
        client_id=new.client_id,
        scope="openid snils",
        actor=actor,
    )
    assert consents.covers(session, alice.user.id, new.client_id, "openid snils")
    (row,) = session.exec(select(OidcConsent)).all()
    assert row.scope == "openid snils"
    consents.revoke(db=session, user_id=alice.user.id, client_id=new.client_id, actor=actor)
    assert not consents.covers(session, alice.user.id, new.client_id, "openid")
    with pytest.raises(NotFound):
        consents.revoke(db=session, user_id=alice.user.id, client_id=new.client_id, actor=actor)


def test_another_user_cannot_revoke_or_see_my_applications(session, alice, bob):
    new = register(session)
    consents.grant(
        db=session, user_id=alice.user.id, client_id=new.client_id, scope="openid", actor=Actor()
    )
    assert consents.connected(session, bob.user.id) == []
    with pytest.raises(NotFound):
        consents.revoke(db=session, user_id=bob.user.id, client_id=new.client_id, actor=Actor())
    assert consents.covers(session, alice.user.id, new.client_id, "openid")


@pytest.mark.anyio
async def test_one_refresh_token_used_twice_at_once_gives_one_answer(engine, session, alice):
    app, base = create_api(lambda: engine), get_settings().public_url
    new = register(session)
    async with oauth_client(app, new, base) as client:
        url, verifier, _ = authorization_url(client, base)
        location = (await allow(app, base, cookie_for(session, alice.user.id), url)).headers[
            "location"
        ]
        token = await client.fetch_token(authorization_response=location, code_verifier=verifier)
        form = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
        auth = (new.client_id, new.client_secret)
        answers = await asyncio.gather(
            *(client.post(routes.OAUTH_TOKEN, data=form, auth=auth) for _ in range(2))
        )
    assert sorted(a.status_code for a in answers) == [200, 400]
    session.expire_all()
    rows = session.exec(select(OidcToken).where(OidcToken.client_id == new.client_id)).all()
    assert sum(r.rotated_at is not None for r in rows) == 1


@pytest.mark.anyio
async def test_one_code_exchanged_twice_at_once_gives_one_token(engine, session, alice):
    app, base = create_api(lambda: engine), get_settings().public_url
    new = register(session)
    async with oauth_client(app, new, base) as client:
        url, verifier, _ = authorization_url(client, base)
        location = (await allow(app, base, cookie_for(session, alice.user.id), url)).headers[
            "location"
        ]
        code = httpx.URL(location).params["code"]
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        }
        auth = (new.client_id, new.client_secret)
        answers = await asyncio.gather(
            *(client.post(routes.OAUTH_TOKEN, data=form, auth=auth) for _ in range(2))
        )
    assert sorted(a.status_code for a in answers) == [200, 400]
