"""A certificate ordered with the keyboard only: Tab to each control, Space to pick the type,
typing in the purpose, Enter on «Отправить заявление». No mouse, no ``click()``."""

from playwright.sync_api import Page, expect

from tests.e2e.account.test_profile import log_in
from tests.factories import give_documents
from tests.personas import make_persona

MAX_TABS = 80  # the header, the level notes and the form come first


def tab_to(page: Page, element_id: str) -> None:
    """Press Tab until ``element_id`` has the focus (fails if Tab never reaches it)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_certificate_is_ordered_with_the_keyboard_only(page, live_server):
    with live_server.db() as db:
        egor = make_persona(db, "egor")
        give_documents(db, egor.user)  # certificates need a standard account
        db.commit()
    log_in(page, egor)
    page.goto("/certificates")
    expect(page.locator("#certificate-type-cert_health")).to_be_visible()

    tab_to(page, "certificate-type-cert_health")
    page.keyboard.press("Space")
    expect(page.locator("#certificate-type-cert_health")).to_have_attribute("aria-pressed", "true")
    tab_to(page, "certificate-purpose")
    page.keyboard.type("Для работы")
    tab_to(page, "certificate-submit")
    page.keyboard.press("Enter")

    expect(page.locator("#certificate-submitted")).to_contain_text("ОБР-")
    expect(page.locator("#certificates-empty")).to_have_count(0)
