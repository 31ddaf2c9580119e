"""Reflex never sees our cookies: the websocket and uploads get keyed hashes only.

Attacks these stand for: reading a tab's stored state (which keeps the handshake's headers) to
lift a live session cookie; forging the keyed headers from the client; planting a file in
another user's submission through /_upload with a copied client token.
"""

import httpx
import pytest
from starlette.responses import PlainTextResponse

from gosapp.api.app import create_api
from gosapp.api.binding import BROWSER_COOKIE, BROWSER_HEADER, SESSION_HEADER, binding_of
from gosapp.services.identity.tokens import token_hash


class Reflex:
    """Stands in for Reflex: records the headers it was given."""

    def __init__(self):
        self.seen: list[dict[str, str]] = []

    async def __call__(self, scope, receive, send):
        self.seen.append({k.decode(): v.decode() for k, v in scope["headers"]})
        await PlainTextResponse("ok")(scope, receive, send)


def app_with(reflex, owner=None):
    api = create_api(owner=owner)
    api.mount("", reflex)
    return api


async def request(app, method, path, cookies=None, headers=None):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        client.cookies.update(cookies or {})
        return await client.request(method, path, headers=headers)


@pytest.mark.anyio
async def test_reflex_gets_keyed_hashes_never_the_cookies():
    reflex = Reflex()
    cookies = {"gosapp_session": "RAW-SESSION", BROWSER_COOKIE: "RAW-BROWSER", "other": "x"}
    await request(app_with(reflex), "GET", "/_event/?EIO=4", cookies=cookies)
    [headers] = reflex.seen
    assert "cookie" not in headers
    assert "RAW-SESSION" not in str(headers) and "RAW-BROWSER" not in str(headers)
    assert headers[SESSION_HEADER] == token_hash("RAW-SESSION")
    assert headers[BROWSER_HEADER] == token_hash("RAW-BROWSER")


@pytest.mark.anyio
async def test_a_client_cannot_send_the_keyed_headers_itself():
    reflex = Reflex()
    forged = {SESSION_HEADER: "stolen-key", BROWSER_HEADER: "stolen-browser"}
    await request(app_with(reflex), "GET", "/_event/?EIO=4", headers=forged)
    assert SESSION_HEADER not in reflex.seen[0] and BROWSER_HEADER not in reflex.seen[0]


@pytest.mark.anyio
async def test_a_first_page_load_gets_the_browser_cookie_once():
    reflex = Reflex()
    first = await request(app_with(reflex), "GET", "/login")
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{BROWSER_COOKIE}=") and "HttpOnly" in cookie
    again = await request(app_with(reflex), "GET", "/login", cookies={BROWSER_COOKIE: "b"})
    assert "set-cookie" not in again.headers


@pytest.mark.anyio
async def test_an_upload_runs_only_for_the_session_its_tab_belongs_to():
    owners = {"victim-tab": binding_of({SESSION_HEADER: token_hash("victim")})}

    async def owner(token):
        return owners.get(token, "")

    reflex = Reflex()
    app = app_with(reflex, owner)
    tab = {"reflex-client-token": "victim-tab", "reflex-event-handler": "x"}
    copied = await request(app, "POST", "/_upload", {"gosapp_session": "attacker"}, tab)
    no_cookie = await request(app, "POST", "/_upload", headers=tab)
    own = await request(app, "POST", "/_upload", {"gosapp_session": "victim"}, tab)
    assert (copied.status_code, no_cookie.status_code, own.status_code) == (403, 403, 200)
    assert len(reflex.seen) == 1


@pytest.mark.anyio
async def test_reading_from_the_upload_folder_is_left_to_reflex():
    """Only posting a file needs the tab's session; a GET gets Reflex's own answer (404)."""
    reflex = Reflex()
    response = await request(app_with(reflex), "GET", "/_upload/some-key")
    assert response.status_code == 200 and len(reflex.seen) == 1
