"""Issue 9, points 3 and 8, against the production build.

- Login CSRF: a ticket the attacker got for their own account, opened in the victim's browser
  (a link, a redirect, an image), used to sign that browser into the attacker's account, so
  that what the victim then uploaded went to the attacker.
- Hostile values: a signed-in client sends what no page sends — "²" (``str.isdigit`` says yes,
  ``int`` says no), a 20-digit id, a dict — to handlers that take an id. Before, these ended in
  an unhandled exception (the incident page); now each is a refusal the page shows.
"""

import json

from playwright.sync_api import expect

from gosapp.pages.account.support import SupportState
from gosapp.services.identity import sessions, signin
from gosapp.services.identity.tokens import token_hash
from tests.e2e.account.test_profile import log_in
from tests.e2e.security.test_state_binding import boot, cookie_header, leave, replies, tab_token
from tests.personas import make_persona
from tests.wsclient import ReflexSocket


def test_a_ticket_issued_to_another_browser_signs_nobody_in(page, live_server):
    with live_server.db() as db:
        attacker = make_persona(db, "pavel")
        ticket = signin.issue_ticket(
            session=db, user_id=attacker.id, browser=token_hash("the-attacker's-browser")
        )
        db.commit()
    page.goto("/login")  # the victim's browser, with its own pre-login cookie
    page.goto(f"/api/auth/session?ticket={ticket}")
    expect(page.locator("#login-identifier")).to_be_visible()
    assert sessions.COOKIE_NAME not in {c["name"] for c in page.context.cookies()}


def test_hostile_ids_are_refused_not_raised(page, live_server):
    with live_server.db() as db:
        persona = make_persona(db, "raisa")
    log_in(page, persona)
    page.goto("/support")
    token, own = tab_token(page), cookie_header(page)
    leave(page)
    tab = ReflexSocket(live_server.url, token=token, cookie=own, boot=boot("/support"))
    try:
        replies(tab)
        answers = []
        for hostile in ("²", "9" * 20, {"id": 1}, ["1"], -1):
            tab.emit(f"{SupportState.get_full_name()}.toggle", {"request_id": hostile}, "/support")
            answers.append(replies(tab, seconds=3))
    finally:
        tab.close()
    # the toast's text travels inside a JS call, \u-escaped
    not_found = json.dumps("Заявление не найдено")[1:-1].replace("\\", "\\\\")
    assert all("/error/" not in answer for answer in answers), answers
    assert all(not_found in answer for answer in answers), answers
