"""Everything «Вход через Госуслуги» must refuse: no session or no second factor, foreign
redirect URIs, unknown clients, missing or weak PKCE, expired and replayed codes, wrong client
credentials, forged consent posts; and what it must keep: consent, key rotation, scope limits."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import update
from sqlmodel import col

from gosapp import routes
from gosapp.api.app import create_api
from gosapp.models.accounts import utcnow
from gosapp.models.oidc import OidcAuthorizationCode, OidcToken
from gosapp.services.common.audit import Actor
from gosapp.services.identity import sessions, signin
from gosapp.services.identity.oidc import clients, keys
from gosapp.settings import get_settings
from tests.api.oidc_helpers import (
    REDIRECT,
    SAME_SITE,
    authorization_url,
    consent_form,
    oauth_client,
    query_of,
    register,
)
from tests.api.test_documents import cookie_for
from tests.factories import make_user

pytestmark = pytest.mark.anyio


@pytest.fixture
def app(engine):
    return create_api(lambda: engine)


@pytest.fixture
def base() -> str:
    return get_settings().public_url


def web(app, base, cookies=None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=base, cookies=cookies or {}
    )


async def allow(app, base, cookies, url, **post) -> httpx.Response:
    """«Разрешить» on the consent screen (or the code at once, when allowed before)."""
    async with web(app, base, cookies) as browser:
        screen = await browser.get(url)
        if screen.status_code == 302:
            return screen
        assert screen.status_code == 200, screen.text
        form = {**consent_form(screen.text), "decision": "allow", **post}
        return await browser.post(url, data=form, headers=SAME_SITE)


def authorize_query(new, **params) -> str:
    base = {
        "response_type": "code",
        "client_id": new.client_id,
        "redirect_uri": REDIRECT,
        "scope": "openid profile",
        "state": "s-1",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM",
        "code_challenge_method": "S256",
    }
    merged = {k: v for k, v in {**base, **params}.items() if v is not None}
    return f"{routes.OAUTH_AUTHORIZE}?{urlencode(merged)}"


async def test_without_a_session_the_user_signs_in_first_and_comes_back(app, base, session):
    new = register(session)
    url = authorize_query(new)
    async with web(app, base) as browser:
        answer = await browser.get(url)
    assert answer.status_code == 303
    target = answer.headers["location"]
    assert urlsplit(target).path == routes.LOGIN
    assert parse_qs(urlsplit(target).query)["next"] == [url]
    assert routes.safe_next(url) == url  # the login page will return there


async def test_a_session_without_an_enrolled_second_factor_is_not_enough(app, base, session):
    new = register(session)
    user = make_user(session)  # no authenticator enrolled
    ticket = signin.issue_ticket(session=session, user_id=user.id)
    token = sessions.exchange_ticket(session=session, ticket=ticket, actor=Actor())
    session.commit()
    async with web(app, base, {sessions.COOKIE_NAME: token or ""}) as browser:
        answer = await browser.get(authorize_query(new))
    assert answer.status_code == 303 and answer.headers["location"].startswith(routes.LOGIN)


@pytest.mark.parametrize(
    "params",
    [
        {"redirect_uri": "https://evil.example/cb"},
        {"redirect_uri": REDIRECT + "/other"},
        {"redirect_uri": None},
        {"client_id": "unknown"},
        {"client_id": None},
    ],
)
async def test_an_unknown_client_or_foreign_redirect_uri_never_redirects(
    app, base, session, alice, params
):
    new = register(session)
    async with web(app, base, cookie_for(session, alice.user.id)) as browser:
        answer = await browser.get(authorize_query(new, **params))
    assert answer.status_code == 400 and "location" not in answer.headers
    assert "Вход через Госуслуги невозможен" in answer.text
    assert "evil.example" not in answer.text


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge_method": None}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "openid admin"}, "invalid_scope"),
    ],
)
async def test_missing_pkce_and_bad_requests_go_back_to_the_client_as_errors(
    app, base, session, alice, params, error
):
    new = register(session)
    async with web(app, base, cookie_for(session, alice.user.id)) as browser:
        answer = await browser.get(authorize_query(new, **params))
    assert answer.status_code == 302
    assert answer.headers["location"].startswith(REDIRECT)
    sent = query_of(answer.headers["location"])
    assert (sent["error"], sent["state"]) == (error, "s-1") and "code" not in sent


async def test_consent_posts_need_the_token_of_this_session_and_a_same_site_origin(
    app, base, session, alice, bob
):
    new = register(session)
    url = authorize_query(new)
    alice_cookies, bob_cookies = (
        cookie_for(session, alice.user.id),
        cookie_for(session, bob.user.id),
    )
    async with web(app, base, alice_cookies) as browser:
        screen = await browser.get(url)
        form = {**consent_form(screen.text), "decision": "allow"}
        cross = await browser.post(url, data=form, headers={"sec-fetch-site": "cross-site"})
        foreign = await browser.post(url, data=form, headers={"origin": "https://evil.example"})
        bare = await browser.post(url, data={"decision": "allow"}, headers=SAME_SITE)
        other_request = await browser.post(
            authorize_query(new, state="s-2"), data=form, headers=SAME_SITE
        )
    async with web(app, base, bob_cookies) as browser:
        stolen = await browser.post(url, data=form, headers=SAME_SITE)
    for answer in (cross, foreign, bare, other_request, stolen):
        assert answer.status_code == 403 and "location" not in answer.headers
    # The screen must let the browser send its real Origin with the post: under
    # "no-referrer" Chromium sends "Origin: null" and every «Разрешить» was refused.
    assert screen.headers["referrer-policy"] == "same-origin"


async def test_refusing_sends_access_denied_and_records_no_consent(app, base, session, alice):
    new = register(session)
    url = authorize_query(new)
    cookies = cookie_for(session, alice.user.id)
    async with web(app, base, cookies) as browser:
        screen = await browser.get(url)
        answer = await browser.post(
            url, data={**consent_form(screen.text), "decision": "deny"}, headers=SAME_SITE
        )
        again = await browser.get(url)
    assert answer.status_code == 302
    assert query_of(answer.headers["location"])["error"] == "access_denied"
    assert again.status_code == 200  # asked again: nothing was allowed


async def test_a_second_sign_in_skips_the_screen_unless_prompt_consent(app, base, session, alice):
    new = register(session)
    cookies = cookie_for(session, alice.user.id)
    assert (await allow(app, base, cookies, authorize_query(new))).status_code == 302
    async with web(app, base, cookies) as browser:
        quick = await browser.get(authorize_query(new, state="s-2"))
        asked = await browser.get(authorize_query(new, state="s-3", prompt="consent"))
        wider = await browser.get(authorize_query(new, state="s-4", scope="openid snils"))
    assert quick.status_code == 302 and "code" in query_of(quick.headers["location"])
    assert asked.status_code == 200 and wider.status_code == 200
    assert "СНИЛС" in wider.text


async def exchange(client, location, verifier, auth) -> httpx.Response:
    """A raw token request (``auth``: client id and secret, HTTP Basic)."""
    code = query_of(location)["code"]
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    data |= {"code_verifier": verifier} if verifier else {}
    return await client.post(routes.OAUTH_TOKEN, data=data, auth=auth)


async def signed_code(app, base, session, alice, new, client) -> tuple[str, str]:
    url, verifier, _ = authorization_url(client, base)
    answer = await allow(app, base, cookie_for(session, alice.user.id), url)
    return answer.headers["location"], verifier


async def test_the_token_endpoint_refuses_bad_verifiers_expired_codes_and_replays(
    app, base, session, alice
):
    new = register(session)
    async with oauth_client(app, new, base) as client:
        mine = (new.client_id, new.client_secret)
        location, verifier = await signed_code(app, base, session, alice, new, client)
        no_verifier = await exchange(client, location, "", mine)
        assert no_verifier.json()["error"] == "invalid_request"

        location, verifier = await signed_code(app, base, session, alice, new, client)
        wrong = await exchange(client, location, "x" * 43, mine)
        assert wrong.json()["error"] == "invalid_grant"
        assert (await exchange(client, location, verifier, mine)).status_code == 400  # spent

        location, verifier = await signed_code(app, base, session, alice, new, client)
        session.exec(
            update(OidcAuthorizationCode)
            .where(col(OidcAuthorizationCode.used_at).is_(None))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
        expired = await exchange(client, location, verifier, mine)
        assert expired.json()["error"] == "invalid_grant"

        location, verifier = await signed_code(app, base, session, alice, new, client)
        first = await exchange(client, location, verifier, mine)
        assert first.status_code == 200
        bearer = {"Authorization": f"Bearer {first.json()['access_token']}"}
        async with web(app, base) as plain:
            assert (await plain.get(routes.OAUTH_USERINFO, headers=bearer)).status_code == 200
            replay = await exchange(client, location, verifier, mine)
            assert replay.json()["error"] == "invalid_grant"
            assert (await plain.get(routes.OAUTH_USERINFO, headers=bearer)).status_code == 401


async def test_a_code_works_only_for_its_client_with_its_secret(app, base, session, alice):
    new, other = register(session), register(session, name="Чужое приложение")
    async with oauth_client(app, new, base) as client:
        location, verifier = await signed_code(app, base, session, alice, new, client)
        bad_secret = await exchange(client, location, verifier, (new.client_id, "wrong"))
        assert bad_secret.status_code == 401 and bad_secret.json()["error"] == "invalid_client"
        theirs = (other.client_id, other.client_secret)
        assert (await exchange(client, location, verifier, theirs)).json()["error"] == (
            "invalid_grant"
        )
        mine = (new.client_id, new.client_secret)
        assert (await exchange(client, location, verifier, mine)).status_code == 200


async def test_a_revoked_client_can_neither_sign_in_nor_use_its_tokens(app, base, session, alice):
    new = register(session)
    async with oauth_client(app, new, base) as client:
        url, verifier, _ = authorization_url(client, base)
        location = (await allow(app, base, cookie_for(session, alice.user.id), url)).headers[
            "location"
        ]
        await client.fetch_token(authorization_response=location, code_verifier=verifier)
        clients.revoke(session=session, client_id=new.client_id, actor=Actor())
        session.commit()
        assert (await client.get(routes.OAUTH_USERINFO)).status_code == 401
        async with web(app, base, cookie_for(session, alice.user.id)) as browser:
            assert (await browser.get(authorize_query(new))).status_code == 400


async def test_userinfo_gives_only_what_the_client_may_read(app, base, session, alice):
    new = register(session, scope="openid contacts")
    async with oauth_client(app, new, base, scope="openid profile contacts") as client:
        url, verifier, _ = authorization_url(client, base)
        async with web(app, base, cookie_for(session, alice.user.id)) as browser:
            screen = await browser.get(url)
        assert "Телефон и e-mail" in screen.text and "ФИО" not in screen.text
        location = (await allow(app, base, cookie_for(session, alice.user.id), url)).headers[
            "location"
        ]
        token = await client.fetch_token(authorization_response=location, code_verifier=verifier)
        assert token["scope"] == "openid contacts"
        info = (await client.get(routes.OAUTH_USERINFO)).json()
    assert info["email"] == alice.user.email
    assert "family_name" not in info and "snils" not in info and "birthdate" not in info


async def test_discovery_and_a_rotated_key_still_verifying_earlier_tokens(
    app, base, session, alice
):
    new = register(session)
    async with web(app, base) as anonymous:
        meta = (await anonymous.get(routes.OIDC_CONFIGURATION)).json()
    OpenIDProviderMetadata(meta).validate()  # authlib's check of the discovery document
    assert meta["issuer"] == base and meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["token_endpoint"] == base + routes.OAUTH_TOKEN
    async with oauth_client(app, new, base) as client:
        url, verifier, _ = authorization_url(client, base)
        location = (await allow(app, base, cookie_for(session, alice.user.id), url)).headers[
            "location"
        ]
        token = await client.fetch_token(authorization_response=location, code_verifier=verifier)
        keys.rotate(session=session)
        session.commit()
        published = (await client.get(routes.OIDC_JWKS)).json()
    assert len(published["keys"]) == 2
    assert all("d" not in key and "p" not in key for key in published["keys"])
    claims = jwt.decode(token["id_token"], KeySet.import_key_set(published)).claims
    assert claims["sub"] == str(alice.user.id)


async def test_prompt_none_never_shows_a_page_it_answers_the_client(app, base, session, alice):
    new = register(session)
    silent = authorize_query(new, prompt="none")
    async with web(app, base) as anonymous:
        nobody = await anonymous.get(silent)
        foreign = await anonymous.get(
            authorize_query(new, prompt="none", redirect_uri="https://evil.example/")
        )
    assert nobody.status_code == 302
    assert query_of(nobody.headers["location"])["error"] == "login_required"
    assert foreign.status_code == 400 and "location" not in foreign.headers
    cookies = cookie_for(session, alice.user.id)
    async with web(app, base, cookies) as browser:
        unasked = await browser.get(silent)
    assert query_of(unasked.headers["location"]) == {"error": "consent_required", "state": "s-1"}
    assert (await allow(app, base, cookies, authorize_query(new))).status_code == 302
    async with web(app, base, cookies) as browser:
        allowed = await browser.get(silent)
    assert allowed.status_code == 302 and "code" in query_of(allowed.headers["location"])


async def test_an_expired_access_token_is_refused(app, base, session, alice):
    new = register(session)
    async with oauth_client(app, new, base) as client:
        url, verifier, _ = authorization_url(client, base)
        location = (await allow(app, base, cookie_for(session, alice.user.id), url)).headers[
            "location"
        ]
        await client.fetch_token(authorization_response=location, code_verifier=verifier)
        assert (await client.get(routes.OAUTH_USERINFO)).status_code == 200
        session.exec(update(OidcToken).values(access_expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
        answer = await client.get(routes.OAUTH_USERINFO)
    assert answer.status_code == 401 and "invalid_token" in answer.headers["www-authenticate"]
