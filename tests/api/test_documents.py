"""GET /api/documents/{id}: only the owner, the applicant and staff get the bytes, always as an
attachment; everyone else gets the same bare 404 and the attempt is audited."""

import os
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import reflex as rx
from sqlmodel import select
from starlette.applications import Starlette
from starlette.routing import Route

from gosapp import routes
from gosapp.api.app import create_api
from gosapp.api.documents import ascii_fallback, download
from gosapp.models.audit import AuditEvent
from gosapp.models.requests import Document, Request
from gosapp.services.common.audit import Actor
from gosapp.services.documents import backends, storage
from gosapp.services.identity import sessions, signin
from gosapp.settings import Settings
from tests.personas import make_persona
from tests.stores import BACKENDS, use_backend

PDF = b"%PDF-1.7\n%%EOF\n"
NAME = "Справка о доходах.pdf"


@pytest.fixture(params=BACKENDS)
def backend(request, monkeypatch) -> str:
    """Upload-to-download flows run with each ``GOSAPP_STORAGE`` backend."""
    use_backend(monkeypatch, request.param)
    return request.param


def cookie_for(session, user_id) -> dict[str, str]:
    ticket = signin.issue_ticket(session=session, user_id=user_id)
    token = sessions.exchange_ticket(session=session, ticket=ticket, actor=Actor())
    session.commit()
    return {sessions.COOKIE_NAME: token}


async def get(engine, path, cookies=None, app=None) -> httpx.Response:
    app = app or create_api(lambda: engine)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", cookies=cookies or {}
    ) as client:
        return await client.get(path)


def staged(session, owner, name=NAME, data=PDF):
    document = storage.stage(session=session, owner_id=owner.id, filename=name, data=data)
    session.commit()
    return document


def attach(session, document, applicant_id):
    request = Request(number=f"ОБР-T-{document.id}", type_code="support", applicant_id=applicant_id)
    session.add(request)
    session.flush()
    document.request_id = request.id
    session.add(document)
    session.commit()


def downloads(session, document_id) -> list[tuple[int | None, str]]:
    session.expire_all()
    rows = session.exec(
        select(AuditEvent).where(
            AuditEvent.action.in_(["document.download", "access.denied"]),
            AuditEvent.object_type == "document",
            AuditEvent.object_id == str(document_id),
        )
    ).all()
    # A download by staff is "document.download"/ok; any refusal is "access.denied"/denied.
    assert all((r.action == "access.denied") == (r.outcome == "denied") for r in rows)
    return [(r.user_id, r.outcome) for r in rows]


@pytest.mark.anyio
async def test_owner_downloads_an_attachment_with_safe_headers(engine, session, alice, backend):
    document = staged(session, alice.user)
    response = await get(engine, f"/api/documents/{document.id}", cookie_for(session, alice.id))
    assert response.status_code == 200
    assert response.content == PDF
    headers = response.headers
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == (
        f"attachment; filename=\"document.pdf\"; filename*=UTF-8''{quote(NAME, safe='')}"
    )
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "private, no-store"
    assert headers["content-security-policy"] == "default-src 'none'"
    assert downloads(session, document.id) == []  # one's own files are not audited


@pytest.mark.anyio
async def test_another_citizen_gets_404_and_the_attempt_is_audited(
    engine, session, alice, bob, backend
):
    document = staged(session, alice.user)
    attach(session, document, alice.id)
    response = await get(engine, f"/api/documents/{document.id}", cookie_for(session, bob.id))
    assert response.status_code == 404
    assert response.content == b""
    assert response.headers["cache-control"] == "private, no-store"
    assert downloads(session, document.id) == [(bob.id, "denied")]


@pytest.mark.anyio
async def test_a_missing_document_looks_like_a_forbidden_one(engine, session, alice):
    cookies = cookie_for(session, alice.id)
    for path in ("/api/documents/999999", f"/api/documents/{10**30}"):
        response = await get(engine, path, cookies)
        assert (response.status_code, response.content) == (404, b"")
    assert downloads(session, 999999) == [(alice.id, "denied")]


@pytest.mark.anyio
async def test_staff_download_an_attached_document_and_it_is_audited(
    engine, session, alice, backend
):
    registrar = make_persona(session, "registrar")
    document = staged(session, alice.user)
    cookies = cookie_for(session, registrar.id)
    response = await get(engine, f"/api/documents/{document.id}", cookies)
    assert response.status_code == 404  # staged, not yet part of any request
    attach(session, document, alice.id)
    response = await get(engine, f"/api/documents/{document.id}", cookies)
    assert response.status_code == 200
    assert response.content == PDF
    assert downloads(session, document.id) == [
        (registrar.id, "denied"),
        (registrar.id, "ok"),
    ]
    audit = session.exec(select(AuditEvent).where(AuditEvent.outcome == "ok")).one()
    assert (audit.role, audit.object_type) == ("registrar", "document")


@pytest.mark.anyio
async def test_without_a_session_the_document_does_not_exist(engine, session, alice, backend):
    document = staged(session, alice.user)
    for cookies in (None, {sessions.COOKIE_NAME: "forged"}):
        response = await get(engine, f"/api/documents/{document.id}", cookies)
        assert (response.status_code, response.content) == (404, b"")


@pytest.mark.anyio
async def test_bytes_missing_from_storage_give_404(engine, session, alice, backend):
    document = staged(session, alice.user)
    backends.get_storage(engine).delete(document.storage_key)
    response = await get(engine, f"/api/documents/{document.id}", cookie_for(session, alice.id))
    assert response.status_code == 404


@pytest.mark.anyio
async def test_a_big_file_is_downloaded_whole(engine, session, alice, backend):
    big = PDF + os.urandom(3 * storage.MB)
    document = staged(session, alice.user, name="скан.pdf", data=big)
    response = await get(engine, f"/api/documents/{document.id}", cookie_for(session, alice.id))
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(big))
    assert response.content == big


HOSTILE_IDS = ["9" * 5000, "1" * 20, "%C2%B2", "%D9%A1", "-1", "0", "1e3", "%201"]


def download_app(engine) -> Starlette:
    """Only the download route, mounted the way ``routes.DOCUMENT`` says."""
    app = Starlette(routes=[Route(routes.DOCUMENT, download, methods=["GET"])])
    app.state.engine = lambda: engine
    return app


@pytest.mark.anyio
@pytest.mark.parametrize("document_id", HOSTILE_IDS)
async def test_an_id_that_is_not_one_is_a_plain_404(engine, session, alice, document_id):
    cookies = cookie_for(session, alice.id)
    response = await get(engine, f"/api/documents/{document_id}", cookies, download_app(engine))
    assert (response.status_code, response.content) == (404, b"")
    assert response.headers["cache-control"] == "private, no-store"
    assert session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all() == []


@pytest.mark.anyio
async def test_a_5000_digit_document_id_is_a_404_not_a_500(engine, session, alice):
    response = await get(engine, "/api/documents/" + "9" * 5000, cookie_for(session, alice.id))
    assert response.status_code == 404


@pytest.mark.anyio
async def test_a_polyglot_is_named_after_its_detected_type(engine, session, alice, backend):
    polyglot = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"
    document = staged(session, alice.user, name="invoice.html", data=polyglot)
    assert document.content_type == storage.PDF
    response = await get(engine, f"/api/documents/{document.id}", cookie_for(session, alice.id))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf"
    )


@pytest.mark.parametrize(
    ("name", "content_type", "served"),
    [
        ("invoice.html", storage.PDF, "invoice.pdf"),
        ("счёт.HTML", storage.PDF, "счёт.pdf"),
        ("scan", storage.PNG, "scan.png"),
        ("photo.jpeg", storage.JPEG, "photo.jpeg"),
        ("photo.JPG", storage.JPEG, "photo.JPG"),
        ("report.pdf", storage.DOCX, "report.docx"),
        ("договор.docx", storage.DOCX, "договор.docx"),
        (".html", storage.PDF, "документ.pdf"),
        (".pdf", storage.PDF, "документ.pdf"),
        ("..", storage.PDF, "документ.pdf"),
    ],
)
def test_download_name_keeps_the_stem_and_takes_the_detected_extension(name, content_type, served):
    document = Document(original_name=name, content_type=content_type)
    assert storage.download_name(document) == served


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("Справка о доходах.pdf", "document.pdf"),
        ('report "final".pdf', "report _final.pdf"),
        ("scan\\..\\x.png", "scan_.._x.png"),
        ("Счёт_2026.docx", "2026.docx"),
    ],
)
def test_ascii_fallback_name_has_no_quotes_or_non_ascii(name, fallback):
    assert ascii_fallback(name, storage.PDF) == fallback


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def test_documents_are_never_in_a_publicly_served_folder():
    """Reflex serves its upload folder at /_upload/… and assets/ at /: documents live in
    neither, with the test settings or with the defaults of a real deployment."""
    repo = Path(__file__).resolve().parents[2]
    public = [rx.get_upload_dir(), repo / "assets", repo / ".web"]
    default_documents = Settings(data_dir=Path("data")).private_dir / "documents"
    for documents in (backends.documents_dir(), default_documents):
        for folder in public:
            assert not _inside(documents, folder), (documents, folder)
            assert not _inside(folder, documents), (documents, folder)
