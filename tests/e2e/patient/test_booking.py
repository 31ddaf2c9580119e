"""The slot picker in a real browser (SPEC §2.1): a demo patient books a therapist step by step
and gets a number; a reload keeps the step; a Владивосток doctor's times are labelled with the
clinic's zone; a visit is moved through ``?reschedule=``; a basic account sees the level gate."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource, WaitlistEntry
from gosapp.pages.patient.appointments import scripts
from gosapp.services.common.audit import Actor
from gosapp.services.demo.accounts import DemoAccount, demo_account
from gosapp.services.scheduling import booking, calendar
from tests.e2e.account.test_security import PASSWORD, make_account, sign_in, unused_code
from tests.e2e.test_accessibility import violations


def _demo(login: str) -> DemoAccount:
    account = demo_account(login)
    assert account is not None
    return account


PATIENT2 = _demo("patient2@demo.gosapp.ru")  # the first demo patient has a cardiology visit
PATIENT3 = _demo("patient3@demo.gosapp.ru")
ACTOR = Actor(ip="127.0.0.1", user_agent="e2e")
FIRST_FREE_DAY = "#slot-calendar a[id^='slot-day-']"


def sign_in_demo(
    page: Page, live_server, account: DemoAccount, next_path: str = "/appointments"
) -> None:
    """Sign in through the form from a deep link (its query kept) and land on it."""
    page.goto(routes.login_to(next_path))
    page.locator("#login-identifier").fill(account.login)
    page.locator("#login-password").fill(account.password)
    page.locator("#login-submit").click()
    expect(page.locator("#totp-code")).to_be_visible()
    page.locator("#totp-code").fill(unused_code(live_server, account.login, account.totp_secret))
    page.locator("#totp-submit").click()
    path, _, query = next_path.partition("?")
    expect(page).to_have_url(
        re.compile(f"{re.escape(path)}/?" + re.escape(f"?{query}" if query else "") + "$")
    )


def test_a_patient_books_a_therapist_step_by_step_and_gets_a_number(page, live_server):
    sign_in_demo(page, live_server, PATIENT2)
    page.locator("#choice-service-consultation").click()
    page.locator("#choice-specialty-therapist").click()
    expect(page).to_have_url(re.compile(r"service=consultation&specialty=therapist"))
    expect(page.locator("#doctor-list")).to_be_visible()
    page.locator("[id^='choice-doctor-']").first.click()  # the soonest free first
    expect(page.locator("#slot-calendar")).to_have_attribute("role", "grid")
    page.locator(FIRST_FREE_DAY).first.click()
    expect(page.locator("#time-grid")).to_be_visible()
    expect(page).to_have_url(re.compile(r"doctor=\d+&month=\d{4}-\d{2}&day=\d{4}-\d{2}-\d{2}"))

    page.reload()  # the URL keeps the step
    expect(page.locator("#time-grid")).to_be_visible()
    chosen = page.locator("#slot-calendar [aria-current='date']")
    expect(chosen).to_have_attribute("aria-label", re.compile(r"^\d+ [а-я]+, [а-я]+, \d+ свободн"))

    slot = page.locator("#time-grid button[id^='slot-']").first
    slot_id = slot.get_attribute("id") or ""
    assert re.fullmatch(r"slot-\d\d-\d\d", slot_id)
    slot.click()
    expect(page.locator("#hold-countdown")).to_have_text(re.compile(r"^[0-4]:[0-5]\d$"))
    expect(page.locator("#booking-summary")).to_contain_text(slot_id[5:].replace("-", ":"))
    page.locator("#booking-confirm").click()
    expect(page.locator("#booking-number")).to_have_text(re.compile(r"^ЗП-\d{4}-\d{6}$"))
    expect(page.locator("#booking-done-title")).to_have_text("Вы записаны")

    number = page.locator("#booking-number").inner_text()
    with live_server.db() as db:
        visit = db.exec(select(Appointment).where(Appointment.number == number)).one()
        owner = db.get(User, visit.patient_id)
    assert visit.status == AppointmentStatus.SCHEDULED
    assert owner is not None and owner.email == PATIENT2.login


def test_a_step_back_and_the_filters_stay_in_the_url(page, live_server):
    sign_in_demo(page, live_server, PATIENT3, "/appointments?service=checkup&specialty=therapist")
    expect(page.locator("#doctor-list")).to_be_visible()
    page.locator("#doctor-filter-q").fill("нет-такого-врача")
    page.locator("#doctor-filter-submit").click()
    expect(page.locator("#doctors-empty")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=%D0%BD"))
    page.locator("#picker-back").click()
    expect(page.locator("#choice-specialty-therapist")).to_be_visible()


def test_a_vladivostok_doctors_times_are_labelled_with_the_clinics_zone(page, live_server):
    with live_server.db() as db:
        doctor_id = db.exec(
            select(Resource.id)
            .join(Clinic, col(Clinic.id) == Resource.clinic_id)
            .join(Specialty, col(Specialty.id) == Resource.specialty_id)
            .where(Clinic.timezone == "Asia/Vladivostok", Specialty.code == "therapist")
        ).first()
    assert doctor_id is not None
    target = f"/appointments?service=consultation&specialty=therapist&doctor={doctor_id}"
    sign_in_demo(page, live_server, PATIENT3, target)
    expect(page.locator("#slot-calendar")).to_be_visible()
    page.locator(FIRST_FREE_DAY).first.click()
    expect(page.locator("#slot-zone-note")).to_contain_text("время Владивостока, МСК+7")
    page.locator("#time-grid button[id^='slot-']").first.click()
    expect(page.locator("#booking-summary")).to_contain_text("(время Владивостока, МСК+7)")
    page.locator("#booking-back").click()  # the slot is given back
    expect(page.locator("#time-grid")).to_be_visible()


def test_when_the_countdown_runs_out_the_page_says_so_and_shows_the_times_again(page, live_server):
    sign_in_demo(page, live_server, PATIENT3, "/appointments?service=checkup&specialty=therapist")
    page.locator("[id^='choice-doctor-']").first.click()
    page.locator(FIRST_FREE_DAY).first.click()
    page.locator("#time-grid button[id^='slot-']").first.click()
    expect(page.locator("#hold-countdown")).to_have_text(re.compile(r"^4:5\d$"))
    expect(page.locator("#hold-until")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    # The page's own countdown restarted with 2 seconds left (a fake clock would also stall the
    # websocket's heartbeat): at zero it presses #hold-expired, whose handler gives the slot back.
    page.evaluate(scripts.countdown(2))
    expect(page.locator("#picker-notice")).to_contain_text("Время на подтверждение истекло")
    expect(page.locator("#time-grid")).to_be_visible()
    expect(page.locator("#booking-confirm")).to_have_count(0)
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT3.login)).one()
        held = db.exec(
            select(Appointment).where(
                Appointment.patient_id == patient.id, Appointment.status == AppointmentStatus.HELD
            )
        ).all()
    assert held == []


def test_a_day_without_free_time_offers_the_waiting_list(page, live_server):
    today = utcnow().date()
    sunday = today + timedelta(days=6 - today.weekday() + 7)  # nobody works on Sundays
    with live_server.db() as db:
        doctor_id = db.exec(
            select(Resource.id)
            .join(Specialty, col(Specialty.id) == Resource.specialty_id)
            .where(Specialty.code == "ent")
        ).first()
    target = (
        f"/appointments?service=consultation&specialty=ent&doctor={doctor_id}"
        f"&month={sunday:%Y-%m}&day={sunday.isoformat()}"
    )
    sign_in_demo(page, live_server, PATIENT3, target)
    expect(page.locator(f"#slot-calendar td[data-date='{sunday}']")).to_have_attribute(
        "aria-disabled", "true"
    )
    expect(page.locator("#appointments-empty")).to_contain_text("свободного времени не осталось")
    page.locator("#waitlist-join").click()
    expect(page.locator("#waitlist-joined")).to_be_visible()
    expect(page.locator("#picker-notice")).to_contain_text("Вы в листе ожидания")
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT3.login)).one()
        entry = db.exec(select(WaitlistEntry).where(WaitlistEntry.patient_id == patient.id)).one()
    assert entry.resource_id == doctor_id


def test_a_visit_is_moved_through_the_picker_and_keeps_its_number(page, live_server):
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT3.login)).one()
        visit = _book_a_neurologist(db, patient)
    sign_in_demo(page, live_server, PATIENT3, f"/appointments?reschedule={visit.id}")
    expect(page.locator("#reschedule-note")).to_contain_text(visit.number or "")
    expect(page.locator("#doctor-list")).to_be_visible()  # service and specialty preselected
    page.locator("[id^='choice-doctor-']").first.click()
    page.locator(FIRST_FREE_DAY).last.click()
    page.locator("#time-grid button[id^='slot-']").last.click()
    page.locator("#booking-confirm").click()
    expect(page.locator("#booking-done-title")).to_have_text("Запись перенесена")
    expect(page.locator("#booking-number")).to_have_text(visit.number or "")
    with live_server.db() as db:
        old = db.get(Appointment, visit.id)
    assert old is not None and old.status == AppointmentStatus.CANCELLED


def _book_a_neurologist(db, patient: User) -> Appointment:
    """A visit of ``patient`` two or more days ahead, booked through the services."""
    now = utcnow()
    doctor_id = db.exec(
        select(Resource.id)
        .join(Specialty, col(Specialty.id) == Resource.specialty_id)
        .where(Specialty.code == "neurologist")
    ).first()
    assert doctor_id is not None
    soon = now.date() + timedelta(days=2)  # movable: more than two hours ahead
    week = calendar.free_slots(db, [doctor_id], soon, soon + timedelta(days=7), now)
    slots = week[doctor_id]
    held = booking.hold(
        session=db,
        patient=patient,
        resource_id=doctor_id,
        starts_at=slots[0].starts,
        service_code="consultation",
        actor=ACTOR,
    )
    visit = booking.confirm(session=db, patient=patient, appointment_id=held.id, actor=ACTOR)
    db.commit()
    return visit


def test_the_picker_steps_have_no_serious_accessibility_violations(page, live_server):
    list_url = "/appointments?service=consultation&specialty=therapist"
    sign_in_demo(page, live_server, PATIENT3, list_url)
    doctor = page.locator("[id^='choice-doctor-']").first.get_attribute("href") or ""
    page.goto(doctor)
    day = page.locator(FIRST_FREE_DAY).first.get_attribute("href") or ""
    found = [
        v for route in ("/appointments", list_url, doctor, day) for v in violations(page, route)
    ]
    assert not found, "\n".join(found)


def test_a_basic_account_sees_the_level_gate_instead_of_the_picker(page, live_server):
    email, secret = make_account(live_server)
    sign_in(page, live_server, email, PASSWORD, secret, "/appointments")
    gate = page.locator("#appointments-level-gate")
    expect(gate).to_contain_text("нужна стандартная учётная запись, у вас — упрощённая")
    expect(page.locator("#appointments-level-gate-link")).to_have_attribute("href", "/profile")
    expect(page.locator("#choice-service-consultation")).to_have_count(0)
