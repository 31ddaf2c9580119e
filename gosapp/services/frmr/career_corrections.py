"""«Исправить и отправить снова» (SPEC §3): a rejected НМО activity or experience period is
corrected and its check request sent again — the same request through the engine's
``revisions.revise`` (the types are ``resubmittable``), so the timeline keeps the refusal,
every changed field and the new decision, and the row no longer shows as rejected.

The row is the doctor's own (another's, or a missing one, reads «не найдено» and is
audited); its request must still be rejected. ``revise`` replaces the payload with a
conditional UPDATE on the status the page showed, so of two tabs sending the same correction
one wins and the other's transaction rolls back (``AlreadyProcessed``). New files are
optional: without them the record keeps the ones sent before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import Session

from gosapp.models.career import ExperiencePeriod, NmoActivity
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import NotAllowed, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.frmr import career_files
from gosapp.services.frmr.portfolio import require_doctor
from gosapp.services.frmr.portfolio_review import decisions
from gosapp.services.requests import revisions

NOT_REJECTED = "Исправить и отправить снова можно только отклонённую запись"
Row = NmoActivity | ExperiencePeriod


@dataclass(frozen=True)
class Kind:
    """What is corrected: the table, the audit's object type and action, the words."""

    model: type[NmoActivity] | type[ExperiencePeriod]
    form: type[BaseModel]
    object_type: str
    action: str
    not_found: str


@dataclass(frozen=True)
class Correction:
    """The rejected record's values for the form (as typed: ДД.ММ.ГГГГ) and staff's reason."""

    values: dict[str, str]
    reason: str


def _rejected(
    session: Session, user, kind: Kind, row_id: object, actor: Actor
) -> tuple[Row, Request]:
    require_doctor(session, user)
    number = parse_id(row_id, kind.not_found)
    row = session.get(kind.model, number)
    if row is None or row.owner_id != user.id:
        access_denied(session=session, actor=actor, object_type=kind.object_type, object_id=number)
        raise NotFound(kind.not_found)
    request = session.get(Request, row.request_id) if row.request_id is not None else None
    if request is None or request.status != RequestStatus.REJECTED:
        raise NotAllowed(NOT_REJECTED)
    return row, request


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return "" if value is None else str(value)


def correction(*, session: Session, user, kind: Kind, row_id: object, actor: Actor) -> Correction:
    """The doctor's own rejected record as the form is filled with it, and why it was
    rejected. NotFound for another's, NotAllowed once it is no longer rejected."""
    row, request = _rejected(session, user, kind, row_id, actor)
    values = {name: _as_text(getattr(row, name)) for name in kind.form.model_fields}
    return Correction(values=values, reason=decisions(session, [request.id])[request.id].reason)


def resubmit(
    *,
    session: Session,
    user,
    kind: Kind,
    row_id: object,
    parse: Callable[[], BaseModel],
    document_ids: list[int],
    actor: Actor,
    now: datetime,
) -> Row:
    """Check ownership, then ``parse()`` the corrected form (InvalidForm beside the fields),
    send the same request again with the new payload and any new files, and bring the row
    up to date with it."""
    row, request = _rejected(session, user, kind, row_id, actor)
    parsed = parse()
    ids = list(document_ids or [])
    documents = career_files.staged_files(session, user, ids, "") if ids else []
    revisions.revise(
        session=session,
        request_id=request.id,
        user=user,
        data=parsed.model_dump(mode="json"),
        actor=actor,
        seen_status=RequestStatus.REJECTED,
        document_ids=[d.id for d in documents],
        now=now,
    )
    row.sqlmodel_update(parsed.model_dump())
    if documents and isinstance(row, NmoActivity):
        row.document_id = documents[0].id  # the new certificate is the one shown
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action=kind.action,
        object_type=kind.object_type,
        object_id=row.id,
    )
    return row
