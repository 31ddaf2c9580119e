"""The doctor's visit record in a real browser on a 768×1024 tablet: the demo doctor opens a
demo patient's card from the workplace, records the complaint, a diagnosis found by МКБ-10
search, a recommendation and a result, marks the visit «состоялся»; the patient then sees it on
/record, and the opening in the access log. Also saves screenshots of the card (tablet, desktop,
phone) to /tmp/shots-record/."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.accounts import User
from gosapp.models.labs import DataAccess, LabResult
from gosapp.models.record import Diagnosis, Recommendation
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.demo.accounts import demo_account
from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.frmr.test_workplace import short_buttons, sign_in_doctor

SHOTS = Path("/tmp/shots-record")
_PATIENT = demo_account("patient2@demo.gosapp.ru")
assert _PATIENT is not None
PATIENT = _PATIENT
SIZES = {"tablet": (768, 1024), "desktop": (1366, 768), "phone": (390, 844)}


def arrange_a_started_visit(live_server) -> int:
    """A visit of the demo patient 2 with the demo doctor that began ten minutes ago."""
    with live_server.db() as db:
        doctor = db.exec(select(User).where(User.email == "doctor@demo.gosapp.ru")).one()
        resource = db.exec(select(Resource).where(Resource.user_id == doctor.id)).one()
        patient = db.exec(select(User).where(User.email == PATIENT.login)).one()
        starts = datetime.now(UTC).replace(second=11, microsecond=0) - timedelta(minutes=10)
        visit = Appointment(
            number="ЗП-E2E-000014",
            resource_id=resource.id,
            patient_id=patient.id,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=20),
            status=AppointmentStatus.SCHEDULED,
            complaint="Слабость",
        )
        db.add(visit)
        db.commit()
        return visit.id


def test_the_doctor_records_a_visit_and_the_patient_sees_it(tablet: Page, browser, live_server):
    visit_id = arrange_a_started_visit(live_server)
    sign_in_doctor(tablet, live_server)
    tablet.goto("/frmr/workplace")
    tablet.locator(f"#workplace-card-{visit_id}").click()
    expect(tablet.locator("#card-patient")).to_contain_text("Козлов Игорь")
    expect(tablet.locator("#card-chronic")).to_contain_text("E11.9")
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 768

    tablet.locator("#card-complaint").fill("Слабость, жажда, сухость во рту")
    tablet.locator("#card-conclusion").fill("Декомпенсация СД 2 типа. Коррекция терапии.")
    tablet.locator("#card-note-save").click()
    expect(tablet.get_by_text("Запись приёма сохранена")).to_be_visible()

    tablet.locator("#card-icd-search").fill("бронхит остр")
    tablet.locator("#card-icd-hit-J20").click()
    expect(tablet.locator("#card-icd-chosen")).to_contain_text("J20 — Острый бронхит")
    tablet.locator("#card-diagnosis-add").click()
    expect(tablet.get_by_text("Диагноз добавлен")).to_be_visible()
    expect(tablet.locator("#card-diagnoses-table")).to_contain_text("Острый бронхит")
    with live_server.db() as db:
        added = db.exec(select(Diagnosis).where(Diagnosis.icd_code == "J20")).one()
    tablet.locator(f"#card-resolve-{added.id}").click()
    expect(tablet.get_by_text("Диагноз закрыт: излечён")).to_be_visible()
    expect(tablet.locator(f"#card-resolve-{added.id}")).to_have_count(0)

    tablet.locator("#card-rec-kind").select_option("examination")
    tablet.locator("#card-rec-text").fill("Контроль глюкозы натощак через неделю")
    tablet.locator("#card-rec-add").click()
    expect(tablet.get_by_text("Рекомендация добавлена")).to_be_visible()

    tablet.locator("#card-result-analyte").select_option("GLU")
    tablet.locator("#card-result-value").fill("9,1")
    tablet.locator("#card-result-add").click()
    expect(tablet.get_by_text("Результат внесён")).to_be_visible()
    expect(tablet.locator("#card-results-table")).to_contain_text("↑ выше нормы")
    assert short_buttons(tablet) == []
    shoot_card(tablet)

    with tablet.expect_download() as download:
        tablet.locator("#card-export-pdf").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    tablet.locator("#card-complete").click()
    expect(tablet.get_by_text("Приём отмечен: состоялся")).to_be_visible()
    expect(tablet.locator("#card-completed")).to_be_visible()
    with live_server.db() as db:
        patient = db.exec(select(User).where(User.email == PATIENT.login)).one()
        assert db.get(Appointment, visit_id).status == AppointmentStatus.COMPLETED
        assert (
            db.exec(select(Diagnosis).where(Diagnosis.icd_code == "J20")).one().patient_id
            == patient.id
        )
        assert db.exec(
            select(Recommendation).where(Recommendation.text.startswith("Контроль глюкозы"))
        ).one()
        result = db.exec(select(LabResult).where(LabResult.appointment_id == visit_id)).one()
        assert result.entered_by_id is not None and result.flag == "H"
        assert db.exec(select(DataAccess).where(DataAccess.patient_id == patient.id)).first()

    patient_sees_it(browser, live_server)


def shoot_card(tab: Page) -> None:
    SHOTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        tab.wait_for_timeout(300)
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, size
        tab.screenshot(path=str(SHOTS / f"card-{size}.png"), full_page=True)
    tab.set_viewport_size({"width": 768, "height": 1024})


def patient_sees_it(browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    tab = context.new_page()
    tab.goto("/record", wait_until="networkidle")
    sign_in_here(tab, live_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect(tab.locator("#record-visits-table")).to_contain_text("Декомпенсация СД 2 типа")
    expect(tab.locator("#record-diagnoses-table")).to_contain_text("J20")
    expect(tab.locator("#record-recommendations-table")).to_contain_text("Контроль глюкозы")
    context.close()


def test_a_doctor_cannot_open_a_stranger_by_guessing_the_id(tablet: Page, live_server):
    with live_server.db() as db:
        stranger = db.exec(select(User).where(User.email == "registrar@demo.gosapp.ru")).one()
    sign_in_doctor(tablet, live_server)
    tablet.goto(f"/frmr/patients/{stranger.id}")
    expect(tablet.locator("#card-missing")).to_be_visible()
    expect(tablet.locator("main")).not_to_contain_text("Орлова")
