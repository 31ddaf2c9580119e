"""Attestation in a real browser on a 768×1024 tablet (issue 16, item 3): the demo doctor
opens /frmr/attestation, withdraws the demo application from the page (after «Отозвать
заявление? … Да, отозвать»; «Отмена» first keeps it), sees every requirement for высшая
категория met and when the current one may be confirmed, attaches a work report and portfolio
documents, applies again; a registrar approves it in the back office and the profile on /frmr
shows the new category with its valid-until date. Saves screenshots of the page (phone,
tablet, desktop) to /tmp/shots-attestation-<checkout folder>/ (checkouts running it at
once do not overwrite each other's)."""

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.requests import Request
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import demo_account
from gosapp.services.frmr import attestation
from gosapp.services.frmr.attestation_rules import reconfirm_from, valid_until
from gosapp.services.requests import workflow
from tests.e2e.account.test_start_pages import expect_at, sign_in_here
from tests.e2e.frmr.test_workplace import DOCTOR, sign_in_doctor
from tests.services.frmr.portfolio_setup import a_pdf

SHOTS = Path(f"/tmp/shots-attestation-{Path(__file__).resolve().parents[3].name}")
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 768)}


def the_demo_application(live_server) -> tuple[int, str]:
    """The demo doctor's application for высшая, under review (demo data), and the day their
    current category may be confirmed from."""
    with live_server.db() as db:
        doctor = db.exec(select(User).where(User.email == DOCTOR.login)).one()
        open_one = attestation.open_application(db, doctor)
        assert open_one is not None
        profile = db.exec(
            select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == doctor.id)
        ).one()
        assert profile.category_valid_until is not None
        return open_one.id, f"{reconfirm_from(profile.category_valid_until):%d.%m.%Y}"


def withdraw_on_the_page(tab: Page, live_server, request_id: int) -> None:
    """«Отозвать заявление» → the confirmation; «Отмена» keeps it, «Да, отозвать» withdraws."""
    row = tab.locator(f"#att-history-{request_id}")
    row.get_by_role("button", name="Отозвать заявление").click()
    expect(row).to_contain_text("Отозвать заявление? Это нельзя отменить.")
    row.get_by_role("button", name="Отмена").click()
    expect(row.get_by_role("button", name="Да, отозвать")).to_have_count(0)
    row.get_by_role("button", name="Отозвать заявление").click()
    confirmation_screenshots(tab, row)
    row.get_by_role("button", name="Да, отозвать").click()
    expect(row).to_contain_text("Отозвано")
    expect(row.get_by_role("button", name="Отозвать заявление")).to_have_count(0)
    expect(tab.locator("#att-under-review")).to_have_count(0)
    with live_server.db() as db:
        assert db.get_one(Request, request_id).status == "withdrawn"


def approve_in_back_office(browser, live_server, request_id: int) -> None:
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    staff = context.new_page()
    registrar = demo_account("registrar@demo.gosapp.ru")
    assert registrar is not None
    staff.goto("/login")
    sign_in_here(staff, live_server, registrar.login, registrar.password, registrar.totp_secret)
    expect_at(staff, live_server, "/staff")
    staff.goto(f"/staff/requests/{request_id}")
    expect(staff.locator("#staff-payload")).to_contain_text("Высшая")
    expect(staff.locator("#staff-payload")).to_contain_text("отчёт.pdf")
    staff.locator("#staff-action-claim").click()
    expect(staff.locator("#staff-request-status")).to_contain_text("В обработке")
    staff.locator("#staff-action-approve").click()
    staff.locator("#staff-dialog-confirm").click()
    expect(staff.locator("#staff-request-status")).to_contain_text("Одобрено")
    context.close()


def test_the_doctor_attests_for_the_highest_category(tablet, browser, live_server, tmp_path):
    sign_in_doctor(tablet, live_server)
    tablet.goto("/frmr/attestation")
    expect(tablet.locator("#att-under-review")).to_be_visible()  # the demo application
    SHOTS.mkdir(parents=True, exist_ok=True)
    tablet.screenshot(path=str(SHOTS / "under-review-tablet.png"), full_page=True)
    demo_id, confirm_from = the_demo_application(live_server)
    expect(tablet.locator("#att-under-review")).to_contain_text("отозвав")
    withdraw_on_the_page(tablet, live_server, demo_id)
    expect(tablet.locator("#att-category")).to_have_text("Первая")
    expect(tablet.locator("#att-reconfirm-from")).to_have_text(
        f"Подтвердить первую категорию можно будет с {confirm_from}."
    )
    expect(tablet.locator("#att-target-first")).to_have_count(0)  # not yet: only высшая
    expect(tablet.locator("#att-target-highest")).to_be_checked()
    expect(tablet.locator("#att-requirements-heading")).to_have_text("Проверка требований: Высшая")
    for key in ("category", "experience", "points"):
        expect(tablet.locator(f"#att-req-{key}")).to_have_attribute("data-met", "yes")
    expect(tablet.locator("#att-all-met")).to_be_visible()
    expect(tablet.locator("#att-history-empty")).to_have_count(0)  # the withdrawn one is listed
    tablet.reload()  # the same after a fresh load
    expect(tablet.locator(f"#att-history-{demo_id}")).to_contain_text("Отозвано")
    expect(tablet.locator("#att-all-met")).to_be_visible()
    screenshots(tablet)

    path = tmp_path / "отчёт.pdf"
    path.write_bytes(a_pdf("Отчёт о профессиональной деятельности"))
    tablet.locator("#att-file").set_input_files(str(path))
    expect(tablet.locator("#upload-attestation-list")).to_contain_text("отчёт.pdf")
    boxes = tablet.locator("input[id^='att-record-']")
    expect(boxes.first).to_be_visible()
    boxes.first.check()
    boxes.nth(1).check()
    tablet.locator("#att-submit").click()
    expect(tablet.locator("#att-notice")).to_contain_text("отправлено")
    expect(tablet.locator("#att-under-review")).to_be_visible()  # one open application again
    with live_server.db() as db:
        request = db.exec(
            select(Request)
            .where(Request.type_code == "attestation", Request.status == "submitted")
            .order_by(col(Request.id).desc())
        ).first()
        assert request is not None
        assert len(workflow.payload_of(request)["portfolio_records"]) == 2
    expect(tablet.locator(f"#att-history-{request.id}")).to_contain_text("Подано")
    new_row = tablet.locator(f"#att-history-{request.id}")
    expect(new_row.get_by_role("button", name="Отозвать заявление")).to_be_visible()

    approve_in_back_office(browser, live_server, request.id)
    tablet.goto("/frmr")
    until = valid_until(local_date(utcnow()))
    expect(tablet.locator("#frmr-profile-category")).to_have_text(
        f"Высшая, действует до {until:%d.%m.%Y}"
    )
    tablet.screenshot(path=str(SHOTS / "profile-tablet.png"), full_page=True)
    tablet.goto("/frmr/attestation")
    expect(tablet.locator("#att-top")).to_be_visible()
    expect(tablet.locator("#att-reconfirm-from")).to_have_text(
        f"Подтвердить высшую категорию можно будет с {reconfirm_from(until):%d.%m.%Y}."
    )
    expect(tablet.locator(f"#att-history-{request.id}")).to_contain_text("Одобрено")
    expect(new_row.get_by_role("button", name="Отозвать заявление")).to_have_count(0)
    tablet.screenshot(path=str(SHOTS / "after-approval-tablet.png"), full_page=True)
    confirm_the_highest_when_due(tablet, live_server)


def confirm_the_highest_when_due(tab: Page, live_server) -> None:
    """Three months before высшая ends, it is offered again as «Высшая (подтверждение)»."""
    with live_server.db() as db:
        doctor = db.exec(select(User).where(User.email == DOCTOR.login)).one()
        profile = db.exec(
            select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == doctor.id)
        ).one()
        profile.category_valid_until = local_date(utcnow()) + timedelta(days=90)
        db.add(profile)
        db.commit()
    tab.reload()
    expect(tab.locator("#att-top")).to_have_count(0)
    expect(tab.locator("#att-reconfirm-from")).to_have_count(0)
    expect(tab.locator("#att-target-highest")).to_be_checked()
    expect(tab.locator("#att-form")).to_contain_text("Высшая (подтверждение)")
    expect(tab.locator("#att-requirements-heading")).to_have_text(
        "Проверка требований: Высшая (подтверждение)"
    )
    expect(tab.locator("#att-req-category")).to_have_attribute("data-met", "yes")
    expect(tab.locator("#att-req-category")).to_contain_text("Подтверждение текущей категории")
    tab.screenshot(path=str(SHOTS / "reconfirm-tablet.png"), full_page=True)


def confirmation_screenshots(tab: Page, row) -> None:
    """The withdraw confirmation at the three sizes; its buttons fit and are finger-sized."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        confirm = row.get_by_role("button", name="Да, отозвать")
        expect(confirm).to_be_visible()
        row.scroll_into_view_if_needed()
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(SHOTS / f"withdraw-confirm-{name}.png"), full_page=True)
        box = confirm.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= width
        used = tab.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: scrolls sideways ({used}px)"
    tab.set_viewport_size({"width": 768, "height": 1024})


def screenshots(tab: Page) -> None:
    """The page with its check and form at the three sizes; no sideways scroll."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        expect(tab.locator("#att-form")).to_be_visible()
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(SHOTS / f"attestation-{name}.png"), full_page=True)
        used = tab.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: scrolls sideways ({used}px)"
    tab.set_viewport_size({"width": 768, "height": 1024})
