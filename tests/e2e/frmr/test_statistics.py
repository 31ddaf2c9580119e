"""The doctor's statistics in a real browser on a 768×1024 tablet (issue 16, item 6): the demo
doctor (a year of demo visits) sees this month's figures on `/frmr`, switches to the quarter
and the year, the charts draw, the numbers open as tables, and the CSV of the chosen period
downloads with the same numbers. Saves screenshots (tablet, phone, desktop) to
/tmp/shots-stats/."""

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.accounts import User
from gosapp.services.scheduling import doctor_stats
from gosapp.services.scheduling.doctor_stats import DoctorStats, percent_label
from tests.e2e.frmr.test_workplace import DOCTOR, short_buttons, sign_in_doctor

SHOTS = Path("/tmp/shots-stats")
SIZES = {"tablet": (768, 1024), "phone": (390, 844), "desktop": (1366, 768)}


def expected(live_server, period: str) -> DoctorStats:
    """What the service counts for the demo doctor right now."""
    with live_server.db() as db:
        doctor = db.exec(select(User).where(User.email == DOCTOR.login)).one()
        return doctor_stats.statistics(
            session=db, viewer=doctor, doctor_id=doctor.id, period=period
        )


def shows(tab: Page, stats: DoctorStats) -> None:
    expect(tab.locator("#stats-period-label")).to_have_text(stats.period.label)
    expect(tab.locator("#stats-completed-value")).to_have_text(str(stats.completed))
    rate = f"{stats.no_show} ({percent_label(stats.rate)})"
    expect(tab.locator("#stats-rate-value")).to_have_text(rate)


def test_the_doctor_reads_and_downloads_their_statistics(tablet, live_server, tmp_path):
    sign_in_doctor(tablet, live_server)
    section = tablet.locator("#doctor-stats")
    expect(section).to_be_visible()
    shows(tablet, expected(live_server, "month"))
    expect(tablet.locator("#stats-period-month")).to_have_attribute("aria-pressed", "true")

    tablet.locator("#stats-period-quarter").click()
    expect(tablet.locator("#stats-period-quarter")).to_have_attribute("aria-pressed", "true")
    shows(tablet, expected(live_server, "quarter"))

    tablet.locator("#stats-period-year").click()
    year = expected(live_server, "year")
    shows(tablet, year)
    assert year.completed > 100 and year.busiest is not None  # the demo's year of visits
    expect(tablet.locator("#stats-busiest-value")).to_have_text(year.busiest.label)
    expect(tablet.locator("#stats-weeks-chart .recharts-bar-rectangle").first).to_be_visible()
    expect(tablet.locator("#stats-rate-chart .recharts-line-curve")).to_have_count(1)
    expect(tablet.locator("#stats-hours-chart .recharts-bar-rectangle")).to_have_count(
        len(year.hours)
    )
    expect(tablet.locator("#stats-weekdays-chart .recharts-bar-rectangle").first).to_be_visible()
    expect(tablet.locator("#stats-weeks-chart [role=img]")).to_have_attribute(
        "aria-label",
        f"Приёмы по неделям за {year.period.label}: состоялись {year.completed}, "
        f"неявки {year.no_show}. Числа по неделям — в таблице ниже.",
    )

    tablet.locator("#stats-tables summary").click()
    expect(tablet.locator("#stats-weeks-table tbody tr")).to_have_count(len(year.weeks))
    expect(tablet.locator("#stats-hours-table")).to_contain_text(year.busiest.label)
    assert short_buttons(tablet) == []

    with tablet.expect_download() as download:
        tablet.locator("#stats-csv").click()
    body = Path(download.value.path()).read_bytes()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").split("\r\n")
    assert f"Итого;Приёмы состоялись;{year.completed}" in lines
    assert any(line.startswith("Итого;Период;" + year.period.label) for line in lines)
    screenshots(tablet)


def screenshots(tab: Page) -> None:
    """The overview with the year's statistics at three sizes; no sideways scroll."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto("/frmr")
        expect(tab.locator("#stats-weeks-chart")).to_be_visible()
        tab.locator("#stats-period-year").click()
        expect(tab.locator("#stats-period-year")).to_have_attribute("aria-pressed", "true")
        tab.wait_for_timeout(700)
        tab.locator("#doctor-stats").screenshot(path=str(SHOTS / f"stats-{name}.png"))
        tab.locator("#stats-tables summary").click()
        expect(tab.locator("#stats-hours-table")).to_be_visible()
        tab.locator("#stats-tables").screenshot(path=str(SHOTS / f"tables-{name}.png"))
        tab.screenshot(path=str(SHOTS / f"frmr-{name}.png"), full_page=True)
        used = tab.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"/frmr {name}: scrolls sideways ({used}px)"
