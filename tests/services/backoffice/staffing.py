"""Shared setup for the back-office tests: requests created through the engine, and the
back-office calls as staff personas make them."""

from datetime import UTC, date, datetime

from gosapp.models.requests import Document, DocumentKind, RequestStatus
from gosapp.services.backoffice import actions, queues, request_view
from gosapp.services.common.audit import Actor
from gosapp.services.requests import workflow
from tests.factories import level_for

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
QUESTION = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}
COMPLAINT = {"category": "complaint", "subject": "Очередь", "text": "Долго ждал приёма"}
S = RequestStatus


def new_request(session, persona, data=QUESTION, now=FRIDAY, type_code="support", **kwargs):
    level_for(session, persona.user, type_code)
    request = workflow.create(
        session=session,
        applicant=persona.user,
        type_code=type_code,
        data=data,
        actor=ACTOR,
        now=now,
        **kwargs,
    )
    session.commit()
    return request


def perform(session, persona, request, action, text="", seen=None):
    result = actions.perform(
        session=session,
        user=persona.user,
        request_id=request.id,
        action=action,
        seen_status=seen or request.status,
        actor=ACTOR,
        text=text,
        now=FRIDAY,
    )
    session.commit()
    return result


def queue(session, persona, **kwargs):
    kwargs.setdefault("today", date(2026, 11, 25))
    return queues.queue(session=session, user=persona.user, **kwargs)


def detail(session, persona, request):
    return request_view.request_detail(
        session=session, user=persona.user, request_id=request.id, actor=ACTOR
    )


def attach_file(session, request, owner, name="скан.pdf"):
    document = Document(
        owner_id=owner.id,
        request_id=request.id,
        kind=DocumentKind.UPLOAD,
        storage_key=f"key-{name}-{request.id}",
        original_name=name,
        content_type="application/pdf",
        size=1_258_291,
        sha256="0" * 64,
    )
    session.add(document)
    session.commit()
    return document
