"""«Пакет документов»: the ZIP holds exactly the chosen approved records' files, and its index
PDF lists each of them with the sha256 of the bytes in the archive."""

import hashlib
import io
import zipfile
from datetime import timedelta

import pypdfium2 as pdfium
import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.requests import Document
from gosapp.services.common.errors import Invalid
from gosapp.services.documents import storage
from gosapp.services.frmr import portfolio, portfolio_files
from tests.personas import make_persona
from tests.services.frmr.portfolio_setup import (
    ACTOR,
    NOW,
    a_pdf,
    a_png,
    add,
    decide,
    make_doctor,
    stage,
)


def index_text(archive: zipfile.ZipFile) -> str:
    document = pdfium.PdfDocument(archive.read(portfolio_files.INDEX_NAME))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    return "".join(text.split())  # the table wraps long hashes over lines


def test_the_index_lists_exactly_the_chosen_documents_with_their_hashes(session):
    doctor, registrar = make_doctor(session), make_persona(session, "registrar").user
    licence_pdf, diploma_png = a_pdf("Лицензия"), a_png("teal")
    licence = add(
        session,
        doctor,
        {"doc_type": "license", "number": "Л041-77"},
        documents=[stage(session, doctor, "лицензия.pdf", licence_pdf)],
    )
    diploma = add(
        session,
        doctor,
        {"doc_type": "diploma", "number": "ВСГ-5", "valid_until": ""},
        documents=[stage(session, doctor, "диплом.png", diploma_png)],
    )
    left_out = add(
        session,
        doctor,
        {"number": "НЕ-В-ПАКЕТЕ"},
        documents=[stage(session, doctor, "другой.pdf", a_pdf("Другой"))],
    )
    for row in (licence, diploma, left_out):
        decide(session, registrar, row, "approve")
    seen = []
    package = portfolio_files.build_package(
        session=session,
        user=doctor,
        record_ids=[licence.id, str(diploma.id)],
        actor=ACTOR,
        owner_name="Иванова Анна Сергеевна",
        progress=lambda done, total: seen.append((done, total)),
    )
    session.commit()
    assert seen == [(1, 2), (2, 2)]
    with zipfile.ZipFile(io.BytesIO(storage.read(package))) as archive:
        names = archive.namelist()
        files = {n: archive.read(n) for n in names if n != portfolio_files.INDEX_NAME}
        text = index_text(archive)
    assert names[0] == portfolio_files.INDEX_NAME
    assert sorted(files.values()) == sorted([licence_pdf, diploma_png])
    for data in files.values():
        assert hashlib.sha256(data).hexdigest() in text
    assert hashlib.sha256(storage.read(_first_file(session, left_out))).hexdigest() not in text
    assert "Л041-77" in text and "ВСГ-5" in text and "НЕ-В-ПАКЕТЕ" not in text
    assert text.count("Лицензия") >= 1 and "бессрочно" in text
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "portfolio.package")).one()
    assert audit.object_id == str(package.id)


def _first_file(session, row):
    return session.get_one(Document, portfolio.versions_of(session, row.id)[0].document_id)


def test_only_approved_documents_go_into_a_package(session):
    doctor = make_doctor(session)
    pending = add(session, doctor)
    with pytest.raises(Invalid, match="ещё не подтверждён"):
        portfolio_files.build_package(
            session=session, user=doctor, record_ids=[pending.id], actor=ACTOR, owner_name="x"
        )
    with pytest.raises(Invalid, match="Отметьте"):
        portfolio_files.build_package(
            session=session, user=doctor, record_ids=[], actor=ACTOR, owner_name="x"
        )


def test_packages_are_removed_after_a_day(session):
    doctor = make_doctor(session)
    row = add(session, doctor)
    decide(session, make_persona(session, "registrar").user, row, "approve")
    package = portfolio_files.build_package(
        session=session, user=doctor, record_ids=[row.id], actor=ACTOR, owner_name="x", now=NOW
    )
    session.commit()
    kept = portfolio_files.purge_packages(session=session, now=NOW + timedelta(hours=23))
    assert kept == 0
    assert portfolio_files.purge_packages(session=session, now=NOW + timedelta(days=2)) == 1
    session.commit()
    assert session.get(Document, package.id) is None
    assert session.get(Document, portfolio.versions_of(session, row.id)[0].document_id)
