"""The portfolio's rules: files checked by content and name, each version checked by staff
(reject needs a reason, a corrected version keeps the history), archive and restore, filters,
and nobody but the owner doctor reaching a record."""

import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.requests import Request
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.documents import storage
from gosapp.services.frmr import portfolio, portfolio_files, portfolio_view
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import workflow
from tests.personas import make_persona
from tests.services.frmr.portfolio_setup import (
    ACTOR,
    FORM,
    NOW,
    TODAY,
    a_png,
    add,
    decide,
    make_doctor,
    stage,
)

ACTIVE = portfolio_view.Filters()


def cards(session, user, **filters):
    return portfolio_view.records(
        session=session, user=user, filters=portfolio_view.Filters(**filters), today=TODAY
    )


def test_a_file_that_is_not_what_its_name_says_is_refused(session):
    doctor = make_doctor(session)
    with pytest.raises(storage.DocumentRefused):  # not a document at all, whatever its name
        stage(session, doctor, "диплом.pdf", b"MZ\x90\x00 this is a program")
    png_named_pdf = stage(session, doctor, "диплом.pdf", a_png())
    with pytest.raises(Invalid) as refused:
        add(session, doctor, documents=[png_named_pdf])
    assert refused.value.field == "file"
    assert "по содержимому это PNG, а не PDF" in refused.value.message
    session.rollback()
    assert cards(session, doctor) == []


def test_a_record_needs_its_fields_and_a_file(session):
    doctor = make_doctor(session)
    with pytest.raises(InvalidForm) as bad:
        add(session, doctor, {"number": "", "issued_on": "31.02.2022", "doc_type": "x"})
    assert set(bad.value.errors) >= {"number", "issued_on", "doc_type"}
    session.rollback()
    with pytest.raises(Invalid, match="Приложите файл"):
        portfolio.add_record(
            session=session,
            user=doctor,
            form=FORM,
            document_ids=[],
            actor=ACTOR,
            now=NOW,
        )


def test_rejection_shows_the_reason_and_a_corrected_version_keeps_the_history(session):
    doctor, registrar = make_doctor(session), make_persona(session, "registrar").user
    row = add(session, doctor)
    [card] = cards(session, doctor)
    assert (card.status_label, card.can_correct) == ("на проверке", False)
    with pytest.raises(Invalid, match="Укажите причину"):
        decide(session, registrar, row, "reject", "")
    session.rollback()
    decide(session, registrar, row, "reject", "Скан нечитаем: загрузите PDF целиком")
    [card] = cards(session, doctor)
    assert (card.status, card.reason, card.can_correct) == (
        "rejected",
        "Скан нечитаем: загрузите PDF целиком",
        True,
    )
    portfolio.add_version(
        session=session,
        user=doctor,
        record_id=row.id,
        form={**FORM, "number": "0177249999999"},
        document_ids=[stage(session, doctor, "исправленный.pdf").id],
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    with pytest.raises(NotAllowed, match="ещё на проверке"):  # one version checked at a time
        portfolio.add_version(
            session=session,
            user=doctor,
            record_id=row.id,
            form=FORM,
            document_ids=[stage(session, doctor).id],
            actor=ACTOR,
            now=NOW,
        )
    session.rollback()
    decide(session, registrar, row, "approve")
    [card] = cards(session, doctor)
    assert (card.status_label, card.number) == ("подтверждён", "0177249999999")
    assert [(v.no, v.status_label, v.reason) for v in card.versions] == [
        ("2", "подтверждён", ""),
        ("1", "отклонён", "Скан нечитаем: загрузите PDF целиком"),
    ]
    assert [f.name for f in card.versions[0].files] == ["исправленный.pdf"]


def test_archive_and_restore_and_filters(session):
    doctor, registrar = make_doctor(session), make_persona(session, "registrar").user
    licence = add(session, doctor, {"doc_type": "license", "number": "Л041-01"})
    add(session, doctor, {"doc_type": "diploma", "number": "ВСГ 123", "valid_until": ""})
    decide(session, registrar, licence, "approve")
    assert [c.number for c in cards(session, doctor, doc_type="license")] == ["Л041-01"]
    assert [c.number for c in cards(session, doctor, status="pending")] == ["ВСГ 123"]
    portfolio.set_archived(
        session=session, user=doctor, record_id=licence.id, archived=True, actor=ACTOR
    )
    session.commit()
    assert [c.number for c in cards(session, doctor)] == ["ВСГ 123"]
    assert [c.number for c in cards(session, doctor, show="archived")] == ["Л041-01"]
    portfolio.set_archived(
        session=session, user=doctor, record_id=licence.id, archived=False, actor=ACTOR
    )
    session.commit()
    assert len(cards(session, doctor)) == 2
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "portfolio"))
    assert {"portfolio.archive", "portfolio.restore"} <= set(actions)


def test_another_doctor_finds_nothing_by_guessing_ids(session):
    owner, other = make_doctor(session), make_doctor(session)
    row = add(session, owner)
    file_id = portfolio.versions_of(session, row.id)[0].document_id
    assert cards(session, other) == []
    for record_id in (row.id, str(row.id), row.id + 1000, "1 OR 1=1", -1):
        with pytest.raises(NotFound) as missing:
            portfolio.set_archived(
                session=session, user=other, record_id=record_id, archived=True, actor=ACTOR
            )
        assert missing.value.message == portfolio.RECORD_NOT_FOUND
        with pytest.raises(NotFound):
            portfolio.add_version(
                session=session,
                user=other,
                record_id=record_id,
                form=FORM,
                document_ids=[],
                actor=ACTOR,
            )
    for document_id in (file_id, file_id + 1000):
        with pytest.raises(NotFound) as missing:
            portfolio_files.preview_document(session=session, user=other, document_id=document_id)
        assert missing.value.message == storage.NOT_FOUND_MESSAGE
    with pytest.raises(NotFound):
        portfolio_files.build_package(
            session=session, user=other, record_ids=[row.id], actor=ACTOR, owner_name="x"
        )
    session.commit()
    denied = session.exec(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert {e.user_id for e in denied} == {other.id}
    assert not session.get_one(type(row), row.id).archived


def test_a_non_doctor_cannot_reach_the_portfolio(session):
    doctor, alice = make_doctor(session), make_persona(session, "alice").user
    row = add(session, doctor)
    file_id = portfolio.versions_of(session, row.id)[0].document_id
    with pytest.raises(NotAllowed):
        cards(session, alice)
    with pytest.raises(NotAllowed):
        add(session, alice)
    session.rollback()
    with pytest.raises(NotAllowed):
        portfolio.set_archived(
            session=session, user=alice, record_id=row.id, archived=True, actor=ACTOR
        )
    with pytest.raises(NotFound):
        portfolio_files.preview_document(session=session, user=alice, document_id=file_id)
    assert portfolio_view.radar(session=session, user=alice, today=TODAY) == []
    assert session.exec(select(Request).where(Request.applicant_id == alice.id)).all() == []


def test_staff_preview_a_version_and_see_its_data(session):
    doctor, registrar = make_doctor(session), make_persona(session, "registrar").user
    png = stage(session, doctor, "скан.png", a_png())
    row = add(session, doctor, documents=[stage(session, doctor), png])
    version = portfolio.versions_of(session, row.id)[0]
    for document_id in (version.document_id, png.id):
        document = portfolio_files.preview_document(
            session=session, user=registrar, document_id=document_id
        )
        image = portfolio_files.render_preview(storage.read(document), document.content_type)
        assert image.startswith(b"\x89PNG")
    rows = workflow.payload_of(session.get_one(Request, version.request_id))
    assert rows["number"] == "0177241234567" and rows["record_id"] == row.id
