"""Schedules in the back office in a real browser (issue 13, item 1): the demo registrar adds
a vacation day for a doctor with booked visits, sees them listed before saving, confirms, and
the visits are cancelled with their patients notified. Saves a screenshot to
/tmp/shots-doctor/."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlmodel import col, select

from gosapp.models.accounts import User
from gosapp.models.notifications import Notification
from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.display import full_name
from gosapp.services.demo.accounts import demo_account
from gosapp.services.scheduling.schedule_view import visits_label
from tests.e2e.account.test_start_pages import expect_at, sign_in_here

SHOTS = Path("/tmp/shots-doctor")
_REGISTRAR = demo_account("registrar@demo.gosapp.ru")
assert _REGISTRAR is not None
REGISTRAR = _REGISTRAR
A = AppointmentStatus


def a_booked_day(live_server):
    """A doctor (not the demo doctor) with scheduled visits on a day from the day after
    tomorrow: the clinic, the resource, that local day and its visits."""
    with live_server.db() as db:
        soon = datetime.now(UTC) + timedelta(days=2)
        for visit in db.exec(
            select(Appointment)
            .join(Resource, col(Resource.id) == Appointment.resource_id)
            .where(
                col(Appointment.status) == A.SCHEDULED,
                col(Appointment.starts_at) > soon,
                col(Resource.user_id).is_(None),
                col(Resource.specialty_id).is_not(None),
            )
            .order_by(col(Appointment.starts_at))
        ):
            resource = db.get(Resource, visit.resource_id)
            clinic = db.get(Clinic, resource.clinic_id)
            zone = ZoneInfo(clinic.timezone)
            day = visit.starts_at.replace(tzinfo=UTC).astimezone(zone).date()
            same_day = [
                v
                for v in db.exec(
                    select(Appointment).where(
                        Appointment.resource_id == resource.id,
                        col(Appointment.status) == A.SCHEDULED,
                    )
                )
                if v.starts_at.replace(tzinfo=UTC).astimezone(zone).date() == day
            ]
            patients = {v.id: full_name(db.get(User, v.patient_id)) for v in same_day}
            return clinic, resource, day, patients
    raise AssertionError("the demo has no booked visits two days ahead")


def test_a_vacation_day_lists_the_booked_visits_before_cancelling_them(page, live_server):
    clinic, resource, day, patients = a_booked_day(live_server)
    page.goto("/login")
    sign_in_here(page, live_server, REGISTRAR.login, REGISTRAR.password, REGISTRAR.totp_secret)
    expect_at(page, live_server, "/staff")
    page.locator("#staff-nav-schedules").click()
    expect_at(page, live_server, "/staff/schedules")
    page.locator("#schedules-clinic").click()
    page.get_by_role("option", name=clinic.short_name, exact=True).click()
    page.locator("#schedules-resource").click()
    page.get_by_role("option", name=re.compile("^" + re.escape(resource.name))).click()
    expect(page.locator("#schedules-week")).to_contain_text("Понедельник")
    page.locator("#schedules-exception-first-day").fill(day.strftime("%d.%m.%Y"))
    page.locator("#schedules-exception-last-day").fill(day.strftime("%d.%m.%Y"))
    page.locator("#schedules-exception-add").click()
    title = page.locator("#schedules-confirm-title")
    expect(title).to_have_text(f"Изменение затронет {visits_label(len(patients))}")
    dialog = page.locator("#schedules-confirm-dialog")
    expect(dialog).to_contain_text("Пациенты получат уведомление")
    for name in patients.values():
        expect(dialog).to_contain_text(name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(SHOTS / "schedules-confirm-1366x768.png"))
    page.locator("#schedules-confirm").click()
    expect(page.locator("#schedules-exceptions")).to_contain_text(f"{day:%d.%m.%Y}")
    expect(dialog).to_have_count(0)
    page.screenshot(path=str(SHOTS / "schedules-1366x768.png"), full_page=True)
    with live_server.db() as db:
        for visit_id in patients:
            visit = db.get(Appointment, visit_id)
            assert (visit.status, visit.cancelled_by) == (A.CANCELLED, "staff")
            note = db.exec(
                select(Notification).where(Notification.user_id == visit.patient_id)
            ).all()
            assert any("изменения расписания" in n.body for n in note)
