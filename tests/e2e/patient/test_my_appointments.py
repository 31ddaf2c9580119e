"""«Мои записи» in a real browser: the demo patient sees the upcoming visit and past ones with
Russian statuses, downloads the visit's .ics, and cancels it through the confirmation dialog.
Also saves the page's screenshots (phone, tablet, desktop) to /tmp/shots-visits/ (not in git).
Booking and moving visits through the slot picker are the picker's tests."""

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.scheduling import Appointment
from gosapp.services.common.audit import Actor
from gosapp.services.demo.accounts import demo_account
from gosapp.services.scheduling import booking, waitlist
from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.test_accessibility import violations

SHOTS = Path("/tmp/shots-visits")
PATIENT = demo_account("patient@demo.gosapp.ru")
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 768)}


def upcoming_visit(live_server) -> Appointment:
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT.login)).one()
        return db.exec(
            select(Appointment)
            .where(Appointment.patient_id == patient.id, Appointment.status == "scheduled")
            .order_by(col(Appointment.starts_at).desc())
        ).first()


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_patient_sees_downloads_and_cancels_a_visit(page: Page, live_server):
    visit = upcoming_visit(live_server)
    assert visit is not None and visit.number
    page.goto("/appointments/my")
    sign_in_here(page, live_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect(page.get_by_role("heading", name="Мои записи")).to_be_visible()
    card = page.locator(f"#visit-{visit.id}")
    expect(card).to_contain_text(visit.number)
    expect(card).to_contain_text("Запланирован")
    past = page.locator("#my-past")
    for label in ("Состоялся", "Неявка", "Отменён"):
        expect(past).to_contain_text(label)
    shoot(page, "my-appointments")
    page.goto("/")
    expect(page.locator("#dashboard-visit")).to_contain_text("Ближайший приём")
    expect(page.locator("#dashboard-visit-link")).to_have_attribute(
        "href", re.compile(r"^/appointments/my\?open=")
    )
    page.goto("/appointments/my")

    with page.expect_download() as download:
        page.locator(f"#visit-ics-{visit.id}").first.click()
    data = Path(download.value.path()).read_text(encoding="utf-8")
    assert data.startswith("BEGIN:VCALENDAR") and visit.number in data

    page.locator(f"#visit-cancel-{visit.id}").click()
    dialog = page.locator("#cancel-dialog")
    expect(dialog).to_contain_text(visit.number)
    page.locator("#cancel-confirm").click()
    expect(dialog).to_be_hidden()
    row = page.locator(f"#my-past #visit-{visit.id}")
    expect(row).to_contain_text("Отменён")
    expect(page.locator("#my-empty")).to_contain_text("записаться к врачу")

    page.locator("#feed-create").click()
    expect(page.locator("#feed-new")).to_contain_text("показывается один раз")
    expect(page.locator("#feed-url")).to_have_value(
        re.compile(r"/api/calendar/[A-Za-z0-9_-]{43}\.ics$")
    )
    shoot(page, "after-cancel-feed")
    page.locator("#feed-done").click()
    expect(page.locator("#feed-since")).to_be_visible()
    expect(page.locator("#feed-url")).to_have_count(0)


def offer_the_slot_back(live_server, visit: Appointment) -> None:
    """The patient joins the waiting list and the freed slot is offered to them."""
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT.login)).one()
        assert visit.specialty_id is not None
        waitlist.join(session=db, patient=patient, specialty_id=visit.specialty_id, actor=Actor())
        offer = waitlist.offer_freed_slot(db, visit.resource_id, visit.starts_at, utcnow())
        assert offer is not None
        db.commit()


def freed_future_slot(live_server) -> Appointment:
    """The demo patient's future visit, cancelled (by the test above, or here when run alone)."""
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT.login)).one()
        visit = db.exec(
            select(Appointment)
            .where(
                Appointment.patient_id == patient.id,
                col(Appointment.status).in_(["scheduled", "cancelled"]),
                col(Appointment.number).is_not(None),
                Appointment.starts_at > utcnow() + timedelta(days=1),
            )
            .order_by(col(Appointment.starts_at).desc())
        ).first()
        assert visit is not None
        if visit.status == "scheduled":
            booking.cancel(session=db, patient=patient, appointment_id=visit.id, actor=Actor())
            db.commit()
        return visit


def test_a_waiting_list_offer_is_confirmed_and_opens_by_its_number(page: Page, live_server):
    visit = freed_future_slot(live_server)
    offer_the_slot_back(live_server, visit)
    page.goto("/appointments/my")
    sign_in_here(page, live_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect(page.locator("#my-offers")).to_contain_text("Удерживается до")
    expect(page.locator("#my-waiting")).to_contain_text("Предложено время")
    shoot(page, "offer")
    assert violations(page, "/appointments/my") == []
    page.locator("#my-offers [id^=offer-accept-]").click()
    expect(page.locator("#my-offers")).to_have_count(0)
    card = page.locator("#my-upcoming .visit-card")
    expect(card).to_contain_text("Запланирован")
    number = card.locator("h3").inner_text().removeprefix("Запись ").strip()
    page.goto(routes.my_appointment(number))
    expect(page.locator("#my-upcoming .visit-card.opened")).to_be_in_viewport()
