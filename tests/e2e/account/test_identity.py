"""Identity in a real browser: register, confirm contacts, enrol TOTP, log out, log in."""

import re
from datetime import UTC, datetime

import pyotp
from playwright.sync_api import Page, expect

from gosapp.services.notifications.inbox import list_outbox
from tests.e2e.header import log_out
from tests.personas import make_persona


def latest_code(live_server, recipient: str) -> str:
    """The newest one-time code sent to ``recipient`` (read from the demo outbox)."""
    with live_server.db() as db:
        for message in list_outbox(session=db, limit=50):
            if message.recipient == recipient and (m := re.search(r"\b(\d{6})\b", message.body)):
                return m.group(1)
    raise AssertionError(f"no code sent to {recipient}")


def fill_registration(page: Page, phone: str, email: str, password: str) -> None:
    page.goto("/register")
    page.locator("#register-last_name").fill("Петрова")
    page.locator("#register-first_name").fill("Мария")
    page.locator("#register-patronymic").fill("Ивановна")
    page.locator("#register-birth_date").fill("14.03.1990")
    page.locator("#register-sex-f").click()
    page.locator("#register-phone").fill(phone)
    page.locator("#register-email").fill(email)
    page.locator("#register-password").fill(password)
    page.locator("#register-password_confirm").fill(password)
    page.locator("#register-consent").click()
    page.locator("#register-submit").click()


def finish_registration(page: Page) -> None:
    """Tick «Я сохранил коды» and go into the cabinet."""
    page.locator("#register-codes-saved").click()
    page.locator("#register-finish").click()


def confirm_contacts_and_totp(page: Page, live_server, phone: str, email: str) -> None:
    """Steps 2 and 3: both contact codes, then the first authenticator code."""
    page.locator("#phone-code").fill(latest_code(live_server, phone))
    page.locator("#phone-code-submit").click()
    expect(page.locator("#phone-confirmed")).to_be_visible()
    page.locator("#email-code").fill(latest_code(live_server, email))
    page.locator("#email-code-submit").click()
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    page.locator("#totp-code").fill(pyotp.TOTP(key).now())
    page.locator("#totp-submit").click()


def test_registration_counts_its_steps_and_enters_only_once_codes_are_saved(page, live_server):
    phone, email = "+79165550147", "nina.kotova@example.ru"
    page.goto("/register")
    expect(page.locator("#register-step")).to_contain_text("Шаг 1 из 4")
    birth = page.locator("#register-birth_date")  # ДД.ММ.ГГГГ typed, whatever the locale
    expect(birth).to_have_attribute("placeholder", "ДД.ММ.ГГГГ")
    birth.press_sequentially("14031990")
    expect(birth).to_have_value("14.03.1990")
    fill_registration(page, phone, email, "Морской-Берег-2026")
    expect(page.locator("#register-step")).to_contain_text("Шаг 2 из 4")
    expect(page.locator("#phone-sent-to")).to_have_text("+7 *** ***-01-47")
    expect(page.locator("#email-sent-to")).to_have_text("n***@example.ru")

    confirm_contacts_and_totp(page, live_server, phone, email)
    expect(page.locator("#register-step")).to_contain_text("Шаг 4 из 4")
    expect(page.locator("#recovery-codes code")).to_have_count(10)
    finish = page.locator("#register-finish")
    expect(finish).to_be_disabled()
    with page.expect_download() as download:
        page.locator("#register-codes-download").click()
    saved = download.value.path().read_text(encoding="utf-8")
    assert page.locator("#recovery-codes code").first.inner_text() in saved
    assert download.value.suggested_filename.endswith(".txt")

    page.locator("#register-codes-saved").click()
    expect(finish).to_be_enabled()
    finish.click()
    expect(page.locator("#cabinet-greeting")).to_contain_text("Петрова Мария")


def test_register_enrol_totp_logout_and_login(page, live_server):
    phone, email, password = "+79161234567", "maria.petrova@example.ru", "Зимний-Вечер-2026"
    fill_registration(page, phone, email, password)

    expect(page.locator("#phone-code")).to_be_visible()
    page.locator("#phone-code").fill(latest_code(live_server, phone))
    page.locator("#phone-code-submit").click()
    expect(page.locator("#phone-confirmed")).to_be_visible()
    page.locator("#email-code").fill(latest_code(live_server, email))
    page.locator("#email-code-submit").click()

    key = page.locator("#totp-key").inner_text().replace(" ", "")
    expect(page.locator("#totp-qr svg")).to_be_visible()
    totp = pyotp.TOTP(key)
    page.locator("#totp-code").fill(totp.now())
    page.locator("#totp-submit").click()
    expect(page.locator("#recovery-codes code")).to_have_count(10)
    finish_registration(page)

    expect(page.locator("#cabinet-greeting")).to_contain_text("Петрова Мария Ивановна")
    cookie = next(c for c in page.context.cookies() if c["name"] == "gosapp_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("document.cookie").find("gosapp_session") == -1
    client_token = page.evaluate("window.sessionStorage.getItem('token')")
    assert client_token and client_token != cookie["value"]

    log_out(page)
    expect(page.locator("#login-identifier")).to_be_visible()
    assert not any(c["name"] == "gosapp_session" for c in page.context.cookies())

    page.locator("#login-identifier").fill(email)
    page.locator("#login-password").fill(password)
    page.locator("#login-submit").click()
    # A fresh time step: the enrolment code's step must not be replayed.
    page.wait_for_timeout(100)
    code = totp.at(datetime.now(UTC).timestamp() + 30)
    page.locator("#totp-code").fill(code)
    page.locator("#totp-submit").click()
    expect(page.locator("#cabinet-greeting")).to_contain_text("Петрова Мария Ивановна")


def test_registration_errors_are_shown_beside_fields_and_input_is_kept(page):
    fill_registration(page, "12345", "not-an-email", "short")
    expect(page.locator("#register-phone-error")).to_be_visible()
    expect(page.locator("#register-email-error")).to_be_visible()
    expect(page.locator("#register-password-error")).to_be_visible()
    expect(page.locator("#register-last_name")).to_have_value("Петрова")


def test_wrong_password_gives_the_generic_message(page):
    page.goto("/login")
    page.locator("#login-identifier").fill("patient@demo.gosapp.ru")
    page.locator("#login-password").fill("Неверный-Пароль-1")
    page.locator("#login-submit").click()
    expect(page.locator("#login-error")).to_have_text("Неверный логин, пароль или код")
    expect(page.locator("#login-identifier")).to_have_value("patient@demo.gosapp.ru")


def test_demo_account_logs_in_with_the_listed_code(page, live_server):
    page.goto("/login")
    expect(page.locator("#demo-accounts")).to_be_visible()
    page.locator("#login-identifier").fill("doctor@demo.gosapp.ru")
    page.locator("#login-password").fill("Доктор-Демо-2026")
    page.locator("#login-submit").click()
    code = live_server.gosapp("demo-code", "doctor@demo.gosapp.ru").strip()
    page.locator("#totp-code").fill(code)
    page.locator("#totp-submit").click()
    expect(page.locator("#cabinet-greeting")).to_contain_text("Лебедев")


def test_recovery_sets_a_new_password_and_totp_is_still_required(page, live_server):
    with live_server.db() as db:
        carol = make_persona(db, "bob")
    page.goto("/recover")
    page.locator("#recover-login").fill(carol.user.email)
    page.locator("#recover-request").click()
    expect(page.locator("#recover-code")).to_be_visible()
    page.locator("#recover-code").fill(latest_code(live_server, carol.user.email))
    page.locator("#recover-password").fill("Новый-Пароль-Лето-2027")
    page.locator("#recover-password-confirm").fill("Новый-Пароль-Лето-2027")
    page.locator("#recover-submit").click()
    expect(page.locator("#recover-done")).to_be_visible()

    page.goto("/login")
    page.locator("#login-identifier").fill(carol.user.email)
    page.locator("#login-password").fill("Новый-Пароль-Лето-2027")
    page.locator("#login-submit").click()
    page.locator("#totp-code").fill(pyotp.TOTP(carol.totp_secret).now())
    page.locator("#totp-submit").click()
    expect(page.locator("#cabinet-greeting")).to_contain_text("Кузнецов")


def test_recovery_answers_alike_for_an_unknown_account(page):
    page.goto("/recover")
    page.locator("#recover-login").fill("nobody-here@example.ru")
    page.locator("#recover-request").click()
    expect(page.get_by_text("Если учётная запись с такими данными существует")).to_be_visible()


def test_interrupted_registration_continues_after_the_password(page, browser, live_server):
    phone, email, password = "+79167654321", "ivan.sidorov@example.ru", "Летний-Дождь-2026"
    fill_registration(page, phone, email, password)
    expect(page.locator("#phone-code")).to_be_visible()
    page.context.close()  # the tab is gone before the contacts were confirmed

    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    tab = context.new_page()
    tab.goto("/login")
    tab.locator("#login-identifier").fill(phone)
    tab.locator("#login-password").fill(password)
    tab.locator("#login-submit").click()
    expect(tab.locator("#phone-code")).to_be_visible()
    tab.locator("#phone-code").fill(latest_code(live_server, phone))
    tab.locator("#phone-code-submit").click()
    expect(tab.locator("#phone-confirmed")).to_be_visible()
    tab.locator("#email-code").fill(latest_code(live_server, email))
    tab.locator("#email-code-submit").click()
    key = tab.locator("#totp-key").inner_text().replace(" ", "")
    tab.locator("#totp-code").fill(pyotp.TOTP(key).now())
    tab.locator("#totp-submit").click()
    finish_registration(tab)
    expect(tab.locator("#cabinet-greeting")).to_contain_text("Петрова Мария")
    context.close()


def test_resending_the_sms_code_stops_with_the_wait_beside_the_code(page):
    fill_registration(page, "+79169998877", "resend.limit@example.ru", "Осенний-Ветер-2026")
    expect(page.locator("#phone-code")).to_be_visible()
    for _ in range(2):  # the first code and two more: three in 15 minutes
        page.locator("#phone-code-resend").click()
        expect(page.locator("#phone-code-error")).to_have_text("Новый код отправлен")
        page.locator("#phone-code").fill("1")  # clear the notice between clicks
        page.locator("#phone-code-submit").click()
        expect(page.locator("#phone-code-error")).to_contain_text("Неверный код")
    page.locator("#phone-code-resend").click()
    expect(page.locator("#phone-code-error")).to_have_text(
        re.compile(r"^Повторная отправка возможна через 1[45] мин\.$")
    )


def test_recovery_requests_stop_with_the_wait_beside_the_login(page):
    for _ in range(3):
        page.goto("/recover")
        page.locator("#recover-login").fill("nobody-twice@example.ru")
        page.locator("#recover-request").click()
        expect(page.locator("#recover-code")).to_be_visible()
    page.goto("/recover")
    page.locator("#recover-login").fill("nobody-twice@example.ru")
    page.locator("#recover-request").click()
    expect(page.locator("#recover-login-error")).to_have_text(
        re.compile(r"^Повторная отправка возможна через 1[45] мин\.$")
    )
