"""Support in real browsers: a patient opens a ticket with a screenshot, a registrar replies,
the patient writes back in the same ticket, answers a question, and the closed ticket says so."""

from urllib.parse import quote

import segno
from playwright.sync_api import expect
from sqlmodel import select

from gosapp.models.requests import Request
from tests.e2e.account.test_profile import log_in
from tests.e2e.patient.test_requests import staff_action
from tests.personas import make_persona


def screenshot(tmp_path) -> str:
    path = tmp_path / "экран.png"
    segno.make("gosapp").save(str(path), kind="png", scale=4)
    return str(path)


def test_a_ticket_thread_in_both_directions(page, browser, live_server, tmp_path):
    with live_server.db() as db:
        sofia, mark = make_persona(db, "sofia"), make_persona(db, "mark")

    # A form with a missing topic keeps what was typed and says what is missing.
    log_in(page, sofia)
    page.locator("#footer-support").click()
    expect(page.locator("#support-empty")).to_be_visible()
    page.locator("#support-subject").fill("Не открывается карта")
    page.locator("#support-text").fill("После входа белый экран")
    page.locator("#support-submit").click()
    expect(page.locator("#support-category-error")).to_have_text("Выберите значение из списка")
    expect(page.locator("#support-subject")).to_have_value("Не открывается карта")

    # With the topic and a screenshot the ticket is opened, a 5-working-day case.
    page.get_by_role("radio", name="Техническая проблема").click()
    page.locator("#upload-support-file").set_input_files(screenshot(tmp_path))
    expect(page.locator("#upload-support-list")).to_contain_text("экран.png")
    page.locator("#support-submit").click()
    expect(page.locator("#support-submitted")).to_contain_text("ОБР-")
    expect(page.locator("#support-subject")).to_have_value("")
    with live_server.db() as db:
        ticket = db.exec(select(Request).where(Request.applicant_id == sofia.user.id)).one()
    card = page.locator(f"#ticket-{ticket.id}")
    thread = page.locator("#support-thread")  # one ticket is open at a time
    expect(card).to_contain_text("Техническая проблема: Не открывается карта")
    expect(card).to_contain_text("ответ до")
    expect(thread).to_contain_text("экран.png")
    expect(thread).to_contain_text("После входа белый экран")  # the ticket's own text

    # The registrar replies without claiming; the patient sees it by role, not by name.
    staff_context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    staff = staff_context.new_page()
    log_in(staff, mark)
    staff.goto(f"/staff/requests/{ticket.id}")
    expect(staff.locator("#staff-documents")).to_contain_text("экран.png")
    staff_action(staff, "message", "Очистите кэш браузера и войдите снова")

    # The notification leads straight to the open thread.
    page.goto("/notifications")
    page.locator("#notifications-list").get_by_role("link", name="Подробнее").first.click()
    expect(page).to_have_url(f"{live_server.url}/support?open={quote(ticket.number)}")
    expect(thread).to_contain_text("Очистите кэш браузера")
    expect(thread).to_contain_text("Регистратор")
    expect(thread).not_to_contain_text("Марков")

    # An empty message is refused beside the field; a real one joins the same ticket.
    page.locator("#support-reply-submit").click()
    expect(page.locator("#support-reply-error")).to_have_text("Напишите сообщение")
    page.locator("#support-reply-text").fill("Не помогло, экран всё ещё белый")
    page.locator("#support-reply-submit").click()
    expect(thread).to_contain_text("Не помогло, экран всё ещё белый")
    expect(page.locator("#support-reply-text")).to_have_value("")

    # A question from support is answered from the same box and the ticket goes back to work.
    staff.goto("/staff")
    row = staff.locator(".staff-queue-row", has_text=ticket.number)
    expect(row.locator(".replied-marker")).to_have_text("Новое от заявителя")
    row.get_by_role("link", name=ticket.number).click()
    expect(staff.locator("#staff-timeline")).to_contain_text("Не помогло")
    staff_action(staff, "claim")
    staff_action(staff, "ask-info", "Какой у вас браузер?")
    page.goto("/support")  # all tickets closed: open this one by hand
    expect(card).to_contain_text("Поддержка ждёт вашего ответа")
    page.locator(f"#support-toggle-{ticket.id}").click()
    expect(card).to_contain_text("Какой у вас браузер?")
    page.locator("#support-reply-text").fill("Firefox 140")
    page.locator("#support-reply-submit").click()
    expect(card).to_contain_text("В обработке")

    # Resolved and closed: the ticket says so instead of offering the box.
    staff.reload()
    staff_action(staff, "approve")
    staff_action(staff, "complete")
    expect(staff.locator("#staff-request-status")).to_contain_text("Завершено")
    staff_context.close()
    page.goto(f"/support?open={ticket.number}")
    expect(card).to_contain_text("Завершено")
    expect(card).to_contain_text("Обращение закрыто")
    expect(page.locator("#support-reply-text")).to_have_count(0)
