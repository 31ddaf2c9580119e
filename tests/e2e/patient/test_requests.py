"""The request flow in real browsers: a patient orders a certificate with a scan, a registrar
asks for clarification, the patient answers with a new file, the registrar approves, the
patient downloads the certificate and its public page confirms it; the history shows it all.
Then the same documents seen by the wrong people: another patient, and /_upload/."""

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.api.limits import MAX_UPLOAD_BODY
from gosapp.models.requests import Certificate, Document, Request
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor
from gosapp.services.requests import workflow
from tests.e2e.account.test_profile import log_in
from tests.factories import give_documents
from tests.personas import make_persona


def scan(tmp_path, name: str) -> str:
    """A real PDF file to upload."""
    path = tmp_path / name
    path.write_bytes(
        pdf.table_report(title="Скан", subtitle=name, columns=[("Поле", 1)], rows=[["значение"]])
    )
    return str(path)


def staff_action(page: Page, action: str, text: str = "") -> None:
    page.locator(f"#staff-action-{action}").click()
    if action == "claim":  # no dialog: claiming changes nothing for the applicant yet
        return
    if text:
        page.locator("#staff-dialog-text").fill(text)
    page.locator("#staff-dialog-confirm").click()


def test_certificate_from_request_to_verified_pdf(page, browser, live_server, tmp_path):
    with live_server.db() as db:
        petr, irina = make_persona(db, "petr"), make_persona(db, "irina")
        give_documents(db, petr.user)  # certificates need a standard account
        db.commit()

    # The patient orders a certificate for the pool with a scan attached.
    log_in(page, petr)
    page.goto("/certificates")
    page.locator("#certificate-type-cert_pool").click()
    page.locator("#certificate-purpose").fill("Для бассейна «Олимп»")
    page.locator("#upload-certificate-file").set_input_files(scan(tmp_path, "направление.pdf"))
    expect(page.locator("#upload-certificate-list")).to_contain_text("направление.pdf")
    page.locator("#certificate-submit").click()
    expect(page.locator("#certificate-submitted")).to_contain_text("ОБР-")
    with live_server.db() as db:
        request = db.exec(select(Request).where(Request.applicant_id == petr.id)).one()
    card = page.locator(f"#request-{request.id}")
    expect(card).to_contain_text("Подано")
    expect(card).to_contain_text("решение до")

    # The registrar, in another browser, claims it and asks for clarification.
    staff_context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    staff = staff_context.new_page()
    log_in(staff, irina)
    staff.goto(f"/staff/requests/{request.id}")
    expect(staff.locator("#staff-request-number")).to_have_text(request.number)
    expect(staff.locator("#staff-documents")).to_contain_text("направление.pdf")
    staff_action(staff, "claim")
    expect(staff.locator("#staff-request-status")).to_contain_text("В обработке")
    staff_action(staff, "ask-info", "Приложите справку о прививках")
    expect(staff.locator("#staff-request-status")).to_contain_text("Требует уточнения")

    # The patient answers with a new file.
    page.reload()
    expect(card).to_contain_text("Приложите справку о прививках")
    page.locator("#answer-text").fill("Прикладываю справку о прививках")
    page.locator("#upload-answer-file").set_input_files(scan(tmp_path, "прививки.pdf"))
    expect(page.locator("#upload-answer-list")).to_contain_text("прививки.pdf")
    page.locator("#answer-submit").click()
    expect(card).to_contain_text("В обработке")

    # The registrar sees the new file and approves.
    staff.reload()
    expect(staff.locator("#staff-documents")).to_contain_text("прививки.pdf")
    staff_action(staff, "approve")
    expect(staff.locator("#staff-request-status")).to_contain_text("Одобрено")
    staff_context.close()

    # The patient downloads the certificate; its public page confirms it.
    page.reload()
    expect(card).to_contain_text("Одобрено")
    with page.expect_download() as download:
        page.locator(f"#certificate-download-{request.id}").click()
    pdf_bytes = Path(download.value.path()).read_bytes()
    assert pdf_bytes.startswith(b"%PDF-")
    verify_href = page.locator(f"#certificate-verify-link-{request.id}").get_attribute("href")
    anonymous = browser.new_context(base_url=live_server.url, locale="ru-RU").new_page()
    anonymous.goto(verify_href)
    expect(anonymous.locator("#verify-result")).to_contain_text("подлинная")
    expect(anonymous.locator("#verify-result")).not_to_contain_text("Олимп")  # no health data
    anonymous.goto(re.sub(r"-[A-Z2-7]{8}$", "-AAAAAAAA", verify_href))
    expect(anonymous.locator("#verify-result")).to_contain_text("не найдена")
    anonymous.context.close()

    # The history timeline shows every step, with roles and never the registrar's name.
    page.goto("/history")
    table = page.locator("#history-table")
    expect(table).to_contain_text(request.number)
    page.locator(f"#history-open-{request.id}").click()
    timeline = page.locator(f"#history-timeline-{request.id}")
    for step in ("Подано", "Требует уточнения", "Одобрено", "Регистратор", "прививки.pdf"):
        expect(timeline).to_contain_text(step)
    expect(timeline).not_to_contain_text("Ильина")


def test_documents_reach_nobody_else(page, live_server):
    """Another patient gets nothing by guessing ids, and /_upload/ never serves a document."""
    with live_server.db() as db:
        gleb = make_persona(db, "gleb")
        documents = db.exec(select(Document)).all()
        certificate = db.exec(select(Certificate)).first()
    assert documents, "runs after the flow test, which stored documents"
    log_in(page, gleb)
    for document in documents:
        response = page.request.get(f"/api/documents/{document.id}")
        assert response.status == 404
        assert page.request.get(f"/_upload/{document.storage_key}").status == 404
        assert page.request.get(f"/_upload/documents/{document.storage_key}").status == 404
    if certificate is not None:
        response = page.request.get(f"/api/documents/{certificate.document_id}")
        assert response.status == 404
    assert httpx.get(f"{live_server.url}/api/documents/{documents[0].id}").status_code == 404


def test_two_open_questions_are_answered_one_at_a_time(page, live_server):
    """One answer form (and one upload widget) is open at a time; the last question left is
    ready to answer without a click."""
    with live_server.db() as db:
        zoya, yan = make_persona(db, "zoya"), make_persona(db, "yan")
        give_documents(db, zoya.user)  # certificates need a standard account
        db.commit()
        asked = []
        for purpose in ("Для бассейна", "Для секции плавания"):
            request = workflow.create(
                session=db,
                applicant=zoya.user,
                type_code="cert_pool",
                data={"purpose": purpose, "delivery": "electronic"},
                actor=Actor(),
            )
            for action, text in (("claim", ""), ("ask_info", f"{purpose}: приложите направление")):
                workflow.transition(
                    session=db, request_id=request.id, action=action, user=yan.user,
                    actor=Actor(), text=text,
                )  # fmt: skip
            asked.append(request.id)
        db.commit()
    first, second = (page.locator(f"#request-{request_id}") for request_id in asked)
    log_in(page, zoya)
    page.goto("/certificates")
    expect(first).to_contain_text("Для бассейна: приложите направление")
    expect(page.locator("#answer-text")).to_have_count(0)
    page.locator(f"#answer-open-{asked[0]}").click()
    first.locator("#answer-text").fill("Направление будет завтра")
    page.locator("#answer-submit").click()
    expect(first).to_contain_text("В обработке")
    expect(second.locator("#answer-text")).to_be_visible()  # the one question left
    expect(page.locator("#answer-text")).to_have_count(1)


def test_an_oversized_upload_is_refused_before_it_is_read(live_server):
    """The real server answers 413 to a body over the cap, whatever the handler would say."""
    response = httpx.post(
        f"{live_server.url}/_upload", content=b"x" * (MAX_UPLOAD_BODY + 1), timeout=60
    )
    assert response.status_code == 413
