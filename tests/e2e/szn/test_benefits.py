"""Benefits in a real browser (issue 17, item 3): the demo citizen adds a benefit with a scan
(a refusal first keeps what was typed), sees a benefit expiring this month flagged, renews it
with one click, a registrar approves the renewal, and the citizen sees the new benefit in
force; then books a social-protection office window from the page's link. Saves screenshots
of /szn/benefits (phone, tablet, desktop) to /tmp/shots-benefits/."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.models.accounts import User
from gosapp.models.social_benefits import Benefit, BenefitKind
from gosapp.services.demo.accounts import demo_account
from tests.e2e.account.test_start_pages import expect_at, sign_in_here
from tests.e2e.patient.test_booking import FIRST_FREE_DAY
from tests.services.frmr.portfolio_setup import a_pdf

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


def add_benefit(page: Page, tmp_path: Path) -> None:
    """«Добавить льготу»: an end before the start is refused beside the field, nothing lost."""
    page.locator("#benefit-add").click()
    page.get_by_role("radio", name="Малоимущая семья").click()
    page.locator("#benefit-basis").fill("Решение УСЗН № 204 от 01.11.2026")
    page.locator("#benefit-valid-from").fill("01.11.2026")
    page.locator("#benefit-valid-to").fill("01.10.2026")
    scan = tmp_path / "решение.pdf"
    scan.write_bytes(a_pdf("Решение УСЗН"))
    page.locator("#upload-benefit-file").set_input_files(str(scan))
    expect(page.locator("#upload-benefit-list")).to_contain_text("решение.pdf")
    page.locator("#benefit-submit").click()
    expect(page.locator("#benefit-form")).to_contain_text("Дата окончания раньше даты начала")
    expect(page.locator("#benefit-basis")).to_have_value("Решение УСЗН № 204 от 01.11.2026")
    page.locator("#benefit-valid-to").fill("31.10.2027")
    page.locator("#benefit-submit").click()
    expect(page.locator("#benefits-notice")).to_contain_text("решение до")
    expect(page.locator("#benefit-form")).to_have_count(0)


def test_citizen_renews_an_expiring_benefit_in_one_click(page, browser, live_server, tmp_path):
    expiring = next(b for b in _benefits(live_server) if b.kind == BenefitKind.LARGE_FAMILY)
    _sign_in(page, live_server, "patient@demo.gosapp.ru", "/")
    page.goto("/szn/benefits")
    card = page.locator(f"#benefit-{expiring.id}")
    expect(card).to_contain_text("истекает")
    expect(page.locator(f"#benefit-flag-{expiring.id}")).to_be_visible()
    screenshots(page)
    add_benefit(page, tmp_path)
    added = _benefits(live_server)[-1]
    assert (added.basis, added.kind) == ("Решение УСЗН № 204 от 01.11.2026", BenefitKind.LOW_INCOME)
    expect(page.locator(f"#benefit-{added.id}")).to_contain_text("на проверке")

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
    book_office(page)


def book_office(page: Page) -> None:
    """«Записаться в отделение соцзащиты»: the same picker, at the offices' windows."""
    page.locator("#benefits-office-link").click()
    expect(page).to_have_url(re.compile(r"service=szn_benefits&specialty=szn_office"))
    expect(page.locator("#doctor-list")).to_contain_text("УСЗН")
    page.locator("[id^='choice-doctor-']").first.click()
    page.locator(FIRST_FREE_DAY).first.click()
    page.locator("#time-grid button[id^='slot-']").first.click()
    page.locator("#booking-confirm").click()
    expect(page.locator("#booking-number")).to_have_text(re.compile(r"^ЗП-\d{4}-\d{6}$"))


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
