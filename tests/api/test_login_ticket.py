"""Login CSRF: a ticket opens a session only in the browser that passed both login steps.

Attack: the attacker logs into their own account, keeps the ticket, and makes the victim's
browser open /api/auth/session?ticket=… from a foreign page, so that what the victim then
uploads lands in the attacker's account.
"""

import httpx
import pytest

from gosapp.api.app import create_api
from gosapp.api.binding import BROWSER_COOKIE
from gosapp.services.identity import sessions, signin
from gosapp.services.identity.tokens import token_hash


def ticket_for(session, persona, browser_cookie: str) -> str:
    ticket = signin.issue_ticket(
        session=session, user_id=persona.id, browser=token_hash(browser_cookie)
    )
    session.commit()
    return ticket


async def spend(engine, ticket, cookies, headers=None) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_api(lambda: engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:3000") as c:
        c.cookies.update(cookies)
        return await c.get(f"/api/auth/session?ticket={ticket}", headers=headers)


def opened(response) -> bool:
    return sessions.COOKIE_NAME in response.headers.get("set-cookie", "")


@pytest.mark.anyio
async def test_the_ticket_works_in_its_own_browser(engine, session, alice):
    ticket = ticket_for(session, alice, "alice-browser")
    same = {"sec-fetch-site": "same-origin"}
    assert opened(await spend(engine, ticket, {BROWSER_COOKIE: "alice-browser"}, same))


@pytest.mark.anyio
async def test_another_browser_cannot_spend_the_ticket(engine, session, alice):
    ticket = ticket_for(session, alice, "attacker-browser")
    assert not opened(await spend(engine, ticket, {BROWSER_COOKIE: "victim-browser"}))
    assert not opened(await spend(engine, ticket, {}))


@pytest.mark.anyio
async def test_a_cross_site_navigation_is_refused(engine, session, alice):
    ticket = ticket_for(session, alice, "alice-browser")
    cookies = {BROWSER_COOKIE: "alice-browser"}
    foreign = {"sec-fetch-site": "cross-site", "origin": "https://evil.example"}
    assert not opened(await spend(engine, ticket, cookies, foreign))
    assert not opened(await spend(engine, ticket, cookies, {"origin": "https://evil.example"}))
