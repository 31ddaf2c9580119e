"""«Безопасность» and «Уведомления» in a real browser.

The server and its database are shared by every e2e test: the password is changed only for a
user made here, and a TOTP code is chosen for a time step the account has not used yet.
"""

import re
import secrets
import time

import pyotp
from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.services.demo.accounts import demo_account
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password
from gosapp.services.notifications import inbox
from tests.factories import make_user

ADMIN = demo_account("admin@demo.gosapp.ru")
PASSWORD = "Северный-Ветер-2026"
NEW_PASSWORD = "Южный-Берег-Моря-2027"


def make_account(live_server, password: str = PASSWORD) -> tuple[str, str]:
    """A fresh citizen in the server's database; returns its e-mail and TOTP secret."""
    secret, tag = totp.new_secret(), secrets.token_hex(4)
    email = f"security-{tag}@example.ru"
    with live_server.db() as db:
        make_user(
            db,
            last_name="Зайцева",
            first_name="Вера",
            email=email,
            phone=f"+7926{secrets.randbelow(10**7):07d}",
            password_hash=hash_password(password),
            totp_secret_enc=totp.encrypt_secret(secret),
            totp_enabled_at=utcnow(),
        )
        db.commit()
    return email, secret


def unused_code(live_server, email: str, secret: str) -> str:
    """A code for the current or next time step, whichever the account has not spent yet."""
    while True:
        with live_server.db() as db:
            last = db.exec(select(User.totp_last_step).where(User.email == email)).one()
        now = int(time.time()) // totp.STEP_S
        step = max(now, (last or 0) + 1)
        if step <= now + 1:
            return pyotp.TOTP(secret).at(step * totp.STEP_S)
        time.sleep(1)


def sign_in(page: Page, live_server, email: str, password: str, secret: str, next_path: str):
    """Log in through the form and land on ``next_path``."""
    page.goto(f"/login?next={next_path}")
    page.locator("#login-identifier").fill(email)
    page.locator("#login-password").fill(password)
    page.locator("#login-submit").click()
    expect(page.locator("#totp-code")).to_be_visible()
    page.locator("#totp-code").fill(unused_code(live_server, email, secret))
    page.locator("#totp-submit").click()
    expect(page).to_have_url(re.compile(f"{next_path}/?$"))


def test_security_page_marks_this_session_and_lists_the_login(page, live_server):
    sign_in(page, live_server, ADMIN.login, ADMIN.password, ADMIN.totp_secret, "/security")
    expect(page.get_by_role("heading", level=1)).to_have_text("Безопасность")
    expect(page.locator("#current-session-marker")).to_have_text("Этот сеанс")
    expect(page.locator("#security-sessions")).to_contain_text("Chrome")
    history = page.locator("#login-history .history-row").first
    expect(history).to_contain_text("успешный вход")
    expect(history).to_contain_text(re.compile(r"\d\d\.\d\d\.\d{4} \d\d:\d\d"))


def test_password_change_needs_the_current_one_and_ends_other_sessions(page, tablet, live_server):
    email, secret = make_account(live_server)
    sign_in(tablet, live_server, email, PASSWORD, secret, "/security")
    sign_in(page, live_server, email, PASSWORD, secret, "/security")
    expect(page.locator("#security-sessions .session-row")).to_have_count(2)

    page.locator("#security-current-password").fill("Не-Тот-Пароль-2026")
    page.locator("#security-new-password").fill(NEW_PASSWORD)
    page.locator("#security-password-confirm").fill(NEW_PASSWORD)
    page.locator("#security-password-submit").click()
    expect(page.locator("#security-current-password-error")).to_have_text("Неверный текущий пароль")
    page.locator("#security-current-password").fill(PASSWORD)
    page.locator("#security-password-submit").click()
    expect(page.locator("#security-password-done")).to_be_visible()
    expect(page.locator("#security-sessions .session-row")).to_have_count(1)
    expect(page.locator("#current-session-marker")).to_be_visible()

    tablet.reload()
    expect(tablet).to_have_url(re.compile("/login"))
    tablet.locator("#login-identifier").fill(email)
    tablet.locator("#login-password").fill(PASSWORD)
    tablet.locator("#login-submit").click()
    expect(tablet.locator("#login-error")).to_have_text("Неверный логин, пароль или код")
    tablet.locator("#login-password").fill(NEW_PASSWORD)
    tablet.locator("#login-submit").click()
    expect(tablet.locator("#totp-code")).to_be_visible()


def test_ending_another_session_asks_first(page, tablet, live_server):
    email, secret = make_account(live_server)
    sign_in(tablet, live_server, email, PASSWORD, secret, "/patient")
    sign_in(page, live_server, email, PASSWORD, secret, "/security")
    other = page.locator("#security-sessions .session-row").filter(
        has_not=page.locator("#current-session-marker")
    )
    other.get_by_role("button", name="Завершить").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Завершить сеанс?")
    dialog.get_by_role("button", name="Отмена").click()
    expect(page.locator("#security-sessions .session-row")).to_have_count(2)
    other.get_by_role("button", name="Завершить").click()
    page.locator(".confirm-end-session").click()
    expect(page.locator("#security-sessions .session-row")).to_have_count(1)
    tablet.goto("/security")
    expect(tablet).to_have_url(re.compile("/login"))


def test_authenticator_can_be_replaced_after_the_password(page, live_server):
    email, secret = make_account(live_server)
    sign_in(page, live_server, email, PASSWORD, secret, "/security")
    page.locator("#reenrol-password").fill("Не-Тот-Пароль-2026")
    page.locator("#reenrol-submit").click()
    expect(page.locator("#reenrol-error")).to_have_text("Неверный пароль")
    page.locator("#reenrol-password").fill(PASSWORD)
    page.locator("#reenrol-submit").click()
    expect(page.locator("#reenrol-qr svg")).to_be_visible()
    key = page.locator("#reenrol-key").inner_text().replace(" ", "")
    assert key != secret
    page.locator("#reenrol-code").fill(pyotp.TOTP(key).now())
    page.locator("#reenrol-code-submit").click()
    expect(page.locator("#security-recovery-codes code")).to_have_count(10)
    expect(page.locator("#reenrol-key")).to_have_count(0)
    expect(page.locator("#security-codes-left")).to_have_text("10")
    page.locator("#security-codes-saved").click()
    expect(page.locator("#security-recovery-codes")).to_have_count(0)


def test_notifications_are_paged_filtered_and_marked_read(page, live_server):
    email, secret = make_account(live_server)
    with live_server.db() as db:
        user = db.exec(select(User).where(User.email == email)).one()
        inbox.notify(session=db, user=user, title="Справка готова", link="/patient")
        for n in range(24):
            inbox.notify(session=db, user=user, title=f"Новость №{n}")
        db.commit()
    sign_in(page, live_server, email, PASSWORD, secret, "/notifications")
    cards = page.locator("#notifications-list .notification")
    expect(cards).to_have_count(20)  # a page; with «Вход с нового устройства» there are 26
    expect(cards.first).to_contain_text("Вход с нового устройства")
    expect(page.locator("#notifications-unread")).to_have_text("26")
    page.locator("#notifications-more").click()
    expect(cards).to_have_count(26)
    expect(page.locator("#notifications-more")).to_have_count(0)
    expect(cards.last).to_contain_text("Справка готова")
    expect(cards.last.get_by_role("link", name="Подробнее")).to_have_attribute("href", "/patient")
    cards.nth(1).get_by_role("button", name="Отметить прочитанным").click()
    expect(page.locator("#notifications-unread")).to_have_text("25")
    expect(cards).to_have_count(26)  # it stays where it was, marked read
    expect(cards.nth(1)).not_to_have_class(re.compile("notification-unread"))

    page.locator("#notifications-filter-unread").click()
    expect(page.locator("#notifications-filter-unread")).to_have_attribute("aria-pressed", "true")
    expect(cards).to_have_count(20)
    expect(page.locator("#notifications-list")).not_to_contain_text("Новость №23")  # read
    page.locator("#notifications-mark-all").click()
    expect(page.locator("#notifications-unread")).to_have_text("0")
    expect(page.locator("#notifications-empty")).to_have_text("Непрочитанных уведомлений нет")
    page.locator("#notifications-filter-all").click()
    expect(cards).to_have_count(20)
    expect(page.locator("#notifications-list .notification-unread")).to_have_count(0)


def test_anonymous_visitors_are_sent_to_login(page):
    for path in ("/security", "/notifications"):
        page.goto(path)
        expect(page).to_have_url(re.compile("/login"))
        expect(page.locator("#login-identifier")).to_be_visible()
