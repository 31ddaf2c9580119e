"""«Вход через Госуслуги» over HTTP against the Starlette app, with authlib's OIDC client:
code + PKCE S256 after the second factor, consent, ID token signed with the published key,
userinfo by scope, refresh rotation with reuse detection, revocation; and every refusal."""

from __future__ import annotations

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlmodel import select

from gosapp import routes
from gosapp.api.app import create_api
from gosapp.models.audit import AuditEvent
from gosapp.services.common.audit import Actor
from gosapp.services.identity.oidc import consents
from gosapp.settings import get_settings
from tests.api.oidc_helpers import (
    REDIRECT,
    SAME_SITE,
    authorization_url,
    consent_form,
    oauth_client,
    register,
)
from tests.api.test_documents import cookie_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def app(engine):
    return create_api(lambda: engine)


@pytest.fixture
def base() -> str:
    return get_settings().public_url


def browser(app, base, cookies=None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url=base, cookies=cookies or {})


async def consent_and_code(app, base, cookies, url) -> str:
    """Open the consent screen, press «Разрешить»; the redirect to the client."""
    async with browser(app, base, cookies) as web:
        screen = await web.get(url)
        assert screen.status_code == 200, screen.text
        answer = await web.post(
            url, data={**consent_form(screen.text), "decision": "allow"}, headers=SAME_SITE
        )
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


async def test_code_flow_userinfo_refresh_reuse_and_revocation(app, base, session, alice):
    new = register(session)
    cookies = cookie_for(session, alice.user.id)
    async with oauth_client(app, new, base) as client:
        url, verifier, nonce = authorization_url(client, base)
        async with browser(app, base, cookies) as web:
            screen = await web.get(url)
        assert "Кабинет СЗН (тест)" in screen.text
        for label in ("Идентификатор", "ФИО, дата рождения", "СНИЛС", "Телефон и e-mail"):
            assert label in screen.text
        location = await consent_and_code(app, base, cookies, url)
        assert location.startswith(REDIRECT + "?code=")
        token = await client.fetch_token(authorization_response=location, code_verifier=verifier)

        keyset = KeySet.import_key_set((await client.get(routes.OIDC_JWKS)).json())
        claims = jwt.decode(token["id_token"], keyset).claims
        assert claims["iss"] == base and claims["aud"] == [new.client_id]
        assert claims["sub"] == str(alice.user.id) and claims["nonce"] == nonce
        assert claims["amr"] == ["pwd", "otp"]

        info = (await client.get(routes.OAUTH_USERINFO)).json()
        assert info["family_name"] == alice.user.last_name
        assert info["email"] == alice.user.email and info["sub"] == str(alice.user.id)

        first_refresh = token["refresh_token"]
        renewed = await client.refresh_token(refresh_token=first_refresh)
        assert renewed["refresh_token"] != first_refresh
        assert (await client.get(routes.OAUTH_USERINFO)).status_code == 200

        # The spent refresh token comes back: the whole family is revoked.
        replay = await client.post(
            routes.OAUTH_TOKEN,
            data={
                "grant_type": "refresh_token",
                "refresh_token": first_refresh,
            },
            auth=(new.client_id, new.client_secret),
        )
        assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
        assert (await client.get(routes.OAUTH_USERINFO)).status_code == 401
        session.expire_all()
        audited = session.exec(
            select(AuditEvent.details).where(AuditEvent.action == "oidc.reuse_detected")
        ).all()
        assert audited == ["refresh_token"]
        second = await client.post(
            routes.OAUTH_TOKEN,
            data={
                "grant_type": "refresh_token",
                "refresh_token": renewed["refresh_token"],
            },
            auth=(new.client_id, new.client_secret),
        )
        assert second.status_code == 400


async def test_revoking_the_app_stops_its_tokens_at_once(app, base, session, alice):
    new = register(session)
    cookies = cookie_for(session, alice.user.id)
    async with oauth_client(app, new, base) as client:
        url, verifier, _ = authorization_url(client, base)
        location = await consent_and_code(app, base, cookies, url)
        token = await client.fetch_token(authorization_response=location, code_verifier=verifier)
        assert (await client.get(routes.OAUTH_USERINFO)).status_code == 200
        assert [a["client_id"] for a in consents.connected(session, alice.user.id)] == [
            new.client_id
        ]
        consents.revoke(
            db=session,
            user_id=alice.user.id,
            client_id=new.client_id,
            actor=Actor(user_id=alice.user.id),
        )
        session.commit()
        assert (await client.get(routes.OAUTH_USERINFO)).status_code == 401
        refresh = await client.post(
            routes.OAUTH_TOKEN,
            data={
                "grant_type": "refresh_token",
                "refresh_token": token["refresh_token"],
            },
            auth=(new.client_id, new.client_secret),
        )
        assert refresh.status_code == 400
    assert consents.connected(session, alice.user.id) == []
