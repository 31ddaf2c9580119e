"""Issue 9, points 1–2: a tab's Reflex state opens nothing without the session that filled it.

Reflex keeps each tab's whole state under a client token that sits in ``sessionStorage`` and in
the websocket URL, and ``hydrate`` sends that state to whoever presents the token. Each test is
an attack, driven over a raw websocket (``tests/wsclient.py``) with a token copied from a real
browser tab, the way it was reproduced against the code before the fix:

- a signed-in patient's token, no cookie: ``hydrate`` gave the profile (name, contacts,
  passport); the same right after that patient logged out in the tab (a clinic terminal);
- a registration left at «сохраните коды»: ``hydrate`` gave all 10 recovery codes and
  ``RegisterState.finish`` a ticket for a full session;
- ``/_upload`` with the victim's token and the attacker's own session cookie: the file was
  staged into the victim's submission (it authenticated by the cookie stored in the state);
- page vars outlive their page: the profile stayed in the tab's state on every other page;
- state at rest: the disk state manager wrote every tab's state, cookie header included, to
  world-readable files; now no file the app writes holds the cookie or a recovery code.

Each attack has its control: the same call with the tab's own cookies does get the data, so a
test cannot pass because nothing came back at all.
"""

import json
import time
from pathlib import Path

import httpx
import pyotp
from playwright.sync_api import expect
from reflex import constants
from reflex.state import State

from gosapp.api.binding import BROWSER_COOKIE
from gosapp.pages.account.register import RegisterState
from gosapp.services.identity import sessions, signin
from gosapp.state.uploads import UploadsState
from tests.e2e.account.test_identity import fill_registration, latest_code
from tests.e2e.account.test_profile import log_in
from tests.e2e.conftest import ROOT
from tests.e2e.header import log_out
from tests.personas import make_persona
from tests.wsclient import ReflexSocket

HYDRATE = f"{State.get_full_name()}.{constants.CompileVars.HYDRATE_AND_LOAD}"


def boot(path: str) -> dict:
    """The hydrate a page sends in its CONNECT packet."""
    return {"name": HYDRATE, "payload": {}, "router_data": {"pathname": path, "asPath": path}}


def page_loaded(update: dict) -> bool:
    """The last update of a page load: the root state's ``is_hydrated`` turns true."""
    root = (update.get("delta") or {}).get(State.get_full_name(), {})
    return any(k.startswith("is_hydrated") and v is True for k, v in root.items())


def replies(tab: ReflexSocket, seconds: float = 8.0) -> str:
    """Everything the server sends within ``seconds`` (or until the page load completes)."""
    seen, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        tab.ws.sock.settimeout(left)
        try:
            update = tab.update()
        except OSError:  # the time is up (socket.timeout is an OSError)
            break
        seen.append(update)
        if page_loaded(update):
            break
    return json.dumps(seen, ensure_ascii=False)


def hydrate_as(live_server, token: str, path: str, cookie: str = "") -> str:
    """What a websocket presenting ``token`` (and ``cookie``) receives when it loads ``path``."""
    tab = ReflexSocket(live_server.url, token=token, cookie=cookie, boot=boot(path))
    try:
        return replies(tab)
    finally:
        tab.close()


def cookie_header(page) -> str:
    """The tab's own cookies, as its browser would send them (HttpOnly ones included)."""
    return "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())


def tab_token(page) -> str:
    return page.evaluate("window.sessionStorage.getItem('token')")


def leave(page) -> None:
    """Close the tab's websocket (a second socket with a live tab's token gets a new token)."""
    page.goto("about:blank")
    time.sleep(1)


def test_a_copied_token_without_the_cookie_gets_no_profile(page, live_server):
    with live_server.db() as db:
        tamara = make_persona(db, "tamara")
    log_in(page, tamara)
    page.goto("/profile")
    expect(page.locator("#profile-full-name")).to_contain_text("Тарасова")
    token, own = tab_token(page), cookie_header(page)
    leave(page)

    assert "tamara@example.ru" in hydrate_as(live_server, token, "/profile", own)  # control
    # her own tab on another page no longer holds the profile: it lives only while shown
    assert "tamara@example.ru" not in hydrate_as(live_server, token, "/history", own)
    stolen = hydrate_as(live_server, token, "/profile")
    assert "Тарасова" not in stolen and "tamara@example.ru" not in stolen

    page.goto("/profile")
    expect(page.locator("#profile-full-name")).to_contain_text("Тарасова")
    log_out(page)
    expect(page.locator("#login-identifier")).to_be_visible()
    token, left_behind = tab_token(page), cookie_header(page)
    leave(page)
    after_logout = hydrate_as(live_server, token, "/profile", left_behind)
    assert "Тарасова" not in after_logout and "tamara@example.ru" not in after_logout


def test_a_registration_left_at_the_codes_yields_neither_codes_nor_a_session(page, live_server):
    phone, email, password = "+79163334455", "lev.orlov@example.ru", "Кедровый-Бор-2026"
    fill_registration(page, phone, email, password)
    expect(page.locator("#phone-code")).to_be_visible()  # the codes have been sent
    page.locator("#phone-code").fill(latest_code(live_server, phone))
    page.locator("#phone-code-submit").click()
    expect(page.locator("#phone-confirmed")).to_be_visible()
    page.locator("#email-code").fill(latest_code(live_server, email))
    page.locator("#email-code-submit").click()
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    page.locator("#totp-code").fill(pyotp.TOTP(key).now())
    page.locator("#totp-submit").click()
    expect(page.locator("#recovery-codes code")).to_have_count(10)
    first_code = page.locator("#recovery-codes code").first.inner_text()
    token, own = tab_token(page), cookie_header(page)
    leave(page)

    assert first_code in hydrate_as(live_server, token, "/register", own)  # control
    attacker = ReflexSocket(live_server.url, token=token, boot=boot("/register"))
    try:
        loaded = replies(attacker)
        attacker.emit(f"{RegisterState.get_full_name()}.finish", {}, path="/register")
        after_finish = replies(attacker, seconds=3)
    finally:
        attacker.close()
    assert first_code not in loaded
    assert "/api/auth/session" not in after_finish and "ticket" not in after_finish


def test_an_upload_with_a_copied_token_is_refused(page, live_server):
    with live_server.db() as db:
        victim, attacker = make_persona(db, "kirill"), make_persona(db, "fedor")
        ticket = signin.issue_ticket(session=db, user_id=attacker.id, browser="")
        own = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
        db.commit()
    log_in(page, victim)
    page.goto("/support")
    handler = f"{UploadsState.get_full_name()}.upload"
    headers = {"reflex-client-token": tab_token(page), "reflex-event-handler": handler}
    files = {"files": ("note.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")}
    response = httpx.post(
        f"{live_server.url}/_upload",
        headers=headers,
        cookies={sessions.COOKIE_NAME: own, BROWSER_COOKIE: "attacker-browser"},
        files=files,
        timeout=10,
    )
    assert response.status_code == 403


def test_no_file_the_app_writes_holds_a_cookie_or_a_recovery_code(page, live_server):
    with live_server.db() as db:
        persona = make_persona(db, "lidia")
    log_in(page, persona)
    page.goto("/security")
    secrets = [c["value"] for c in page.context.cookies() if c["name"] == sessions.COOKIE_NAME]
    assert secrets
    folders = [ROOT / ".states-e2e", Path(live_server.env["GOSAPP_DATA_DIR"])]
    found = [
        path
        for folder in folders
        if folder.exists()
        for path in folder.rglob("*")
        if path.is_file()
        and not path.name.startswith("gosapp.db")  # the database: keyed hashes only
        and any(s.encode() in path.read_bytes() for s in secrets)
    ]
    assert found == []
