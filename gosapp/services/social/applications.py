"""The citizen's allowance applications: start a draft, autosave it, submit it, list them.

A draft is a request of the engine in status «черновик»; its payload is whatever the citizen
typed so far (``allowance.AllowanceDraft``), saved on every change, so a reload, a lost
connection or a closed tab loses nothing. «Подать» checks everything and then takes the
engine's draft → submitted step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.requests import drafts, events, lookup, workflow
from gosapp.services.social import allowance
from gosapp.services.social.allowance import TYPE_CODE, AllowanceDraft
from gosapp.services.social.cabinet import require_connected

FIELDS = tuple(AllowanceDraft.model_fields)


def clean(data: dict) -> dict[str, str]:
    """Only the form's fields, as text."""
    return {name: str(data.get(name, "") or "") for name in FIELDS}


def start(
    *, session: Session, user: User, data: dict, actor: Actor, now: datetime | None = None
) -> Request:
    """A new draft application holding ``data`` (the first autosave creates it)."""
    require_connected(session, user)
    return workflow.create(
        session=session,
        applicant=user,
        type_code=TYPE_CODE,
        data=clean(data),
        actor=actor,
        submit=False,
        now=now,
    )


def save(
    *, session: Session, user: User, request_id: object, data: dict, now: datetime | None = None
) -> Request:
    """Autosave: the draft's contents replaced by ``data``."""
    require_connected(session, user)
    _own_application(session, user, request_id)
    return drafts.save_draft(
        session=session, request_id=request_id, user=user, data=clean(data), now=now
    )


def submit(
    *,
    session: Session,
    user: User,
    request_id: object,
    data: dict,
    actor: Actor,
    document_ids: list[int] | None = None,
    now: datetime | None = None,
) -> Request:
    """«Подать»: save the last contents, check them in full (InvalidForm per field), attach
    the documents and submit."""
    save(session=session, user=user, request_id=request_id, data=data, now=now)
    allowance.TYPES[0].parse(clean(data))
    request = lookup.own_request(session, user, request_id)
    if document_ids:
        events.attach(
            session=session,
            request=request,
            user=user,
            document_ids=document_ids,
            now=now or request.updated_at,
        )
    return workflow.submit_draft(
        session=session, request_id=request_id, user=user, actor=actor, now=now
    )


def draft_data(*, session: Session, user: User, request_id: object) -> dict[str, str]:
    """A draft's saved contents, to refill the form after a reload."""
    require_connected(session, user)
    request = _own_application(session, user, request_id)
    return clean(json.loads(request.payload))


@dataclass(frozen=True)
class ApplicationRow:
    """One application for the list."""

    id: str
    number: str
    kind: str
    status: str
    status_code: str
    deadline: str
    created: str


def applications(*, session: Session, user: User) -> list[ApplicationRow]:
    """The user's allowance applications, newest first."""
    require_connected(session, user)
    rows = session.exec(
        select(Request)
        .where(Request.applicant_id == user.id, Request.type_code == TYPE_CODE)
        .order_by(col(Request.created_at).desc(), col(Request.id).desc())
    ).all()
    return [
        ApplicationRow(
            id=str(r.id),
            number=r.number,
            kind=r.summary or "Пособие",
            status=workflow.STATUS_LABELS[RequestStatus(r.status)],
            status_code=str(r.status),
            deadline=workflow.deadline_label(r),
            created=r.created_at.strftime("%d.%m.%Y"),
        )
        for r in rows
    ]


def latest_draft(*, session: Session, user: User) -> Request | None:
    """The newest draft application, continued when the page opens."""
    require_connected(session, user)
    return session.exec(
        select(Request)
        .where(
            Request.applicant_id == user.id,
            Request.type_code == TYPE_CODE,
            Request.status == RequestStatus.DRAFT,
        )
        .order_by(col(Request.updated_at).desc(), col(Request.id).desc())
    ).first()


def _own_application(session: Session, user: User, request_id: object) -> Request:
    request = lookup.own_request(session, user, request_id)
    if request.type_code != TYPE_CODE:
        raise lookup.denied(session, user, request.id)
    return request
