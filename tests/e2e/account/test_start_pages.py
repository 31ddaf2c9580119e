"""Start pages, deep links and account levels in a real browser (issue 11): each role lands on
its own start page, a signed-out deep link returns to its object after the second factor, and
a simplified account sees how to upgrade instead of the certificate form. Also saves the
dashboard's screenshots (phone and desktop) to /tmp/shots-i1/."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.models.accounts import User
from gosapp.models.requests import Request
from gosapp.services.demo.accounts import demo_account
from tests.e2e.account.test_security import PASSWORD, make_account, unused_code

SHOTS = Path("/tmp/shots-i1")
PATIENT = demo_account("patient@demo.gosapp.ru")


def expect_at(page: Page, live_server, target: str) -> None:
    """The tab shows ``target`` (the static build may add a slash after the path)."""
    path, _, query = target.partition("?")
    tail = f"\\?{re.escape(query)}" if query else ""
    pattern = f"^{re.escape(live_server.url + path.rstrip('/'))}/?{tail}$"
    expect(page).to_have_url(re.compile(pattern))


def sign_in_here(page: Page, live_server, login: str, password: str, secret: str) -> None:
    """Fill the sign-in form the page is on (it keeps its ``?next=``)."""
    expect(page.locator("#login-identifier")).to_be_visible()
    page.locator("#login-identifier").fill(login)
    page.locator("#login-password").fill(password)
    page.locator("#login-submit").click()
    expect(page.locator("#totp-code")).to_be_visible()
    page.locator("#totp-code").fill(unused_code(live_server, login, secret))
    page.locator("#totp-submit").click()


@pytest.mark.parametrize(
    ("login", "start", "marker"),
    [
        ("patient@demo.gosapp.ru", "/", "#dashboard-recent"),
        ("doctor@demo.gosapp.ru", "/frmr", "#cabinet-greeting"),
        ("registrar@demo.gosapp.ru", "/staff", "h1"),
        ("admin@demo.gosapp.ru", "/staff", "h1"),
    ],
)
def test_each_role_lands_on_its_start_page(page, live_server, login, start, marker):
    account = demo_account(login)
    page.goto("/login")
    sign_in_here(page, live_server, account.login, account.password, account.totp_secret)
    expect_at(page, live_server, start)
    expect(page.locator(marker).first).to_be_visible()
    if start != "/":  # `/` sends them back to their own start page
        page.goto("/")
        expect_at(page, live_server, start)


def test_a_signed_out_deep_link_returns_to_its_request_on_a_later_page(page, live_server):
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT.login)).one()
        oldest = db.exec(
            select(Request)
            .where(Request.applicant_id == patient.id)
            .order_by(col(Request.created_at), col(Request.id))
        ).first()
        total = len(db.exec(select(Request.id).where(Request.applicant_id == patient.id)).all())
    assert total > 10, "the demo patient's oldest request is not on the first page"
    target = f"/history?open={quote(oldest.number)}"
    page.goto(target)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    sign_in_here(page, live_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect_at(page, live_server, target)
    expect(page.locator(f"#history-timeline-{oldest.id}")).to_be_visible()
    expect(page.locator("#history-page")).not_to_have_text(re.compile(r"^Стр. 1 "))


def test_a_foreign_next_is_ignored(page, live_server):
    email, secret = make_account(live_server)
    page.goto("/login?next=//evil.example/")
    sign_in_here(page, live_server, email, PASSWORD, secret)
    expect_at(page, live_server, "/")
    expect(page.locator("#cabinet-greeting")).to_be_visible()


def test_a_simplified_account_sees_how_to_upgrade_instead_of_the_certificate_form(
    page, live_server
):
    email, secret = make_account(live_server)
    page.goto("/certificates")
    sign_in_here(page, live_server, email, PASSWORD, secret)
    expect_at(page, live_server, "/certificates")
    gate = page.locator("#certificates-level-gate")
    expect(gate).to_contain_text("нужна стандартная учётная запись, у вас — упрощённая")
    expect(gate).to_contain_text("СНИЛС")
    expect(page.locator("#certificates-level-gate-link")).to_have_attribute("href", "/profile")
    expect(page.locator("#certificate-submit")).to_have_count(0)
    page.goto("/")
    expect(page.locator("#dashboard-level-label")).to_contain_text("Упрощённая")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_dashboard_screenshots(browser, live_server, width, height):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ru-RU",
        viewport={"width": width, "height": height},
        is_mobile=width < 768,
        has_touch=width < 768,
    )
    tab = context.new_page()
    tab.goto("/login", wait_until="networkidle")
    sign_in_here(tab, live_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect(tab.locator("#dashboard-recent")).to_be_visible()
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"dashboard-{width}x{height}.png"), full_page=True)
    tab.screenshot(path=str(SHOTS / f"dashboard-{width}x{height}-fold.png"))
    context.close()
