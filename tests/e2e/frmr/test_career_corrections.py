"""«Исправить и отправить снова» in a real browser (issue 16 follow-up): a doctor whose НМО
activity and experience period were rejected (arranged through the services) opens each
correction from its card, reads staff's reason above the filled form, fixes the value and
sends it again; the record is «на проверке» once more and the button is gone. Screenshots of
both correction forms at 390×844, 768×1024 and 1366×768 go to /tmp/shots-career/."""

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.accounts import AccountLevel, Role, User, utcnow
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.frmr import education, experience
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password
from gosapp.services.identity.roles import grant_role
from tests.e2e.account.test_profile import log_in
from tests.factories import make_user
from tests.personas import Persona
from tests.services.frmr.career_setup import ACTIVITY, PERIOD, decide
from tests.services.frmr.portfolio_setup import ACTOR, stage

SHOTS = Path("/tmp/shots-career")
SIZES = [(390, 844), (768, 1024), (1366, 768)]
NMO_REASON = "В сертификате 36 баллов, а не 40"
EXP_REASON = "По трудовой книжке уволены 30.09.2020"


def rejected_doctor(live_server) -> tuple[Persona, int, int]:
    """A doctor with one rejected activity (40 points claimed) and one rejected period."""
    secret, password = totp.new_secret(), "Исправление-Ошибок-2026"
    with live_server.db() as db:
        user = make_user(
            db,
            last_name="Исправлова",
            first_name="Нина",
            email="corrections@example.ru",
            password_hash=hash_password(password),
            totp_secret_enc=totp.encrypt_secret(secret),
            totp_enabled_at=utcnow(),
            level=AccountLevel.CONFIRMED,
        )
        grant_role(session=db, user_id=user.id, role=Role.DOCTOR)
        db.commit()
        today = f"{utcnow():%d.%m.%Y}"
        form = {**ACTIVITY, "points": "40", "started_on": today, "finished_on": today}
        activity = education.add_activity(
            session=db, user=user, form=form, document_ids=[stage(db, user).id], actor=ACTOR
        )
        period = experience.add_period(
            session=db,
            user=user,
            form=PERIOD,
            document_ids=[stage(db, user, "трудовая.pdf").id],
            actor=ACTOR,
        )
        db.commit()
        registrar = db.exec(select(User).where(User.email == "registrar@demo.gosapp.ru")).one()
        assert activity.request_id is not None
        decide(db, registrar, activity.request_id, "reject", NMO_REASON)
        decide(db, registrar, period.request_id, "reject", EXP_REASON)
        ids = activity.id, period.id
    return Persona(user=user, password=password, totp_secret=secret), *ids


def open_correction(tab: Page, prefix: str, card: str, row_id: int, width: int, height: int):
    tab.set_viewport_size({"width": width, "height": height})
    tab.goto(f"/frmr/{'education' if prefix == 'nmo' else 'experience'}")
    expect(tab.locator(f"#{card}-{row_id}")).to_contain_text("отклон")
    tab.locator(f"#{prefix}-correct-{row_id}").click()
    expect(tab.locator(f"#{prefix}-form")).to_be_visible()
    expect(tab.locator(f"#{prefix}-form h2")).to_contain_text("Исправление")
    used = tab.evaluate("document.documentElement.scrollWidth")
    assert used <= width, f"{prefix} {width}: scrolls sideways ({used}px)"
    tab.screenshot(path=str(SHOTS / f"{prefix}-correction-{width}x{height}.png"), full_page=True)


def test_rejected_records_are_corrected_and_sent_again(tablet, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    doctor, activity_id, period_id = rejected_doctor(live_server)
    log_in(tablet, doctor)

    for width, height in SIZES:
        open_correction(tablet, "nmo", "nmo-activity", activity_id, width, height)
    expect(tablet.locator("#nmo-correcting-reason")).to_contain_text(NMO_REASON)
    expect(tablet.locator("#nmo-name")).to_have_value(ACTIVITY["name"])
    expect(tablet.locator("#nmo-points")).to_have_value("40")
    tablet.locator("#nmo-points").fill("")
    tablet.locator("#nmo-submit").click()  # an empty field: the error beside it, nothing lost
    expect(tablet.locator("#nmo-points-error")).to_be_visible()
    expect(tablet.locator("#nmo-name")).to_have_value(ACTIVITY["name"])
    tablet.locator("#nmo-points").fill("36")
    tablet.locator("#nmo-submit").click()
    expect(tablet.locator("#nmo-notice")).to_contain_text("отправлено на проверку снова")
    card = tablet.locator(f"#nmo-activity-{activity_id}")
    expect(card).to_contain_text("на проверке")
    expect(card).to_contain_text("36 ЗЕТ")
    expect(tablet.locator(f"#nmo-correct-{activity_id}")).to_have_count(0)

    for width, height in SIZES:
        open_correction(tablet, "exp", "exp-period", period_id, width, height)
    expect(tablet.locator("#exp-correcting-reason")).to_contain_text(EXP_REASON)
    expect(tablet.locator("#exp-ended-on")).to_have_value("31.08.2020")
    expect(tablet.locator("#exp-medical-flag")).to_be_checked()
    tablet.locator("#exp-ended-on").fill("30.09.2020")
    tablet.locator("#exp-submit").click()
    expect(tablet.locator("#exp-notice")).to_contain_text("отправлен на проверку снова")
    card = tablet.locator(f"#exp-period-{period_id}")
    expect(card).to_contain_text("на проверке")
    expect(card).to_contain_text("30.09.2020")
    expect(tablet.locator(f"#exp-correct-{period_id}")).to_have_count(0)

    with live_server.db() as db:
        requests = db.exec(select(Request).where(Request.applicant_id == doctor.user.id)).all()
    assert sorted(r.status for r in requests) == [RequestStatus.SUBMITTED] * 2  # the same two
