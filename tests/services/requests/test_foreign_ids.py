"""Ids sent by a client: hostile values are a plain «not found» (never a crash, never a query),
and asking for someone else's request, ticket, notification or document by id is audited as
``access.denied`` with the object's type and id only."""

import pytest
from sqlmodel import Session, select

from gosapp.models.audit import AuditEvent
from gosapp.services.common import audit
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.documents import downloads, storage
from gosapp.services.identity import account_security
from gosapp.services.notifications import inbox
from gosapp.services.requests import lookup, support, timeline, workflow
from tests.services.requests.test_support import ACTOR, open_ticket

HOSTILE = ["²", "١", "1" * 20, "9" * 5000, -3, 0, 2.0, True, None, {}, {"id": 1}, [1], "1 "]


def denied_rows(engine) -> list[tuple[int | None, str, str, str]]:
    with Session(engine) as fresh:
        rows = fresh.exec(select(AuditEvent).where(AuditEvent.action == audit.ACCESS_DENIED)).all()
        return [(r.user_id, r.object_type, r.object_id, r.details) for r in rows]


def ticket_reads(session, user):
    return [
        lambda rid: support.thread(session=session, user=user, request_id=rid),
        lambda rid: support.post_message(
            session=session, user=user, request_id=rid, text="Привет", actor=ACTOR
        ),
        lambda rid: timeline.request_timeline(session=session, user=user, request_id=rid),
        lambda rid: workflow.transition(
            session=session, request_id=rid, action="withdraw", user=user, actor=ACTOR
        ),
        lambda rid: lookup.own_request(session, user, rid),
    ]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:16])
def test_hostile_request_ids_are_not_found_and_not_audited(engine, session, alice, value):
    open_ticket(session, alice)
    for call in ticket_reads(session, alice.user):
        with pytest.raises(NotFound):
            call(value)
    assert denied_rows(engine) == []


def test_someone_elses_ticket_is_not_found_and_each_attempt_is_audited(engine, session, alice, bob):
    ticket = open_ticket(session, alice)
    for call in ticket_reads(session, bob.user):
        with pytest.raises(NotFound) as refused:
            call(str(ticket.id))
        assert refused.value.message == lookup.REQUEST_NOT_FOUND
    rows = denied_rows(engine)
    assert rows == [(bob.id, "request", str(ticket.id), "")] * 5
    assert support.thread(session=session, user=alice.user, request_id=ticket.id)  # still hers


def test_a_missing_request_is_audited_like_a_foreign_one(engine, session, alice):
    with pytest.raises(NotFound):
        support.thread(session=session, user=alice.user, request_id="999999")
    assert denied_rows(engine) == [(alice.id, "request", "999999", "")]


def test_probing_ids_cannot_flood_the_audit_log(engine, session, alice, bob):
    open_ticket(session, alice)
    for n in range(1, audit.DENIED_LIMIT + 30):
        with pytest.raises(NotFound):
            support.thread(session=session, user=bob.user, request_id=n + 1000)
    assert len(denied_rows(engine)) == audit.DENIED_LIMIT


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:16])
def test_hostile_notification_ids_are_not_found(engine, session, alice, value):
    with pytest.raises(NotFound):
        account_security.read_notification(session=session, user=alice.user, notification_id=value)
    assert denied_rows(engine) == []


def test_someone_elses_notification_is_audited(engine, session, alice, bob):
    theirs = inbox.notify(session=session, user=bob.user, title="Чужое")
    session.commit()
    with pytest.raises(NotFound):
        account_security.read_notification(
            session=session, user=alice.user, notification_id=str(theirs.id)
        )
    assert denied_rows(engine) == [(alice.id, "notification", str(theirs.id), "")]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:16])
def test_hostile_document_ids_are_not_found_and_not_audited(engine, session, alice, value):
    with pytest.raises(NotFound):
        downloads.document_for_download(
            session=session, user_id=alice.id, document_id=value, actor=Actor(alice.id)
        )
    assert denied_rows(engine) == []


def test_someone_elses_document_is_audited_without_its_data(engine, session, alice, bob):
    document = storage.stage(
        session=session, owner_id=alice.id, filename="Паспорт.pdf", data=b"%PDF-1.7\n%%EOF\n"
    )
    session.commit()
    with pytest.raises(NotFound):
        downloads.document_for_download(
            session=session, user_id=bob.id, document_id=str(document.id), actor=Actor(bob.id)
        )
    assert denied_rows(engine) == [(bob.id, "document", str(document.id), "")]
