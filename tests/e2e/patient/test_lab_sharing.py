"""Sharing lab results in real browsers (issue 14, «Done when»): the demo patient shares a panel
with the demo doctor; the doctor (a second browser, a tablet) sees exactly it on /frmr/shared;
the patient sees the doctor's look in «кто смотрел мои данные», revokes the share, and the
doctor no longer sees it. Then a one-time link: a wrong date of birth is refused, the right one
shows exactly the picked result once. Screenshots of the three pages at phone, tablet and
desktop sizes go to /tmp/shots-sharing/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.db import begin_write
from gosapp.models.accounts import User
from gosapp.models.labs import LabResult, LabShare
from gosapp.services.common.display import local_midnight_utc
from gosapp.services.demo.accounts import demo_account
from gosapp.services.medical.lab_results import build_result
from gosapp.settings import get_settings
from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.frmr.test_workplace import sign_in_doctor

SHOTS = Path("/tmp/shots-sharing")
SIZES = [(390, 844), (768, 1024), (1366, 768)]
_PATIENT = demo_account("patient@demo.gosapp.ru")
assert _PATIENT is not None
PATIENT = _PATIENT
# Yesterday 06:15 UTC: among the latest results (the pick list shows the latest 100).
TAKEN = (datetime.now(UTC) - timedelta(days=1)).replace(hour=6, minute=15, second=0, microsecond=0)
LOCAL_DAY = TAKEN.astimezone(get_settings().tz).date()
DAY = LOCAL_DAY.strftime("%d.%m.%Y")


def seed_results(live_server) -> tuple[int, set[int], int]:
    """Blood count and glucose results of the demo patient on DAY; the patient's id, the ids of
    every «Общий анализ крови» result that day (what the panel share must hold, demo data
    included) and the glucose result's id (which it must not)."""
    with live_server.db() as db:
        begin_write(db)  # lock first: a read turned write fails if the server wrote meanwhile
        patient = db.exec(select(User).where(User.email == PATIENT.login)).one()
        for code, value in (("HGB", 128), ("WBC", 11.2), ("PLT", 250), ("GLU", 5.4)):
            db.add(build_result(patient, code, value, TAKEN, laboratory="Лаборатория ФМБА"))
        db.commit()
        rows = db.exec(
            select(LabResult).where(
                LabResult.patient_id == patient.id,
                col(LabResult.taken_at) >= local_midnight_utc(LOCAL_DAY),
                col(LabResult.taken_at) < local_midnight_utc(LOCAL_DAY + timedelta(days=1)),
            )
        ).all()
        blood = {r.id for r in rows if r.panel_code == "cbc"}
        glucose = next(r.id for r in rows if r.analyte_code == "GLU" and r.value == 5.4)
        return patient.id, blood, glucose


def doctor_id(live_server) -> int:
    with live_server.db() as db:
        return db.exec(select(User.id).where(User.email == "doctor@demo.gosapp.ru")).one()


def latest_share(live_server, patient_id: int) -> LabShare:
    with live_server.db() as db:
        return db.exec(
            select(LabShare)
            .where(LabShare.patient_id == patient_id)
            .order_by(col(LabShare.id).desc())
        ).first()


def short_targets(tab: Page) -> list[str]:
    """Visible buttons in the content under 44 px tall (a radio or checkbox counts by the
    label around it, which is what a finger hits)."""
    return tab.evaluate(
        """() => [...document.querySelectorAll('main button')]
            .filter(b => b.offsetParent !== null)
            .map(b => [b, b.closest('label') || b])
            .filter(([b, t]) => t.getBoundingClientRect().height < 44)
            .map(([b, t]) => (b.id || b.textContent) + ':' + t.getBoundingClientRect().height)"""
    )


def shoot(tab: Page, name: str) -> None:
    """The page at each size, full length; nothing may scroll sideways, no target under 44 px."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        tab.set_viewport_size({"width": width, "height": height})
        tab.evaluate("window.scrollTo(0, 0)")
        tab.wait_for_timeout(300)
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        assert short_targets(tab) == [], (name, width)
        tab.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=True)


def share_panel_with_doctor(page: Page, doctor: int) -> None:
    page.locator("#sharing-doctor-query").fill("Лебедев")
    page.locator("#sharing-doctor-find").click()
    page.locator(f"#sharing-doctor-{doctor}").click()
    page.locator("#sharing-from").fill(DAY)
    page.locator("#sharing-to").fill(DAY)
    page.locator("#sharing-submit").click()


def test_share_a_panel_doctor_sees_it_patient_sees_the_look_and_revokes(
    browser, page: Page, live_server
):
    patient_id, blood, glucose = seed_results(live_server)
    doctor = doctor_id(live_server)
    page.goto("/labs/sharing")
    sign_in_here(page, live_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect(page.locator("#sharing-create")).to_be_visible()
    share_panel_with_doctor(page, doctor)
    expect(page.locator("#sharing-shares-table")).to_contain_text("Лебедев Дмитрий Андреевич")
    share = latest_share(live_server, patient_id)
    row = page.locator(f"#sharing-share-{share.id}")
    expect(row).to_contain_text("действует")
    expect(row).to_contain_text("Общий анализ крови")

    tablet = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 768, "height": 1024}
    ).new_page()
    sign_in_doctor(tablet, live_server)
    tablet.goto("/frmr/shared")
    expect(tablet.locator(f"#doctor-shared-{share.id}")).to_contain_text("Смирнова Алиса")
    tablet.locator(f"#doctor-shared-open-{share.id}").click()
    table = tablet.locator("#doctor-shared-table")
    expect(table.locator("tbody tr")).to_have_count(len(blood))
    for result_id in blood:
        expect(tablet.locator(f"#shared-result-{result_id}")).to_be_visible()
    expect(tablet.locator(f"#shared-result-{glucose}")).to_have_count(0)
    expect(table).to_contain_text("↑ выше нормы")  # WBC 11,2 is flagged in words
    shoot(tablet, "frmr-shared")

    page.goto("/labs/sharing")
    log = page.locator("#access-log-table")
    expect(log).to_contain_text("Лебедев Дмитрий Андреевич")
    expect(log).to_contain_text("Врач")
    expect(log).to_contain_text(share.title)
    page.locator(f"#sharing-revoke-{share.id}").click()
    expect(page.locator("#revoke-dialog")).to_contain_text(share.title)
    page.locator("#revoke-confirm").click()
    expect(row).to_contain_text("отозван")

    tablet.goto("/frmr/shared")
    expect(tablet.locator("#doctor-shared-empty")).to_be_visible()
    expect(tablet.locator(f"#doctor-shared-{share.id}")).to_have_count(0)
    tablet.context.close()

    link_path = make_link(page, glucose)
    shoot(page, "labs-sharing")
    open_link_once(browser, live_server, link_path, glucose)


def make_link(page: Page, result_id: int) -> str:
    """A one-time link to one picked result; its path (shown once, with a QR code)."""
    page.locator("#sharing-target-link").click()
    page.locator("#sharing-what-pick").click()
    page.locator(f"#sharing-pick-{result_id}").click()
    expect(page.locator("#sharing-picked-count")).to_contain_text("1")
    page.locator("#sharing-submit").click()
    expect(page.locator("#sharing-link-qr")).to_be_visible()
    url = page.locator("#sharing-link-url").input_value()
    assert "/shared/" in url
    return urlsplit(url).path


def open_link_once(browser, live_server, path: str, result_id: int) -> None:
    stranger = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 390, "height": 844}
    ).new_page()
    stranger.goto(path, wait_until="networkidle")
    stranger.locator("#shared-birth-date").fill("01.01.1990")
    stranger.locator("#shared-open").click()
    expect(stranger.locator("#shared-birth-date-error")).to_contain_text("Осталось попыток: 4")
    stranger.locator("#shared-birth-date").fill(PATIENT.birth_date.strftime("%d.%m.%Y"))
    stranger.locator("#shared-open").click()
    table = stranger.locator("#shared-link-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(stranger.locator(f"#shared-result-{result_id}")).to_contain_text("5,4")
    shoot(stranger, "shared-link")
    stranger.reload(wait_until="networkidle")  # one-time: the results never come back
    stranger.locator("#shared-birth-date").fill(PATIENT.birth_date.strftime("%d.%m.%Y"))
    stranger.locator("#shared-open").click()
    expect(stranger.locator("#shared-birth-date-error")).to_contain_text("недействительна")
    expect(stranger.locator("#shared-link-table")).to_have_count(0)
    stranger.context.close()
