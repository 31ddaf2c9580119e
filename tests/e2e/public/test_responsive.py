"""The shell on a phone (390×844), a tablet (768×1024) and a desktop (1366×768): a one-row
header with a drawer or a user menu, no page wider than the screen, tables as cards on phones,
and nothing false drawn before the first load (issue 11, items 2, 3 and 5).

Screenshots of the phone header and a stacked table go to ``$GOSAPP_SHOTS_DIR`` when it is set.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from gosapp.models.accounts import Role, utcnow
from gosapp.services.common.audit import Actor
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password
from gosapp.services.identity.roles import grant_role
from gosapp.services.requests import workflow
from tests.e2e.account.test_security import unused_code
from tests.factories import make_user

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1366, "height": 768}
PASSWORD = "Полярная-Звезда-2026"
CITIZEN_PAGES = (
    "/",
    "/patient",
    "/certificates",
    "/appointments",
    "/appointments/my",
    "/support",
    "/history",
    "/profile",
    "/security",
    "/notifications",
)
STAFF_PAGES = ("/staff", "/staff/users", "/staff/audit", "/staff/schedules")
VISITOR_PAGES = ("/", "/login", "/register", "/recover")


def account(live_server, role: Role = Role.CITIZEN, requests: int = 0) -> tuple[str, str]:
    """A fresh account with ``requests`` support tickets; its e-mail and TOTP secret."""
    secret, tag = totp.new_secret(), secrets.token_hex(4)
    email = f"shell-{tag}@example.ru"
    with live_server.db() as db:
        user = make_user(
            db,
            last_name="Широкова",
            first_name="Ульяна",
            email=email,
            phone=f"+7927{secrets.randbelow(10**7):07d}",
            password_hash=hash_password(PASSWORD),
            totp_secret_enc=totp.encrypt_secret(secret),
            totp_enabled_at=utcnow(),
        )
        if role != Role.CITIZEN:
            grant_role(session=db, user_id=user.id, role=role)
        for n in range(requests):
            data = {"category": "information", "subject": f"Вопрос {n + 1}", "text": "Когда?"}
            workflow.create(
                session=db, applicant=user, type_code="support", data=data, actor=Actor()
            )
        db.commit()
    return email, secret


def signed_in(browser, live_server, viewport: dict, **kw) -> Page:
    """A tab of ``viewport`` size (no animations: sizes are final), signed in afresh."""
    email, secret = account(live_server, **kw)
    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport=viewport, reduced_motion="reduce"
    )
    tab = context.new_page()
    tab.goto("/login", wait_until="networkidle")
    tab.locator("#login-identifier").fill(email)
    tab.locator("#login-password").fill(PASSWORD)
    tab.locator("#login-submit").click()
    tab.locator("#totp-code").fill(unused_code(live_server, email, secret))
    tab.locator("#totp-submit").click()
    expect(tab.locator("#header-bell")).to_be_visible()
    return tab


def shot(page: Page, name: str, **kw) -> None:
    """Save a screenshot when ``GOSAPP_SHOTS_DIR`` is set (for people to look at)."""
    if folder := os.environ.get("GOSAPP_SHOTS_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), **kw)


def height(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["height"]


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")


def test_phone_header_is_one_short_row_with_a_drawer(browser, live_server):
    page = signed_in(browser, live_server, PHONE)
    page.goto("/history", wait_until="networkidle")
    assert height(page, "#site-header") <= 64
    expect(page.locator("#nav-patient")).to_be_hidden()
    expect(page.locator("#account-name")).to_be_hidden()
    expect(page.locator("#header-bell")).to_be_visible()
    shot(page, "phone-header", clip={"x": 0, "y": 0, "width": 390, "height": 300})

    page.locator("#menu-button").click()
    drawer = page.locator("#nav-drawer")
    expect(drawer).to_be_visible()
    entries = ("drawer-nav-patient", "drawer-nav-staff", "drawer-profile", "drawer-security")
    for element_id in (*entries, "drawer-notifications", "logout"):
        expect(page.locator(f"#{element_id}")).to_be_visible()
        assert height(page, f"#{element_id}") >= 44, element_id
    shot(page, "phone-header-drawer-open")

    page.locator("#drawer-profile").click()  # navigates and closes the drawer
    expect(page).to_have_url(re.compile("/profile$"))
    expect(drawer).to_be_hidden()
    page.locator("#menu-button").click()
    page.locator("#logout").click()
    expect(page.locator("#login-identifier")).to_be_visible()
    page.context.close()


def test_tablet_header_is_one_row_with_the_menu_button(browser, live_server):
    page = signed_in(browser, live_server, TABLET)
    assert height(page, "#site-header") <= 64
    expect(page.locator("#menu-button")).to_be_visible()
    expect(page.locator("#nav-patient")).to_be_hidden()
    page.context.close()


def test_desktop_header_has_the_cabinets_and_a_user_menu(browser, live_server):
    page = signed_in(browser, live_server, DESKTOP)
    assert height(page, "#site-header") <= 64
    expect(page.locator("#nav-patient")).to_be_visible()
    expect(page.locator("#menu-button")).to_be_hidden()
    page.locator("#account-name").click()
    for element_id in ("menu-profile", "menu-security", "menu-notifications", "logout"):
        expect(page.locator(f"#{element_id}")).to_be_visible()
        assert height(page, f"#{element_id}") >= 44, element_id
    for suffix in ("profile", "security", "notifications"):  # real links, not click handlers
        expect(page.locator(f"#menu-{suffix}")).to_have_attribute("href", f"/{suffix}")
    page.locator("#menu-security").click()
    expect(page).to_have_url(re.compile("/security$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Безопасность")
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["phone", "tablet", "desktop"])
def test_no_page_scrolls_sideways(browser, live_server, viewport):
    citizen = signed_in(browser, live_server, viewport, requests=3)
    staff = signed_in(browser, live_server, viewport, role=Role.REGISTRAR)
    visitor = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport=viewport, reduced_motion="reduce"
    ).new_page()
    wide = []
    for page, routes in ((citizen, CITIZEN_PAGES), (staff, STAFF_PAGES), (visitor, VISITOR_PAGES)):
        for route in routes:
            page.goto(route, wait_until="networkidle")
            if scrolls_sideways(page):
                wide.append(route)
        page.context.close()
    assert not wide, f"wider than {viewport['width']} px: {wide}"


def test_history_table_is_a_stack_of_cards_on_a_phone(browser, live_server):
    page = signed_in(browser, live_server, PHONE, requests=3)
    page.goto("/history", wait_until="networkidle")
    rows = page.locator("#history-table .history-row")
    expect(rows).to_have_count(3)
    expect(page.locator("#history-table thead th").first).not_to_be_in_viewport()
    for i in range(3):
        box = rows.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert rows.nth(i).evaluate("r => getComputedStyle(r).display") == "block"
        for part in (".rt-Badge", ".history-toggle"):  # status and action, on the screen
            part_box = rows.nth(i).locator(part).first.bounding_box()
            assert part_box and part_box["x"] + part_box["width"] <= 390, part
    assert not scrolls_sideways(page)

    rows.nth(1).locator(".history-toggle").click()  # the timeline opens under that card
    timeline = page.locator("[id^='history-timeline-']")
    expect(timeline).to_be_visible()
    top = timeline.bounding_box()["y"]
    assert rows.nth(1).bounding_box()["y"] < top < rows.nth(2).bounding_box()["y"]
    below = rows.nth(2).bounding_box()
    assert top + timeline.bounding_box()["height"] <= below["y"]  # nothing overlaps
    rows.nth(0).evaluate("r => scrollTo(0, r.getBoundingClientRect().top + scrollY - 72)")
    shot(page, "phone-history-cards")
    page.context.close()


def test_nothing_false_is_drawn_before_the_server_answers(browser, live_server):
    page = signed_in(browser, live_server, PHONE)
    page.route_web_socket(re.compile(r".*/_event.*"), lambda ws: None)  # the socket stays mute
    page.goto("/history", wait_until="load")
    expect(page.locator("#history-loading")).to_be_visible()
    page.wait_for_timeout(500)
    for element_id in ("header-login", "header-bell", "history-empty", "history-table"):
        expect(page.locator(f"#{element_id}")).to_have_count(0)
    page.context.close()
