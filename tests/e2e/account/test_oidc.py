"""«Вход через Госуслуги» against the running production app, with a real OIDC client library
(authlib's httpx ``OAuth2Client``, PKCE S256) and Chromium for the person's part.

The demo citizen signs in (password and TOTP) on the way to the consent screen, allows the
demo client «Кабинет СЗН (демо)»; the client exchanges the code, verifies the ID token against
the published JWKS, reads userinfo, refreshes; a replayed refresh token revokes the family;
«Отключить» on «Доступ приложений» stops the tokens at once. Wrong redirect URIs, missing PKCE
and expired codes are refused by the same server.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.jwk import KeySet
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import col

from gosapp import routes
from gosapp.models.accounts import utcnow
from gosapp.models.oidc import OidcAuthorizationCode
from gosapp.services.demo.accounts import demo_account
from gosapp.services.demo.oidc_client import DEMO_CLIENT
from tests.e2e.account.test_security import unused_code
from tests.e2e.test_accessibility import AXE_JS, BLOCKING

PATIENT = demo_account("patient@demo.gosapp.ru")
SIZES = ((390, 844), (768, 1024), (1366, 768))
SHOTS = Path(os.environ.get("GOSAPP_SHOTS_DIR", "/tmp/shots-oidc"))


def oauth_client(live_server) -> OAuth2Client:
    return OAuth2Client(
        client_id=DEMO_CLIENT.client_id,
        client_secret=DEMO_CLIENT.client_secret,
        scope=DEMO_CLIENT.scopes,
        redirect_uri=DEMO_CLIENT.redirect_uri,
        code_challenge_method="S256",
        token_endpoint=live_server.url + routes.OAUTH_TOKEN,
        base_url=live_server.url,
    )


def start(client: OAuth2Client, live_server) -> tuple[str, str, str]:
    """An authorization URL with a fresh verifier and nonce: (url, verifier, nonce)."""
    verifier, nonce = generate_token(48), generate_token(20)
    url, _ = client.create_authorization_url(
        live_server.url + routes.OAUTH_AUTHORIZE, code_verifier=verifier, nonce=nonce
    )
    return url, verifier, nonce


def catch_callback(page: Page) -> None:
    """Answer the demo client's redirect URI in the browser (nothing listens on it here)."""
    page.route(
        re.compile(r"^http://localhost:8090/.*"),
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body="<h1>Кабинет СЗН</h1>"
        ),
    )


def to_client(response) -> bool:
    """The portal's answer that sends the browser back to the client with a code."""
    location = response.headers.get("location", "")
    return response.status == 302 and location.startswith(DEMO_CLIENT.redirect_uri + "?code=")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in_on_the_way(page: Page, live_server) -> None:
    expect(page.locator("#login-identifier")).to_be_visible()
    page.locator("#login-identifier").fill(PATIENT.login)
    page.locator("#login-password").fill(PATIENT.password)
    page.locator("#login-submit").click()
    expect(page.locator("#totp-code")).to_be_visible()
    page.locator("#totp-code").fill(unused_code(live_server, PATIENT.login, PATIENT.totp_secret))
    page.locator("#totp-submit").click()


def to_client_httpx(response: httpx.Response) -> bool:
    location = response.headers.get("location", "")
    return response.status_code == 302 and location.startswith(DEMO_CLIENT.redirect_uri + "?code=")


def axe_findings(page: Page) -> list[str]:
    """Serious and critical axe findings on the page as it is now (SPEC §7)."""
    page.evaluate(AXE_JS)  # through DevTools: the page's CSP allows no script at all
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations"""
    )
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in BLOCKING]


def session_cookies(page: Page) -> dict[str, str]:
    return {c["name"]: c["value"] for c in page.context.cookies() if c["name"] == "gosapp_session"}


def test_sign_in_with_gosuslugi_end_to_end(page: Page, live_server):
    catch_callback(page)
    with oauth_client(live_server) as client:
        url, verifier, nonce = start(client, live_server)
        page.goto(url)  # not signed in: the login page first, then back to the request
        sign_in_on_the_way(page, live_server)
        expect(page.locator("#client-name")).to_have_text("«Кабинет СЗН (демо)»")
        expect(page.locator("#consent-user")).to_have_text("Смирнова А.П.")
        scopes = page.locator("#consent-scopes .scope")
        expect(scopes).to_have_text(
            ["Идентификатор", "ФИО, дата рождения", "СНИЛС", "Телефон и e-mail"]
        )
        shoot(page, "consent")
        assert axe_findings(page) == []
        with page.expect_response(to_client) as sent:
            page.locator("#consent-allow").click()
        callback = sent.value.headers["location"]
        token = client.fetch_token(authorization_response=callback, code_verifier=verifier)

        keyset = KeySet.import_key_set(httpx.get(live_server.url + routes.OIDC_JWKS).json())
        claims = jwt.decode(token["id_token"], keyset).claims
        assert claims["iss"] == live_server.url and claims["nonce"] == nonce
        assert claims["aud"] == [DEMO_CLIENT.client_id]

        info = client.get(routes.OAUTH_USERINFO).json()
        assert info["email"] == PATIENT.login and info["snils"] and info["family_name"]

        first = token["refresh_token"]
        client.refresh_token(refresh_token=first)
        assert client.get(routes.OAUTH_USERINFO).status_code == 200
        replay = httpx.post(
            live_server.url + routes.OAUTH_TOKEN,
            data={"grant_type": "refresh_token", "refresh_token": first},
            auth=(DEMO_CLIENT.client_id, DEMO_CLIENT.client_secret),
        )
        assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
        assert client.get(routes.OAUTH_USERINFO).status_code == 401  # the family is revoked

        # Signing in again needs no new consent: the code comes at once.
        url, verifier, _ = start(client, live_server)
        with httpx.Client(cookies=session_cookies(page), follow_redirects=False) as browser:
            again = browser.get(url)  # the browser's own cookie, as its next visit would send
        assert to_client_httpx(again), again.text
        token = client.fetch_token(
            authorization_response=again.headers["location"], code_verifier=verifier
        )
        assert client.get(routes.OAUTH_USERINFO).status_code == 200

        page.goto(routes.SECURITY)
        expect(page.locator("#security-apps-link")).to_be_visible()
        shoot(page, "security")
        page.locator("#security-apps-link").click()
        expect(page).to_have_url(re.compile(f"{routes.SECURITY_APPS}/?$"))
        row = page.locator("#security-apps .app-row")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Кабинет СЗН (демо)")
        expect(row).to_contain_text("СНИЛС")
        shoot(page, "security-apps")
        assert axe_findings(page) == []
        row.locator(".disconnect-app").click()
        page.locator(".confirm-disconnect-app").click()
        expect(page.locator("#apps-empty")).to_be_visible()
        shoot(page, "security-apps-empty")

        assert client.get(routes.OAUTH_USERINFO).status_code == 401
        refreshed = httpx.post(
            live_server.url + routes.OAUTH_TOKEN,
            data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
            auth=(DEMO_CLIENT.client_id, DEMO_CLIENT.client_secret),
        )
        assert refreshed.status_code == 400


def test_wrong_redirect_missing_pkce_and_expired_codes_are_refused(page: Page, live_server):
    catch_callback(page)
    with oauth_client(live_server) as client:
        url, verifier, _ = start(client, live_server)
        page.goto(url)
        sign_in_on_the_way(page, live_server)
        with page.expect_response(to_client) as sent:
            page.locator("#consent-allow").click()
        callback = sent.value.headers["location"]
        cookies = session_cookies(page)

        with httpx.Client(base_url=live_server.url, cookies=cookies) as web:
            foreign = web.get(url.replace("localhost%3A8090", "evil.example"))
            assert foreign.status_code == 400 and "location" not in foreign.headers
            no_pkce = re.sub(r"&code_challenge(_method)?=[^&]*", "", url)
            refused = web.get(no_pkce)
            assert refused.status_code == 302
            sent = parse_qs(urlsplit(refused.headers["location"]).query)
            assert sent["error"] == ["invalid_request"] and "code" not in sent

        with live_server.db() as db:
            db.exec(
                update(OidcAuthorizationCode)
                .where(col(OidcAuthorizationCode.used_at).is_(None))
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
            db.commit()
        expired = httpx.post(
            live_server.url + routes.OAUTH_TOKEN,
            data={
                "grant_type": "authorization_code",
                "code": parse_qs(urlsplit(callback).query)["code"][0],
                "redirect_uri": DEMO_CLIENT.redirect_uri,
                "code_verifier": verifier,
            },
            auth=(DEMO_CLIENT.client_id, DEMO_CLIENT.client_secret),
        )
        assert expired.status_code == 400 and expired.json()["error"] == "invalid_grant"
