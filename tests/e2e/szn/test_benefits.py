"""Benefits in a real browser (issue 17, item 3): the demo citizen sees a benefit expiring this
month flagged, renews it with one click, a registrar approves the renewal, and the citizen sees
the new benefit in force. Saves screenshots of /szn/benefits (phone, tablet, desktop) to
/tmp/shots-benefits/."""

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.models.accounts import User
from gosapp.models.social_benefits import Benefit, BenefitKind
from gosapp.services.demo.accounts import demo_account
from tests.e2e.account.test_start_pages import expect_at, sign_in_here

SHOTS = Path("/tmp/shots-benefits")
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 768)}


def _benefits(live_server) -> list[Benefit]:
    with live_server.db() as db:
        owner = db.exec(select(User).where(User.email == "patient@demo.gosapp.ru")).one()
        return list(
            db.exec(select(Benefit).where(Benefit.owner_id == owner.id).order_by(col(Benefit.id)))
        )


def _sign_in(tab: Page, live_server, login: str, start: str) -> None:
    account = demo_account(login)
    assert account is not None
    tab.goto("/login")
    sign_in_here(tab, live_server, account.login, account.password, account.totp_secret)
    expect_at(tab, live_server, start)


def test_citizen_renews_an_expiring_benefit_in_one_click(page, browser, live_server):
    expiring = next(b for b in _benefits(live_server) if b.kind == BenefitKind.LARGE_FAMILY)
    _sign_in(page, live_server, "patient@demo.gosapp.ru", "/")
    page.goto("/szn/benefits")
    card = page.locator(f"#benefit-{expiring.id}")
    expect(card).to_contain_text("истекает")
    expect(page.locator(f"#benefit-flag-{expiring.id}")).to_be_visible()
    screenshots(page)

    page.locator(f"#benefit-renew-{expiring.id}").click()  # the one click
    expect(page.locator("#benefits-notice")).to_contain_text("продление")
    renewal = next(b for b in _benefits(live_server) if b.renewed_from_id == expiring.id)
    new_card = page.locator(f"#benefit-{renewal.id}")
    expect(new_card).to_contain_text("на проверке")
    expect(new_card).to_contain_text(expiring.basis)
    expect(page.locator(f"#benefit-renew-{expiring.id}")).to_have_count(0)  # no second renewal

    staff_context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    staff = staff_context.new_page()
    _sign_in(staff, live_server, "registrar@demo.gosapp.ru", "/staff")
    staff.goto(f"/staff/requests/{renewal.request_id}")
    staff.locator("#staff-action-claim").click()
    expect(staff.locator("#staff-request-status")).to_contain_text("В обработке")
    staff.locator("#staff-action-approve").click()
    staff.locator("#staff-dialog-confirm").click()
    expect(staff.locator("#staff-request-status")).to_contain_text("Одобрено")
    staff_context.close()

    page.reload()
    expect(new_card).to_contain_text("действует")


def screenshots(tab: Page) -> None:
    """/szn/benefits at the three sizes (looked at by a person, not compared)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto("/szn/benefits")
        expect(tab.locator("[id^=benefit-flag-]").first).to_be_visible()
        tab.screenshot(path=str(SHOTS / f"benefits-{name}.png"), full_page=True)
        width_used = tab.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"{name}: the page scrolls sideways ({width_used}px)"
