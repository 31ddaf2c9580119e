"""A certificate ordered and a support ticket opened with the keyboard only: Tab to each
control, Space to pick the type or the topic, typing in the fields, Enter on the submit button.
No mouse, no ``click()``, no ``fill()``."""

from playwright.sync_api import Locator, Page, expect

from tests.e2e.account.test_profile import log_in
from tests.factories import give_documents
from tests.personas import make_persona

MAX_TABS = 80  # the header, the level notes and the form come first


def tab_to(page: Page, target: str | Locator) -> None:
    """Press Tab until ``target`` (an element id or a locator) has the focus (fails if Tab
    never reaches it)."""
    locator = page.locator(f"#{target}") if isinstance(target, str) else target
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


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


def test_a_support_ticket_is_opened_with_the_keyboard_only(page, live_server):
    with live_server.db() as db:
        klara = make_persona(db, "klara")  # a basic account: support is open to everyone
    log_in(page, klara)
    page.goto("/support")
    expect(page.locator("#support-empty")).to_be_visible()

    # The topics are one tab stop: the arrows move between them, Space picks the focused one.
    topics = page.get_by_role("radiogroup", name="Тема обращения")
    technical = topics.get_by_role("radio", name="Техническая проблема", exact=True)
    information = topics.get_by_role("radio", name="Запрос информации", exact=True)
    tab_to(page, technical)
    page.keyboard.press("Space")
    expect(technical).to_be_checked()
    # (Radix checks on an arrow only while the key is still down: a pressed-and-released
    # arrow just moves, so Space picks.)
    page.keyboard.press("ArrowDown")
    expect(information).to_be_focused()
    page.keyboard.press("Space")
    expect(information).to_be_checked()
    expect(technical).not_to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(technical).to_be_focused()
    page.keyboard.press("Space")
    expect(technical).to_be_checked()
    tab_to(page, "support-subject")
    page.keyboard.type("Не открывается карта")
    tab_to(page, "support-text")
    page.keyboard.type("После входа белый экран")
    # The screenshots are optional: Tab reaches «Выбрать файлы» and goes on past it.
    tab_to(page, "upload-support-pick")
    tab_to(page, "support-submit")
    page.keyboard.press("Enter")

    expect(page.locator("#support-submitted")).to_contain_text("ОБР-")
    expect(page.locator("#support-empty")).to_have_count(0)
    card = page.locator("[id^='ticket-']")
    expect(card).to_contain_text("Техническая проблема: Не открывается карта")
    expect(card).to_contain_text("ОБР-")
    expect(page.locator("#support-thread")).to_contain_text("После входа белый экран")

    # Its thread closes and opens again from the keyboard (Shift+Tab back to the toggle).
    toggle = card.get_by_role("button", name="Скрыть переписку")
    tab_to(page, toggle)
    page.keyboard.press("Enter")
    expect(page.locator("#support-thread")).to_have_count(0)
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(card.get_by_role("button", name="Открыть переписку")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#support-thread")).to_contain_text("После входа белый экран")
