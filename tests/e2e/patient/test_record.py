"""«Моя карта здоровья» in a real browser: the demo patient opens /record from the patient
cabinet, sees chronic conditions, allergies, diagnoses, recommendations, visits with notes and
vaccinations, filters by status and diagnosis, marks a recommendation «выполнено» and downloads
the PDF extract. Also saves screenshots (phone, tablet, desktop) to /tmp/shots-record/."""

from pathlib import Path

from playwright.sync_api import Page, expect

from gosapp.services.demo.accounts import demo_account
from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.frmr.test_workplace import short_buttons

SHOTS = Path("/tmp/shots-record")
_PATIENT = demo_account("patient@demo.gosapp.ru")
assert _PATIENT is not None
PATIENT = _PATIENT
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 768)}


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, size
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_patient_reads_filters_and_downloads_the_record(page: Page, live_server):
    page.goto("/login")
    sign_in_here(page, live_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect(page.locator("#dashboard-recent")).to_be_visible()
    page.goto("/patient")
    page.get_by_role("link", name="Моя карта здоровья").first.click()
    expect(page.get_by_role("heading", name="Моя карта здоровья")).to_be_visible()
    expect(page.locator("#record-chronic")).to_contain_text("I10")
    expect(page.locator("#record-allergies")).to_contain_text("Пенициллин")
    diagnoses = page.locator("#record-diagnoses-table")
    expect(diagnoses).to_contain_text("J06.9")
    expect(diagnoses).to_contain_text("Излечён")
    expect(page.locator("#record-visits-table")).to_contain_text("Артериальная гипертензия")
    expect(page.locator("#record-vaccinations-table")).to_contain_text("Грипп")
    recs = page.locator("#record-recommendations-table")
    expect(recs).to_contain_text("Повторный приём с дневником давления")
    assert short_buttons(page) == []
    shoot(page, "record")

    page.locator("#record-filter-status").click()
    page.get_by_role("option", name="Активные и предстоящие").click()
    expect(diagnoses).not_to_contain_text("J06.9")
    expect(recs).not_to_contain_text("Закаливание")
    page.locator("#record-filter-reset").click()
    page.locator("#record-filter-diagnosis").click()
    page.get_by_role("option", name="J06.9", exact=False).click()
    expect(diagnoses).not_to_contain_text("I10")
    expect(recs).to_contain_text("Закаливание")
    page.locator("#record-filter-reset").click()
    expect(diagnoses).to_contain_text("I10")  # the reset is through (it clears the dates)
    page.locator("#record-filter-from").fill("31.02.2020")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#record-filter-from-error")).to_be_visible()
    expect(page.locator("#record-filter-from")).to_have_value("31.02.2020")  # nothing lost
    page.locator("#record-filter-reset").click()

    row = recs.locator("tr", has_text="Повторный приём с дневником давления")
    row.locator("[id^=record-done-]").click()
    expect(page.get_by_text("Отмечено: выполнено")).to_be_visible()
    expect(row).to_contain_text("Выполнено")

    with page.expect_download() as download:
        page.locator("#record-export-pdf").click()
    path = download.value.path()
    assert download.value.suggested_filename == "medical-record.pdf"
    assert Path(path).read_bytes().startswith(b"%PDF")
