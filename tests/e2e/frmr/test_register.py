"""Joining the medical-worker register in real browsers, on the doctors' 768×1024 tablet: a
confirmed citizen applies with the diploma and accreditation scans (a wrong INN is named beside
its field and nothing typed is lost), a registrar rejects with a reason, the citizen fixes the
form and resubmits the same request, the registrar approves, and the citizen then has the
medical-worker cabinet with their profile and uploads a photo. Screenshots of /frmr/apply and
/frmr at three sizes go to /tmp/shots-frmr/."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.accounts import AccountLevel, utcnow
from gosapp.models.requests import Request
from gosapp.services.demo.accounts import demo_account
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password
from tests.e2e.account.test_profile import log_in
from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.frmr.test_workplace import DOCTOR
from tests.e2e.patient.test_booking import PATIENT3, sign_in_demo
from tests.e2e.patient.test_requests import scan, staff_action
from tests.e2e.test_accessibility import assert_clean, too_small_to_touch
from tests.factories import give_documents, make_user
from tests.personas import Persona, make_persona
from tests.services.frmr.test_profile import camera_jpeg

SHOTS = Path("/tmp/shots-frmr")
SIZES = [(768, 1024), (390, 844), (1366, 768)]
_MEDIC = demo_account("medic@demo.gosapp.ru")
assert _MEDIC is not None
MEDIC = _MEDIC
UNTIL = f"{date.today() + timedelta(days=3 * 365):%d.%m.%Y}"  # within the 5 years allowed


def confirmed_persona(live_server, name: str):
    with live_server.db() as db:
        persona = make_persona(db, name)
        give_documents(db, persona.user)
        persona.user.level = AccountLevel.CONFIRMED
        db.add(persona.user)
        db.commit()
    return persona


def fill_form(tab: Page, tmp_path) -> None:
    tab.locator("#frmr-specialty").click()
    tab.get_by_role("option", name="Терапевт", exact=True).click()
    tab.locator("#frmr-position").fill("Врач-терапевт участковый")
    tab.locator("#frmr-employer-name").fill("Поликлиника № 3 ФМБА России")
    tab.locator("#frmr-employer-inn").fill("7734135120")  # a wrong check digit
    tab.locator("#frmr-employer-ogrn").fill("1027700132195")
    tab.locator("#frmr-licence-number").fill("ЛО-77-01-012345")
    # «Категория действует до» appears only once a category is chosen
    until = tab.locator("#frmr-category-valid-until")
    expect(until).to_be_hidden()
    tab.get_by_role("radio", name="Первая").click()
    expect(until).to_be_visible()
    tab.locator("#upload-frmr-diploma-file").set_input_files(scan(tmp_path, "диплом.pdf"))
    expect(tab.locator("#upload-frmr-diploma-list")).to_contain_text("диплом.pdf")
    tab.locator("#upload-frmr-accreditation-file").set_input_files(
        scan(tmp_path, "аккредитация.pdf")
    )
    expect(tab.locator("#upload-frmr-accreditation-list")).to_contain_text("аккредитация.pdf")


def test_a_citizen_joins_the_register_after_a_correction(tablet, browser, live_server, tmp_path):
    frida = confirmed_persona(live_server, "frida")
    with live_server.db() as db:
        rustam = make_persona(db, "rustam")

    # Not in the register yet: the cabinet invites to apply.
    log_in(tablet, frida)
    tablet.goto("/frmr")
    expect(tablet.locator("#frmr-invitation")).to_be_visible()
    tablet.locator("#frmr-apply-link").click()
    expect(tablet.locator("#frmr-form")).to_be_visible()
    fill_form(tablet, tmp_path)
    tablet.locator("#frmr-submit").click()
    expect(tablet.locator("#frmr-employer-inn-error")).to_contain_text("ИНН не прошёл проверку")
    expect(tablet.locator("#frmr-position")).to_have_value("Врач-терапевт участковый")
    expect(tablet.locator("#frmr-category-valid-until-error")).to_have_text(
        "Укажите, до какой даты действует категория"
    )
    # «Без категории» hides the date; back to «Первая», what was typed is still there
    tablet.locator("#frmr-category-valid-until").fill("01.01.2000")
    tablet.get_by_role("radio", name="Без категории").click()
    expect(tablet.locator("#frmr-category-valid-until")).to_be_hidden()
    tablet.get_by_role("radio", name="Первая").click()
    expect(tablet.locator("#frmr-category-valid-until")).to_have_value("01.01.2000")
    tablet.locator("#frmr-submit").click()
    expect(tablet.locator("#frmr-category-valid-until-error")).to_contain_text("уже истёк")
    tablet.locator("#frmr-category-valid-until").fill(UNTIL)
    tablet.locator("#frmr-employer-inn").fill("7734135124")
    tablet.locator("#frmr-submit").click()
    expect(tablet.locator("#frmr-done")).to_contain_text("подано")
    expect(tablet.locator("#frmr-application")).to_contain_text("Подано")
    with live_server.db() as db:
        request = db.exec(select(Request).where(Request.applicant_id == frida.id)).one()

    # The registrar sees both scans named, and rejects with a reason.
    staff = browser.new_context(base_url=live_server.url, locale="ru-RU").new_page()
    log_in(staff, rustam)
    staff.goto(f"/staff/requests/{request.id}")
    expect(staff.locator("#staff-documents")).to_contain_text("диплом.pdf")
    expect(staff.locator("main")).to_contain_text("Скан диплома")
    staff_action(staff, "claim")
    staff_action(staff, "reject", "ОГРН не совпадает с выпиской ЕГРЮЛ")
    expect(staff.locator("#staff-request-status")).to_contain_text("Отклонено")

    # The citizen reads the reason, fixes the OGRN and sends the same request again.
    tablet.goto("/frmr/apply")
    expect(tablet.locator("#frmr-reject-reason")).to_contain_text("ОГРН не совпадает")
    expect(tablet.locator("#frmr-employer-inn")).to_have_value("7734135124")
    expect(tablet.locator("#frmr-category-valid-until")).to_have_value(UNTIL)
    tablet.locator("#frmr-employer-ogrn").fill("1027739054420")
    tablet.locator("#frmr-submit").click()
    expect(tablet.locator("#frmr-application")).to_contain_text("Подано")
    with live_server.db() as db:
        assert len(db.exec(select(Request).where(Request.applicant_id == frida.id)).all()) == 1

    # The registrar approves: the timeline keeps the refusal and the correction.
    staff.reload()
    expect(staff.locator("main")).to_contain_text(
        "ОГРН организации: «1027700132195» → «1027739054420»"
    )
    staff_action(staff, "claim")
    staff_action(staff, "approve")
    expect(staff.locator("#staff-request-status")).to_contain_text("Одобрено")
    staff.context.close()

    # The citizen now has the medical-worker cabinet: the profile, the workplace, a photo.
    tablet.goto("/frmr")
    expect(tablet.locator("#frmr-profile")).to_be_visible()
    expect(tablet.locator("#frmr-profile-specialty")).to_have_text("Терапевт")
    expect(tablet.locator("#frmr-profile-employer-ogrn")).to_have_text("1027739054420")
    expect(tablet.locator("#frmr-profile")).to_contain_text(f"действует до {UNTIL}")
    expect(tablet.locator("#frmr-workplace-link")).to_be_visible()
    photo = tmp_path / "фото.jpg"
    photo.write_bytes(camera_jpeg(900, 1200))
    tablet.locator("#frmr-photo-upload-file").set_input_files(str(photo))
    expect(tablet.locator("#frmr-photo-error")).to_have_count(0)
    expect(tablet.locator("img#frmr-photo")).to_have_attribute(
        "src", re.compile(r"/api/frmr/photos/\d+")
    )
    src = tablet.locator("img#frmr-photo").get_attribute("src")
    response = tablet.request.get(src)
    assert response.status == 200 and b"PhoneMaker" not in response.body()
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 768


def applicant_for_shots(live_server, width: int) -> Persona:
    """A confirmed citizen with no application (one per screen size), to show the empty form."""
    secret, password = totp.new_secret(), "Скриншот-Форма-2026"
    with live_server.db() as db:
        user = make_user(
            db,
            last_name="Снимкова",
            first_name="Полина",
            email=f"shot{width}@example.ru",
            password_hash=hash_password(password),
            totp_secret_enc=totp.encrypt_secret(secret),
            totp_enabled_at=utcnow(),
            level=AccountLevel.CONFIRMED,
        )
        give_documents(db, user)
        db.commit()
    return Persona(user=user, password=password, totp_secret=secret)


def sign_in(tab: Page, live_server, login: str, password: str, secret: str) -> None:
    tab.context.clear_cookies()
    tab.goto("/login", wait_until="networkidle")
    sign_in_here(tab, live_server, login, password, secret)
    expect(tab).not_to_have_url(re.compile(r"/login"))


def shot(tab: Page, name: str, width: int, height: int) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    tab.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=True)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_register_screenshots(browser, live_server, width, height):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ru-RU",
        viewport={"width": width, "height": height},
        is_mobile=width < 1024,
        has_touch=width < 1024,
    )
    tab = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    fresh = applicant_for_shots(live_server, width)
    sign_in(tab, live_server, fresh.user.email, fresh.password, fresh.totp_secret)
    tab.goto("/frmr/apply", wait_until="networkidle")
    expect(tab.locator("#frmr-form")).to_be_visible()
    shot(tab, "apply-form", width, height)
    tab.get_by_role("radio", name="Высшая").click()
    expect(tab.locator("#frmr-category-valid-until")).to_be_visible()
    shot(tab, "apply-form-category", width, height)
    tab.goto("/frmr", wait_until="networkidle")
    expect(tab.locator("#frmr-invitation")).to_be_visible()
    shot(tab, "frmr-invitation", width, height)
    # The demo medic: an application waiting for a registrar.
    sign_in(tab, live_server, MEDIC.login, MEDIC.password, MEDIC.totp_secret)
    tab.goto("/frmr/apply", wait_until="networkidle")
    expect(tab.locator("#frmr-application")).to_contain_text("Подано")
    shot(tab, "apply-pending", width, height)
    # The demo doctor: the profile with a photo.
    sign_in(tab, live_server, DOCTOR.login, DOCTOR.password, DOCTOR.totp_secret)
    tab.goto("/frmr", wait_until="networkidle")
    expect(tab.locator("img#frmr-photo")).to_be_visible()
    shot(tab, "frmr-profile", width, height)
    context.close()


def test_booking_shows_doctor_photos_or_initials(tablet, live_server):
    """The demo therapists: some with a profile photo, the rest with initials."""
    sign_in_demo(tablet, live_server, PATIENT3, "/appointments?service=checkup&specialty=therapist")
    cards = tablet.locator("#doctor-list")
    expect(cards.locator("img[src^='/api/frmr/photos/']").first).to_be_visible()
    photos = cards.locator("img[src^='/api/frmr/photos/']").count()
    assert 0 < photos < cards.locator("h3").count()
    SHOTS.mkdir(parents=True, exist_ok=True)
    tablet.screenshot(path=str(SHOTS / "booking-doctors-768x1024.png"), full_page=True)


def test_register_pages_are_accessible_and_touch_sized(tablet, live_server):
    """axe finds nothing serious, and every target is 44 px, for an applicant and a doctor."""
    fresh = applicant_for_shots(live_server, 1)
    sign_in(tablet, live_server, fresh.user.email, fresh.password, fresh.totp_secret)
    pages = ("/frmr/apply", "/frmr")
    assert_clean(tablet, pages)
    assert not (small := too_small_to_touch(tablet, pages)), "\n".join(small)
    sign_in(tablet, live_server, DOCTOR.login, DOCTOR.password, DOCTOR.totp_secret)
    assert_clean(tablet, ("/frmr",))
    assert not (small := too_small_to_touch(tablet, ("/frmr",))), "\n".join(small)
