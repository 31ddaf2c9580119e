"""The profile in a real browser: documents with errors beside fields, level, e-mail change
(re-authenticated with the password first)."""

import re

import pyotp
from playwright.sync_api import Page, expect

from tests.e2e.account.test_identity import latest_code
from tests.personas import Persona, make_persona

DOCUMENTS = {
    "snils": "112-233-445 96",  # wrong checksum (…95 is right)
    "inn": "500100732259",
    "oms_policy": "1234567890123456",
    "address": "г. Москва, ул. Садовая, д. 5",
    "passport_series": "4508",
    "passport_number": "123456",
    "passport_issued_on": "15.04.2010",
    "passport_issuer": "ОВД Тверского района г. Москвы",
    "passport_division_code": "770-001",
}


def log_in(page: Page, persona: Persona) -> None:
    page.goto("/login")
    page.locator("#login-identifier").fill(persona.user.email)
    page.locator("#login-password").fill(persona.password)
    page.locator("#login-submit").click()
    page.locator("#totp-code").fill(pyotp.TOTP(persona.totp_secret).now())
    page.locator("#totp-submit").click()
    # Each role lands on its own start page (dashboard, workplace, queues) with its heading.
    expect(page).not_to_have_url(re.compile(r"/login|/api/"))
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def test_anonymous_visitor_is_sent_to_login(page):
    page.goto("/profile")
    expect(page.locator("#login-identifier")).to_be_visible()


def test_documents_level_and_email_change(page, tablet, live_server, tmp_path):
    with live_server.db() as db:
        vera = make_persona(db, "vera")
    log_in(page, vera)
    page.goto("/profile")
    expect(page.locator("#profile-full-name")).to_have_text("Волкова Вера Николаевна")
    expect(page.locator("#profile-level")).to_have_text("Упрощённая")

    for name, value in DOCUMENTS.items():
        page.locator(f"#profile-{name}").fill(value)
    page.locator("#profile-documents-save").click()
    expect(page.locator("#profile-snils-error")).to_have_text("Неверная контрольная сумма СНИЛС")
    for name, value in DOCUMENTS.items():  # nothing typed is lost
        expect(page.locator(f"#profile-{name}")).to_have_value(value)
    expect(page.locator("#profile-level")).to_have_text("Упрощённая")

    page.locator("#profile-snils").fill("11223344595")
    page.locator("#profile-documents-save").click()
    expect(page.locator("#profile-documents-saved")).to_be_visible()
    expect(page.locator("#profile-snils-error")).to_have_count(0)
    expect(page.locator("#profile-level")).to_have_text("Стандартная")
    expect(page.locator("#profile-snils")).to_have_value("112-233-445 95")

    page.locator("#profile-passport_number").fill("654321")
    page.locator("#profile-documents-save").click()
    pending = page.locator("#profile-passport-pending")
    expect(pending).to_contain_text("Новые паспортные данные на проверке")
    expect(pending).to_contain_text("4508 654321")
    expect(page.locator("#profile-passport_number")).to_have_value("123456")  # old data stays

    page.locator("#contact-email-edit").click()
    page.locator("#contact-email-value").fill("vera.volkova@example.ru")
    page.locator("#contact-email-reauth").fill("Не-Тот-Пароль-1")  # re-authentication first
    page.locator("#contact-email-send").click()
    expect(page.locator("#contact-reauth-error")).to_have_text("Неверный пароль или код")
    expect(page.locator("#contact-email-reauth")).to_have_value("")
    expect(page.locator("#contact-email-value")).to_have_value("vera.volkova@example.ru")
    page.locator("#contact-email-reauth").fill(vera.password)
    page.locator("#contact-email-send").click()
    page.locator("#contact-email-code").fill("000000")
    page.locator("#contact-email-confirm").click()
    expect(page.locator("#contact-code-error")).to_contain_text("Неверный код")
    page.locator("#contact-email-code").fill(latest_code(live_server, "vera.volkova@example.ru"))
    page.locator("#contact-email-confirm").click()
    expect(page.locator("#contact-notice")).to_be_visible()
    expect(page.locator("#profile-email")).to_have_text("vera.volkova@example.ru")
    page.screenshot(path=tmp_path / "profile-desktop.png", full_page=True)

    # The same session on a tablet: everything fits the 768 px width.
    tablet.context.add_cookies(page.context.cookies())
    tablet.goto("/profile")
    expect(tablet.locator("#profile-email")).to_have_text("vera.volkova@example.ru")
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 768
    tablet.screenshot(path=tmp_path / "profile-tablet.png", full_page=True)
