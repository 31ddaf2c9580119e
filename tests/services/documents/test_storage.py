"""Private document storage: type from the bytes, limits, names as metadata, bytes and rows
kept together, removal of staged uploads."""

import hashlib
import io
import stat
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from gosapp.models.accounts import utcnow
from gosapp.models.requests import Document, DocumentKind, Request
from gosapp.services.common.errors import NotFound
from gosapp.services.documents import downloads, storage
from gosapp.services.documents.storage import DocumentRefused
from tests.stores import stored_keys

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


def make_zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = make_zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")
XLSX = make_zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")


def stage(session, owner, data, name="файл.pdf", store=None, **kw):
    return storage.stage(
        session=session, owner_id=owner.id, filename=name, data=data, storage=store, **kw
    )


def make_request(session, applicant_id) -> Request:
    request = Request(
        number=f"ОБР-TEST-{applicant_id}", type_code="support", applicant_id=applicant_id
    )
    session.add(request)
    session.flush()
    return request


# --- type detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, storage.PDF),
        (JPEG, storage.JPEG),
        (PNG, storage.PNG),
        (DOCX, storage.DOCX),
        (EXE, None),
        (HTML, None),
        (b"plain text", None),
        (XLSX, None),
        (make_zip("word/document.xml"), None),
        (b"PK\x03\x04 not really a zip", None),
        (b"", None),
    ],
    ids=["pdf", "jpeg", "png", "docx", "exe", "html", "txt", "xlsx", "zip", "badzip", "empty"],
)
def test_type_is_detected_from_the_bytes_only(data, expected):
    assert storage.detect_type(data) == expected


@pytest.mark.parametrize(("data", "name"), [(EXE, "договор.pdf"), (HTML, "скан.png")])
def test_a_renamed_executable_or_page_is_refused(session, alice, store, data, name):
    with pytest.raises(DocumentRefused) as refused:
        stage(session, alice.user, data, name, store)
    assert refused.value.message == f"Файл «{name}»: допустимы только PDF, JPEG, PNG и DOCX"
    assert stored_keys(store) == set()


def test_docx_is_accepted_with_its_detected_type(session, alice, store):
    document = stage(session, alice.user, DOCX, "заявление.docx", store)
    assert document.content_type == storage.DOCX


# --- limits ---------------------------------------------------------------------------------------


def test_a_file_one_byte_over_5_mb_is_refused(session, alice, store):
    data = PDF + b"0" * (storage.MAX_FILE_BYTES - len(PDF) + 1)
    with pytest.raises(DocumentRefused) as refused:
        stage(session, alice.user, data, "большой.pdf", store)
    assert refused.value.message == "Файл «большой.pdf» больше 5 МБ"


def test_a_file_of_exactly_5_mb_is_accepted(session, alice, store):
    data = PDF + b"0" * (storage.MAX_FILE_BYTES - len(PDF))
    assert stage(session, alice.user, data, "ровно.pdf", store).size == storage.MAX_FILE_BYTES


def test_an_empty_file_is_refused(session, alice, store):
    with pytest.raises(DocumentRefused, match="пустой"):
        stage(session, alice.user, b"", "пусто.pdf", store)


def test_the_quota_counts_the_users_own_uploads_only(session, alice, bob, store):
    # A row is enough to fill the quota; its bytes are never read.
    session.add(
        Document(
            owner_id=alice.id,
            storage_key="f" * 64,
            original_name="архив.pdf",
            content_type=storage.PDF,
            size=storage.USER_QUOTA_BYTES - len(PDF),
            sha256="0" * 64,
        )
    )
    session.add(
        Document(
            owner_id=alice.id,
            kind=DocumentKind.ISSUED,
            storage_key="e" * 64,
            original_name="справка.pdf",
            content_type=storage.PDF,
            size=storage.MAX_FILE_BYTES,
            sha256="0" * 64,
        )
    )
    session.flush()
    assert stage(session, alice.user, PDF, "последний.pdf", store)  # exactly full
    with pytest.raises(DocumentRefused) as refused:
        stage(session, alice.user, PDF, "лишний.pdf", store)
    assert refused.value.message.startswith("Превышен объём хранилища (200 МБ)")
    assert "«лишний.pdf»" in refused.value.message
    assert stage(session, bob.user, PDF, "чужая квота.pdf", store)


def test_a_submission_over_20_mb_is_refused():
    documents = [Document(size=storage.MAX_FILE_BYTES) for _ in range(4)]
    storage.check_submission(documents)
    with pytest.raises(DocumentRefused, match="20 МБ"):
        storage.check_submission([*documents, Document(size=1)])


# --- names are metadata ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("/etc/passwd", "passwd"),
        ("скан\x00паспорта.pdf", "сканпаспорта.pdf"),
        ("счёт\u202efdp.exe", "счётfdp.exe"),
        ("  справка\tо доходах.pdf ", "справка о доходах.pdf"),
        ("", "документ"),
        ("..", "документ"),
        ("dir/", "документ"),
    ],
)
def test_clean_name_keeps_only_a_printable_base_name(raw, clean):
    assert storage.clean_name(raw) == clean


def test_clean_name_shortens_to_255_keeping_the_extension():
    name = storage.clean_name("я" * 300 + ".pdf")
    assert len(name) == 255
    assert name.endswith("я.pdf")


def test_a_path_in_the_file_name_is_never_used_as_a_path(session, alice, store, tmp_path):
    document = stage(session, alice.user, PDF, "../../x.pdf", store)
    session.commit()
    assert document.original_name == "x.pdf"
    assert stored_keys(store) == {document.storage_key}
    assert len(document.storage_key) == 64
    assert int(document.storage_key, 16) >= 0
    assert not list(tmp_path.rglob("x.pdf"))


def test_a_local_file_and_its_folder_are_private(session, alice, local_store):
    document = stage(session, alice.user, JPEG, "фото.jpg", local_store)
    session.commit()
    path = local_store.root / document.storage_key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(local_store.root.stat().st_mode) == 0o700


def test_stored_bytes_are_read_back(session, alice, store):
    document = stage(session, alice.user, JPEG, "фото.jpg", store)
    session.commit()
    assert storage.read(document, store) == JPEG
    assert b"".join(storage.chunks(document, store)) == JPEG
    assert document.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert (document.size, document.content_type, document.request_id) == (
        len(JPEG),
        storage.JPEG,
        None,
    )


def test_a_malformed_key_is_never_turned_into_a_path_or_a_row(store):
    for use in (store.read, store.chunks, store.delete, lambda key: store.put(key, PDF)):
        with pytest.raises(ValueError):
            use("../../etc/passwd")


# --- bytes and rows together ----------------------------------------------------------------------


def test_nothing_is_half_stored_when_the_row_cannot_be_inserted(session, store):
    with pytest.raises(IntegrityError):
        storage.stage(session=session, owner_id=987654, filename="a.pdf", data=PDF, storage=store)
    session.rollback()
    assert stored_keys(store) == set()  # neither the bytes nor a temp file is left


def test_bytes_go_when_the_transaction_rolls_back(engine, alice, store):
    with Session(engine) as db:
        document = stage(db, alice.user, PDF, store=store)
        assert stored_keys(store, db) == {document.storage_key}
        db.rollback()
    assert stored_keys(store) == set()


def test_bytes_go_when_the_session_closes_without_commit(engine, alice, store):
    with Session(engine) as db:
        stage(db, alice.user, PDF, store=store)
    assert stored_keys(store) == set()


def test_committed_bytes_stay(engine, alice, store):
    with Session(engine) as db:
        key = stage(db, alice.user, PDF, store=store).storage_key
        db.commit()
        db.rollback()  # a later, unrelated rollback must not touch them
    assert stored_keys(store) == {key}


def test_a_released_savepoint_is_not_a_commit(engine, alice, bob, store):
    with Session(engine, expire_on_commit=False) as db:
        kept = stage(db, bob.user, PNG, store=store)
        db.commit()
        key = kept.storage_key
        stage(db, alice.user, PDF, store=store)
        storage.discard_staged(session=db, owner_id=bob.id, document_id=kept.id, storage=store)
        with db.begin_nested():
            pass
        db.rollback()
    assert stored_keys(store) == {key}


# --- removal --------------------------------------------------------------------------------------


def test_owner_discards_a_staged_upload(session, alice, store):
    document = stage(session, alice.user, PDF, store=store)
    session.commit()
    storage.discard_staged(
        session=session, owner_id=alice.id, document_id=document.id, storage=store
    )
    assert stored_keys(store) == {document.storage_key}  # bytes go only on commit
    session.commit()
    assert session.get(Document, document.id) is None
    assert stored_keys(store) == set()


def test_a_rolled_back_discard_keeps_the_bytes(session, alice, store):
    document = stage(session, alice.user, PDF, store=store)
    session.commit()
    storage.discard_staged(
        session=session, owner_id=alice.id, document_id=document.id, storage=store
    )
    session.rollback()
    assert session.get(Document, document.id) is not None
    assert stored_keys(store) == {document.storage_key}


def test_nobody_discards_another_users_or_an_attached_upload(session, alice, bob, store):
    mine = stage(session, alice.user, PDF, store=store)
    attached = stage(session, alice.user, PNG, store=store)
    attached.request_id = make_request(session, alice.id).id
    session.commit()
    for owner_id, document_id in ((bob.id, mine.id), (alice.id, attached.id), (alice.id, 10**30)):
        with pytest.raises(NotFound, match="Документ не найден или доступ к нему запрещён"):
            storage.discard_staged(session=session, owner_id=owner_id, document_id=document_id)


def test_purge_removes_only_stale_staged_uploads(session, alice, store):
    now = utcnow()
    old = now - timedelta(days=2)
    stale = stage(session, alice.user, PDF, store=store, now=old)
    fresh = stage(session, alice.user, PNG, store=store, now=now - timedelta(hours=1))
    attached = stage(session, alice.user, JPEG, store=store, now=old)
    attached.request_id = make_request(session, alice.id).id
    session.commit()
    removed = storage.purge_stale_staged(session=session, now=now, storage=store)
    session.commit()
    assert removed == 1
    left = set(session.exec(select(Document.id)).all())
    assert left == {fresh.id, attached.id}
    assert stored_keys(store) == {fresh.storage_key, attached.storage_key}
    assert stale.storage_key not in stored_keys(store)


def test_staged_documents_are_the_owners_still_staged_ones_in_order(session, alice, bob, store):
    first = stage(session, alice.user, PDF, store=store)
    second = stage(session, alice.user, PNG, store=store)
    foreign = stage(session, bob.user, PDF, store=store)
    session.commit()
    found = storage.staged_documents(
        session=session, owner_id=alice.id, document_ids=[second.id, foreign.id, first.id, 10**30]
    )
    assert [d.id for d in found] == [second.id, first.id]


# --- download rights ------------------------------------------------------------------------------


def test_staff_cannot_download_an_upload_not_attached_to_a_request(session, alice, store):
    from tests.personas import make_persona

    registrar = make_persona(session, "registrar")
    document = stage(session, alice.user, PDF, store=store)
    assert not downloads.can_download(session, registrar.id, document)
    document.request_id = make_request(session, alice.id).id
    assert downloads.can_download(session, registrar.id, document)


def test_the_applicant_may_download_documents_of_their_request(session, alice, bob, store):
    request = make_request(session, alice.id)
    by_staff = stage(session, bob.user, PDF, store=store)  # e.g. uploaded by staff
    by_staff.request_id = request.id
    assert downloads.can_download(session, alice.id, by_staff)
    assert downloads.can_download(session, bob.id, by_staff)  # still its owner


# --- issued documents -----------------------------------------------------------------------------


def test_an_issued_certificate_is_stored_for_the_applicant_outside_the_quota(session, alice, store):
    request = make_request(session, alice.id)
    document = storage.store_issued(
        session=session,
        owner_id=alice.id,
        request_id=request.id,
        filename="Справка СПР-2026-000001.pdf",
        data=PDF,
        storage=store,
    )
    session.commit()
    assert (document.kind, document.request_id) == (DocumentKind.ISSUED, request.id)
    assert storage.read(document, store) == PDF
    assert storage.used_bytes(session, alice.id) == 0
    assert downloads.can_download(session, alice.id, document)


def test_an_issued_document_must_be_of_an_allowed_type(session, alice, store):
    request = make_request(session, alice.id)
    with pytest.raises(ValueError):
        storage.store_issued(
            session=session,
            owner_id=alice.id,
            request_id=request.id,
            filename="x.html",
            data=HTML,
            storage=store,
        )
    assert stored_keys(store) == set()
