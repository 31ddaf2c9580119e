"""Drafts in a real browser: a half-filled certificate request is kept with «Сохранить
черновик», found again from the history's «Продолжить» with everything typed, corrected and
submitted as the same request; a support ticket draft is edited from its card."""

import json

from playwright.sync_api import expect
from sqlmodel import select

from gosapp.models.requests import Request, RequestStatus
from tests.e2e.account.test_profile import log_in
from tests.e2e.patient.test_requests import scan
from tests.e2e.shots import shoot
from tests.factories import give_documents
from tests.personas import make_persona


def test_a_certificate_draft_is_kept_continued_and_submitted(page, live_server, tmp_path):
    with live_server.db() as db:
        zlata = make_persona(db, "zlata")
        give_documents(db, zlata.user)  # certificates need a standard account
        db.commit()
    log_in(page, zlata)
    page.goto("/certificates")
    page.locator("#certificate-type-cert_sick_leave").click()
    page.locator("#certificate-period-from").fill("02.11.2026")
    page.locator("#certificate-save-draft").click()  # no purpose yet: a draft may be partial
    expect(page.locator("#certificate-submitted")).to_contain_text("Черновик ОБР-")
    expect(page.locator("#certificate-draft-banner")).to_be_visible()
    with live_server.db() as db:
        draft = db.exec(select(Request).where(Request.applicant_id == zlata.id)).one()
    assert draft.status == RequestStatus.DRAFT and draft.type_code == "cert_sick_leave"

    # Later, from the history: «Продолжить» brings the draft back into the form.
    page.goto("/history")
    page.locator(f"#history-continue-{draft.id}").click()
    expect(page.locator("#certificate-draft-banner")).to_contain_text(draft.number)
    expect(page.locator("#certificate-period-from")).to_have_value("02.11.2026")
    expect(page.locator("#certificate-type-cert_sick_leave")).to_have_attribute(
        "aria-pressed", "true"
    )
    shoot(page, "drafts", "certificate-draft")

    # Submitting with a missing field keeps everything and says what is missing.
    page.locator("#certificate-purpose").fill("Для работы")
    page.locator("#certificate-submit").click()
    expect(page.locator("#certificate-form")).to_contain_text("Укажите период")
    expect(page.locator("#certificate-purpose")).to_have_value("Для работы")

    page.locator("#certificate-period-to").fill("06.11.2026")
    page.locator("#upload-certificate-file").set_input_files(scan(tmp_path, "лист.pdf"))
    expect(page.locator("#upload-certificate-list")).to_contain_text("лист.pdf")
    page.locator("#certificate-submit").click()
    expect(page.locator("#certificate-submitted")).to_contain_text(f"{draft.number} подано")
    expect(page.locator("#certificate-draft-banner")).to_have_count(0)
    with live_server.db() as db:
        sent = db.get(Request, draft.id)
        assert sent is not None and sent.status == RequestStatus.SUBMITTED
        assert json.loads(sent.payload)["purpose"] == "Для работы"
        assert db.exec(select(Request).where(Request.applicant_id == zlata.id)).all() == [sent]


def test_a_support_draft_is_edited_from_its_card(page, live_server):
    with live_server.db() as db:
        mira = make_persona(db, "mira")
        db.commit()
    log_in(page, mira)
    page.goto("/support")
    page.locator("#support-subject").fill("Не приходит код")
    page.locator("#support-save-draft").click()
    expect(page.locator("#support-submitted")).to_contain_text("Черновик ОБР-")
    with live_server.db() as db:
        draft = db.exec(select(Request).where(Request.applicant_id == mira.id)).one()

    page.reload()  # a new visit: an empty form, the draft among the tickets
    expect(page.locator("#support-subject")).to_have_value("")
    page.locator(f"#draft-edit-{draft.id}").click()
    expect(page.locator("#support-subject")).to_have_value("Не приходит код")
    shoot(page, "drafts", "support-draft")
    page.get_by_role("radio", name="Техническая проблема").check()
    page.locator("#support-text").fill("СМС с кодом не приходит уже час")
    page.locator("#support-submit").click()
    expect(page.locator("#support-submitted")).to_contain_text(f"Обращение {draft.number}")
    with live_server.db() as db:
        sent = db.get(Request, draft.id)
        assert sent is not None and sent.status == RequestStatus.SUBMITTED
