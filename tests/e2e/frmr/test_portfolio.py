"""The portfolio in real browsers on a 768×1024 touch tablet (issue 15, item 3): the demo doctor
adds a certificate with a PDF (and a PNG in the same pick), a registrar sees its preview beside
its data and rejects it with a reason, the doctor uploads a corrected version, the registrar
approves it, and the doctor downloads a package whose index lists it with its sha256.
Saves screenshots of /frmr/portfolio (tablet, phone, desktop) to /tmp/shots-portfolio/."""

import hashlib
import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.portfolio import PortfolioRecord, PortfolioVersion
from gosapp.services.demo.accounts import demo_account
from tests.e2e.account.test_start_pages import expect_at, sign_in_here
from tests.e2e.frmr.test_workplace import sign_in_doctor
from tests.e2e.test_accessibility import violations
from tests.services.frmr.portfolio_setup import a_pdf, a_png

SHOTS = Path("/tmp/shots-portfolio")
NUMBER = "E2E-0177-2026"
REASON = "Не видна печать учебного центра"
SIZES = {"tablet": (768, 1024), "phone": (390, 844), "desktop": (1366, 768)}


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def fill_record(tab: Page) -> None:
    tab.select_option("#portfolio-type", "specialist_certificate")
    tab.locator("#portfolio-number").fill(NUMBER)
    tab.locator("#portfolio-issued-on").fill("01.02.2024")
    tab.locator("#portfolio-issuer").fill("Учебный центр «Медик»")
    tab.locator("#portfolio-valid-until").fill("01.02.2029")


def newest_request(live_server) -> tuple[int, int]:
    """The e2e record's id and its newest version's request id."""
    with live_server.db() as db:
        row = db.exec(select(PortfolioRecord).where(PortfolioRecord.number == NUMBER)).one()
        version = db.exec(
            select(PortfolioVersion)
            .where(PortfolioVersion.record_id == row.id)
            .order_by(PortfolioVersion.version_no.desc())  # type: ignore[attr-defined]
        ).first()
        assert version is not None
        return row.id, version.request_id


def decide(staff: Page, request_id: int, action: str, text: str = "") -> None:
    staff.goto(f"/staff/requests/{request_id}")
    expect(staff.locator("#staff-payload")).to_contain_text(NUMBER)
    preview = staff.locator(".staff-preview").first
    expect(preview).to_be_visible()
    answer = staff.request.get(str(preview.get_attribute("src")))
    assert (answer.status, answer.headers["content-type"]) == (200, "image/png")
    staff.wait_for_function(  # drawn on the page, not only served
        "el => el.complete && el.naturalWidth > 100", arg=preview.element_handle(), timeout=20_000
    )
    staff.screenshot(path=str(SHOTS / f"staff-{action}.png"), full_page=True)
    staff.locator("#staff-action-claim").click()
    expect(staff.locator("#staff-request-status")).to_contain_text("В обработке")
    staff.locator(f"#staff-action-{action}").click()
    if text:
        staff.locator("#staff-dialog-text").fill(text)
    staff.locator("#staff-dialog-confirm").click()
    expect(staff.locator("#staff-request-status")).to_contain_text(
        "Одобрено" if action == "approve" else "Отклонено"
    )


def test_certificate_rejected_corrected_approved_and_packaged(
    tablet, browser, live_server, tmp_path
):
    sign_in_doctor(tablet, live_server)
    expect(tablet.locator("#portfolio-radar")).to_contain_text("истекает")
    SHOTS.mkdir(parents=True, exist_ok=True)
    tablet.screenshot(path=str(SHOTS / "frmr-overview-tablet.png"), full_page=True)
    tablet.goto("/frmr/portfolio")
    expect(tablet.locator("#portfolio-list")).to_be_visible()

    # The doctor adds a certificate: a PDF and a PNG in one pick.
    tablet.locator("#portfolio-add").click()
    fill_record(tablet)
    first_pdf = a_pdf("Сертификат — первая версия")
    tablet.locator("#portfolio-file").set_input_files(
        [write(tmp_path, "сертификат.pdf", first_pdf), write(tmp_path, "оборот.png", a_png())]
    )
    expect(tablet.locator("#upload-portfolio-list")).to_contain_text("сертификат.pdf")
    expect(tablet.locator("#upload-portfolio-list")).to_contain_text("оборот.png")
    tablet.locator("#portfolio-form").screenshot(path=str(SHOTS / "portfolio-form-tablet.png"))
    tablet.locator("#portfolio-submit").click()
    expect(tablet.locator("#portfolio-notice")).to_contain_text("на проверке")
    record_id, request_id = newest_request(live_server)
    card = tablet.locator(f"#portfolio-record-{record_id}")
    expect(card).to_contain_text("на проверке")

    # A registrar sees the preview beside the data and rejects it with a reason.
    staff_context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    staff = staff_context.new_page()
    registrar = demo_account("registrar@demo.gosapp.ru")
    assert registrar is not None
    staff.goto("/login")
    sign_in_here(staff, live_server, registrar.login, registrar.password, registrar.totp_secret)
    expect_at(staff, live_server, "/staff")
    decide(staff, request_id, "reject", REASON)

    # The doctor sees the reason and uploads a corrected version.
    tablet.reload()
    expect(card).to_contain_text("отклонён")
    expect(card.locator(".portfolio-reason")).to_contain_text(REASON)
    tablet.locator(f"#portfolio-correct-{record_id}").click()
    expect(tablet.locator("#portfolio-number")).to_have_value(NUMBER)
    corrected = a_pdf("Сертификат — исправленная версия с печатью")
    tablet.locator("#portfolio-file").set_input_files(write(tmp_path, "с печатью.pdf", corrected))
    expect(tablet.locator("#upload-portfolio-list")).to_contain_text("с печатью.pdf")
    tablet.locator("#portfolio-submit").click()
    expect(card).to_contain_text("на проверке")
    _, second_request = newest_request(live_server)
    assert second_request != request_id

    # The registrar approves the corrected version.
    decide(staff, second_request, "approve")
    staff_context.close()

    # The doctor sees both versions and downloads a package with the approved one.
    tablet.reload()
    expect(card).to_contain_text("подтверждён")
    expect(card.locator(".portfolio-version")).to_have_count(2)
    expect(card).to_contain_text(REASON)  # the earlier decision stays visible
    tablet.locator(f"#portfolio-pick-{record_id}").click()
    tablet.locator("#portfolio-package-build").click()
    download_link = tablet.locator("#portfolio-package-download")
    expect(download_link).to_be_visible(timeout=30_000)
    with tablet.expect_download() as download:
        download_link.click()
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    assert list(files.values()).count(corrected) == 1 and first_pdf not in files.values()
    index = pdfium.PdfDocument(files["Опись.pdf"])
    text = "".join("".join(p.get_textpage().get_text_range().split()) for p in index)
    index.close()
    assert hashlib.sha256(corrected).hexdigest() in text and NUMBER in text

    archive_and_restore(tablet, card, record_id)
    screenshots(tablet)
    tablet.set_viewport_size({"width": 768, "height": 1024})
    assert violations(tablet, "/frmr/portfolio") == []  # axe: nothing serious or critical


def archive_and_restore(tab: Page, card, record_id: int) -> None:
    """«В архив» asks first (Esc cancels); the archive filter shows it; «Восстановить» back."""
    tab.locator(f"#portfolio-archive-{record_id}").click()
    expect(tab.get_by_role("alertdialog")).to_contain_text("Перенести запись в архив?")
    tab.keyboard.press("Escape")
    expect(tab.get_by_role("alertdialog")).to_have_count(0)
    expect(card).to_be_visible()
    tab.locator(f"#portfolio-archive-{record_id}").click()
    tab.locator("#portfolio-archive-confirm").click()
    expect(card).to_have_count(0)
    tab.select_option("#portfolio-filter-show", "archived")
    expect(card).to_contain_text(NUMBER)
    tab.locator(f"#portfolio-archive-{record_id}").click()
    expect(tab.get_by_role("alertdialog")).to_contain_text("Восстановить запись?")
    tab.locator("#portfolio-archive-confirm").click()
    expect(card).to_have_count(0)
    tab.select_option("#portfolio-filter-show", "active")
    expect(card).to_contain_text("подтверждён")


def screenshots(tab: Page) -> None:
    """/frmr/portfolio at the three sizes (looked at by a person, not compared)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto("/frmr/portfolio")
        expect(tab.locator("#portfolio-list")).to_be_visible()
        tab.wait_for_timeout(500)  # previews load lazily
        tab.screenshot(path=str(SHOTS / f"portfolio-{name}.png"), full_page=True)
        width_used = tab.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"{name}: the page scrolls sideways ({width_used}px)"
