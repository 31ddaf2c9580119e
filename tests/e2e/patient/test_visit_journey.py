"""A visit from start to end in real browsers (issue 13, «Done when»): a patient books the demo
doctor through the picker, finds the visit in «Мои записи», downloads its .ics, moves it, and
the demo doctor sees it on a 768×1024 tablet; then the patient cancels it."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.models.accounts import User
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from tests.e2e.account.test_security import make_account
from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.frmr.test_workplace import sign_in_doctor
from tests.factories import give_documents

FIRST_FREE_DAY = "#slot-calendar a[id^='slot-day-']"
PASSWORD = "Полярная-Звезда-2026"


def standard_patient(live_server) -> tuple[str, str]:
    """A fresh citizen with SNILS and passport (booking needs the standard level)."""
    email, secret = make_account(live_server, PASSWORD)
    with live_server.db() as db:
        give_documents(db, db.exec(select(User).where(User.email == email)).one())
        db.commit()
    return email, secret


def demo_doctors_resource(live_server) -> int:
    with live_server.db() as db:
        return db.exec(
            select(Resource.id)
            .join(User, col(User.id) == Resource.user_id)
            .where(User.email == "doctor@demo.gosapp.ru")
        ).one()


def book_in_picker(page: Page, doctor_path: str, day: str = "first") -> str:
    """Pick a free day and time of the doctor and confirm; the number shown."""
    page.goto(doctor_path)
    days = page.locator(FIRST_FREE_DAY)
    (days.first if day == "first" else days.last).click()
    page.locator("#time-grid button[id^='slot-']").first.click()
    page.locator("#booking-confirm").click()
    expect(page.locator("#booking-number")).to_have_text(re.compile(r"^ЗП-\d{4}-\d{6}$"))
    return page.locator("#booking-number").inner_text()


def live_visit(live_server, number: str) -> Appointment:
    with live_server.db() as db:
        return db.exec(
            select(Appointment).where(
                Appointment.number == number, Appointment.status == AppointmentStatus.SCHEDULED
            )
        ).one()


def test_book_see_download_move_doctor_sees_cancel(browser, page: Page, live_server):
    email, secret = standard_patient(live_server)
    doctor = demo_doctors_resource(live_server)
    picker = f"/appointments?service=consultation&specialty=therapist&doctor={doctor}"
    page.goto(picker)
    sign_in_here(page, live_server, email, PASSWORD, secret)
    expect(page.locator("#slot-calendar")).to_be_visible()
    number = book_in_picker(page, picker)
    first = live_visit(live_server, number)

    page.goto("/appointments/my")
    expect(page.locator(f"#visit-{first.id}")).to_contain_text(number)
    with page.expect_download() as download:
        page.locator(f"#visit-ics-{first.id}").first.click()
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and number in ics

    page.locator(f"#visit-reschedule-{first.id}").click()
    expect(page.locator("#reschedule-note")).to_contain_text(number)
    assert book_in_picker(page, f"{picker}&reschedule={first.id}", day="last") == number
    moved = live_visit(live_server, number)
    assert moved.id != first.id and moved.starts_at != first.starts_at

    tablet = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 768, "height": 1024}
    ).new_page()
    sign_in_doctor(tablet, live_server)
    tablet.goto("/frmr/workplace")
    row = tablet.locator(f"#workplace-visit-{moved.id}")
    title = tablet.locator("#workplace-title")
    expect(title).not_to_be_empty()
    for _ in range(45):  # day by day up to the visit (within the six-week horizon)
        if row.is_visible():
            break
        shown = title.inner_text()
        tablet.locator("#workplace-next").click()
        expect(title).not_to_have_text(shown)  # the next day has arrived
    expect(row).to_contain_text("Зайцева Вера")
    tablet.context.close()

    page.goto("/appointments/my")
    page.locator(f"#visit-cancel-{moved.id}").click()
    page.locator("#cancel-confirm").click()
    expect(page.locator(f"#my-past #visit-{moved.id}")).to_contain_text("Отменён")
