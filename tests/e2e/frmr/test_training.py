"""Training programmes in a real browser on a 768×1024 tablet (issue 16 item 4): the demo
doctor and another doctor, in two browser contexts, press «Записаться» on the course with one
seat left at the same moment; exactly one gets the seat and the other is offered the waiting
list and joins it. The other doctor uploads the certificate of a finished programme on the НМО
page (the demo doctor's НМО figures stay as test_career expects them). Then the demo doctor
filters the catalogue (the filters stay in the address) and cancels a seat after the
confirmation dialog. Saves screenshots of /frmr/training and the НМО page with the record
awaiting its certificate to /tmp/shots-training/."""

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.accounts import AccountLevel, Role, User, utcnow
from gosapp.models.career import NmoActivity
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.registry import Specialty
from gosapp.models.training import TrainingEnrolment, TrainingKind, TrainingProgramme
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.training import FINISHED, ONE_LEFT
from gosapp.services.frmr import training
from gosapp.services.frmr.training_catalog import add_programme
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password
from gosapp.services.identity.roles import grant_role
from tests.e2e.account.test_start_pages import expect_at, sign_in_here
from tests.e2e.frmr.test_workplace import sign_in_doctor
from tests.factories import make_user
from tests.personas import Persona
from tests.services.frmr.portfolio_setup import ACTOR, a_pdf

SHOTS = Path("/tmp/shots-training")
SIZES = {"tablet": (768, 1024), "phone": (390, 844), "desktop": (1366, 768)}


def second_doctor(live_server) -> Persona:
    """Another medical worker of the register who can sign in."""
    secret, password = totp.new_secret(), "Второй-Врач-2026"
    with live_server.db() as db:
        user = make_user(
            db,
            last_name="Соседова",
            first_name="Анна",
            email="second-doctor@example.ru",
            password_hash=hash_password(password),
            totp_secret_enc=totp.encrypt_secret(secret),
            totp_enabled_at=utcnow(),
            level=AccountLevel.CONFIRMED,
        )
        grant_role(session=db, user_id=user.id, role=Role.DOCTOR)
        specialty = db.exec(select(Specialty)).first()
        assert specialty is not None
        db.add(
            MedicalWorkerProfile(
                user_id=user.id,
                specialty_id=specialty.id,
                position="Врач-терапевт",
                employer_name="ГБУЗ «ГП № 3»",
                employer_inn="7734135124",
                employer_ogrn="1027739054420",
                licence_number="ЛО-77-01-999999",
            )
        )
        db.commit()
    return Persona(user=user, password=password, totp_secret=secret)


def _one_left(live_server) -> TrainingProgramme:
    with live_server.db() as db:
        return db.exec(select(TrainingProgramme).where(TrainingProgramme.title == ONE_LEFT)).one()


def test_two_doctors_press_enrol_on_the_last_seat_at_once(tablet, browser, live_server, tmp_path):
    programme = _one_left(live_server)
    assert programme.seats - programme.seats_taken == 1
    other = second_doctor(live_server)
    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 768, "height": 1024}
    )
    rival = context.new_page()
    rival.goto("/login", wait_until="networkidle")
    sign_in_here(rival, live_server, other.user.email or "", other.password, other.totp_secret)
    expect_at(rival, live_server, "/frmr")
    sign_in_doctor(tablet, live_server)

    address = "/frmr/training?q=неотложная"
    for tab in (tablet, rival):
        tab.goto(address, wait_until="networkidle")
        expect(tab.locator(f"#training-seats-{programme.id}")).to_have_text("осталось 1 место")
    # both clicks are sent before either answer is awaited
    tablet.evaluate(
        "([a]) => document.getElementById(a).click()", [f"training-enrol-{programme.id}"]
    )
    rival.evaluate(
        "([a]) => document.getElementById(a).click()", [f"training-enrol-{programme.id}"]
    )
    for tab in (tablet, rival):  # each is either seated or offered the waiting list
        expect(tab.locator("#training-notice, #training-offer")).to_have_count(1, timeout=15_000)

    offered = [tab for tab in (tablet, rival) if tab.locator("#training-offer").count()]
    seated = [tab for tab in (tablet, rival) if tab.locator("#training-notice").count()]
    assert len(offered) == 1 and len(seated) == 1, "exactly one doctor gets the seat"
    expect(seated[0].locator("#training-notice")).to_contain_text("Вы записаны")
    expect(seated[0].locator(f"#training-programme-{programme.id}")).to_contain_text("вы записаны")
    loser = offered[0]
    expect(loser.locator("#training-offer")).to_contain_text("Свободных мест нет")
    loser.locator("#training-join-waiting").click()
    expect(loser.locator("#training-notice")).to_contain_text("листе ожидания")
    expect(loser.locator("#training-mine")).to_contain_text("Место в очереди: 1")
    with live_server.db() as db:
        row = db.get_one(TrainingProgramme, programme.id)
        statuses = sorted(
            str(e.status)
            for e in db.exec(
                select(TrainingEnrolment).where(
                    TrainingEnrolment.programme_id == programme.id,
                    TrainingEnrolment.user_id.in_(  # pyright: ignore[reportAttributeAccessIssue]
                        [other.user.id, _demo_doctor_id(db)]
                    ),
                )
            )
        )
    assert row.seats_taken == row.seats
    assert statuses == ["enrolled", "waiting"]
    attach_certificate(rival, live_server, other, tmp_path)  # the demo doctor's НМО stays as is
    context.close()

    filters_and_cancel(tablet)
    screenshots(tablet)


def finished_programme_of(live_server, doctor: Persona) -> int:
    """A seminar that ended yesterday, which ``doctor`` attended and finished: the id of its НМО
    record awaiting the certificate."""
    now = utcnow()
    today = local_date(now)
    with live_server.db() as db:
        user = db.get_one(User, doctor.user.id)
        programme = add_programme(
            db,
            title="Е2Е: семинар по кардиологии",
            provider="РМАНПО",
            kind=TrainingKind.SEMINAR,
            starts_on=today - timedelta(days=3),
            ends_on=today - timedelta(days=1),
            hours=12,
            points=12,
            seats=10,
            region="Москва",
        )
        seat = training.enrol(
            session=db,
            user=user,
            programme_id=programme.id,
            actor=ACTOR,
            now=now - timedelta(days=10),
        )
        activity = training.finish(session=db, user=user, enrolment_id=seat.id, actor=ACTOR)
        db.commit()
        return activity.id


def attach_certificate(tab: Page, live_server, doctor: Persona, tmp_path: Path) -> None:
    """A finished programme's НМО record: «Загрузить сертификат» sends it for checking."""
    activity_id = finished_programme_of(live_server, doctor)
    tab.goto("/frmr/education", wait_until="networkidle")
    card = tab.locator(f"#nmo-activity-{activity_id}")
    expect(card).to_contain_text("ожидает сертификат")
    card.locator(f"#nmo-attach-{activity_id}").click()
    path = tmp_path / "сертификат.pdf"
    path.write_bytes(a_pdf("Сертификат об окончании"))
    tab.locator("#nmo-cert-file").set_input_files(str(path))
    expect(tab.locator("#upload-nmo-list")).to_contain_text("сертификат.pdf")
    tab.locator("#nmo-cert-submit").click()
    expect(tab.locator("#nmo-notice")).to_contain_text("на проверку")
    expect(card).to_contain_text("на проверке")
    with live_server.db() as db:
        assert db.get_one(NmoActivity, activity_id).request_id is not None


def _demo_doctor_id(db) -> int:
    return db.exec(select(User.id).where(User.email == "doctor@demo.gosapp.ru")).one()


def filters_and_cancel(tab: Page) -> None:
    """Filters go into the address and survive a reload; a seat is cancelled after «Да»."""
    tab.goto("/frmr/training", wait_until="networkidle")
    tab.select_option("#training-filter-kind", "webinar")
    tab.locator("#training-apply").click()
    expect(tab).to_have_url(re.compile(r"kind=webinar"))
    tab.reload(wait_until="networkidle")
    cards = tab.locator("#training-catalogue [id^=training-programme-]")
    expect(cards.first).to_be_visible()
    for text in cards.all_inner_texts():
        assert "Вебинар" in text
    tab.locator("#training-reset").click()
    expect(tab).to_have_url(re.compile(r"/frmr/training$"))

    cancel = tab.locator("#training-mine [id^=training-cancel-]").first
    cancel.click()
    expect(tab.locator("#training-cancel-dialog")).to_be_visible()
    tab.locator("#training-cancel-confirm").click()
    expect(tab.locator("#training-notice")).to_contain_text("отменена")
    expect(tab.locator("#training-mine")).to_contain_text("запись отменена")


def screenshots(tab: Page) -> None:
    """The training page and the НМО page (a record awaiting its certificate) at three sizes;
    no sideways scroll."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto("/frmr/training", wait_until="networkidle")
        expect(tab.locator("#training-catalogue")).to_be_visible()
        tab.screenshot(path=str(SHOTS / f"training-{name}.png"), full_page=True)
        used = tab.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"training {name}: scrolls sideways ({used}px)"
        tab.goto("/frmr/education", wait_until="networkidle")
        expect(tab.locator("#nmo-chart")).to_be_visible()
        expect(tab.get_by_text(FINISHED).first).to_be_visible()
        tab.screenshot(path=str(SHOTS / f"education-{name}.png"), full_page=True)
