"""The doctor's workplace in a real browser (issue 13, item 7): the demo doctor on a 768×1024
touch tablet sees today's visits with the patients' names and marks one «Состоялся»; every
button is at least 44 px tall. Also saves screenshots (tablet, desktop, phone) to
/tmp/shots-doctor/."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.models.accounts import User
from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.display import full_name
from gosapp.services.demo.accounts import demo_account
from tests.e2e.account.test_start_pages import expect_at, sign_in_here

SHOTS = Path("/tmp/shots-doctor")
_DOCTOR = demo_account("doctor@demo.gosapp.ru")
assert _DOCTOR is not None
DOCTOR = _DOCTOR
A = AppointmentStatus


def sign_in_doctor(tab: Page, live_server) -> None:
    tab.goto("/login")
    sign_in_here(tab, live_server, DOCTOR.login, DOCTOR.password, DOCTOR.totp_secret)
    expect_at(tab, live_server, "/frmr")


def arrange_a_started_visit(live_server) -> tuple[int, list[str]]:
    """A visit of the demo doctor that began a few minutes ago (today, local), so one can be
    marked whatever the hour; and the names of every patient the doctor sees today."""
    with live_server.db() as db:
        doctor = db.exec(select(User).where(User.email == DOCTOR.login)).one()
        resource = db.exec(select(Resource).where(Resource.user_id == doctor.id)).one()
        zone = ZoneInfo(db.get(Clinic, resource.clinic_id).timezone)
        now = datetime.now(UTC).replace(second=7, microsecond=0)
        midnight = datetime.combine(now.astimezone(zone).date(), datetime.min.time(), zone)
        starts = max(now - timedelta(minutes=10), midnight.astimezone(UTC) + timedelta(minutes=1))
        patient = db.exec(select(User).where(User.email == "patient2@demo.gosapp.ru")).one()
        visit = Appointment(
            number="ЗП-E2E-000001",
            resource_id=resource.id,
            patient_id=patient.id,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=20),
            status=A.SCHEDULED,
            complaint="Слабость после ОРВИ",
        )
        db.add(visit)
        db.commit()
        since = midnight.astimezone(UTC)
        rows = db.exec(
            select(User)
            .join(Appointment, col(Appointment.patient_id) == User.id)
            .where(
                Appointment.resource_id == resource.id,
                col(Appointment.status).in_([A.SCHEDULED, A.COMPLETED, A.NO_SHOW]),
                col(Appointment.starts_at) >= since,
                col(Appointment.starts_at) < since + timedelta(days=1),
            )
        ).all()
        return visit.id, sorted({full_name(u) for u in rows})


def short_buttons(tab: Page) -> list[str]:
    """Visible buttons in the page's content shorter than 44 px."""
    return tab.evaluate(
        """() => [...document.querySelectorAll('main button')]
            .filter(b => b.offsetParent !== null && b.getBoundingClientRect().height < 44)
            .map(b => (b.id || b.textContent) + ':' + b.getBoundingClientRect().height)"""
    )


def test_the_demo_doctor_marks_todays_visit_on_a_tablet(tablet, live_server):
    visit_id, names = arrange_a_started_visit(live_server)
    sign_in_doctor(tablet, live_server)
    tablet.locator("#frmr-workplace-link").click()
    expect_at(tablet, live_server, "/frmr/workplace")
    card = tablet.locator(f"#workplace-visit-{visit_id}")
    expect(card).to_contain_text("Слабость после ОРВИ")
    expect(card).to_contain_text("Запланирован")
    for name in names:
        expect(tablet.locator("#workplace-day")).to_contain_text(name)
    assert short_buttons(tablet) == []
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 768
    tablet.locator(f"#workplace-mark-completed-{visit_id}").click()
    expect(tablet.get_by_text("Приём отмечен: состоялся")).to_be_visible()
    expect(card).to_contain_text("Состоялся")
    expect(tablet.locator(f"#workplace-mark-completed-{visit_id}")).to_have_count(0)
    with live_server.db() as db:
        assert db.get(Appointment, visit_id).status == A.COMPLETED
    tablet.locator("#workplace-tab-week").click()
    expect(tablet.locator("#workplace-week")).to_contain_text("Приёмов:")
    assert short_buttons(tablet) == []


@pytest.mark.parametrize(("width", "height"), [(768, 1024), (1366, 768), (390, 844)])
def test_workplace_screenshots(browser, live_server, width, height):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ru-RU",
        viewport={"width": width, "height": height},
        is_mobile=width < 1024,
        has_touch=width < 1024,
    )
    tab = context.new_page()
    tab.goto("/login", wait_until="networkidle")
    sign_in_doctor(tab, live_server)
    tab.goto("/frmr/workplace", wait_until="networkidle")
    expect(tab.locator("#workplace-title")).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"workplace-day-{width}x{height}.png"), full_page=True)
    tab.locator("#workplace-tab-week").click()
    expect(tab.locator("#workplace-week")).to_be_visible()
    tab.screenshot(path=str(SHOTS / f"workplace-week-{width}x{height}.png"), full_page=True)
    context.close()
