"""The applicant's corrected form: a draft edited before «Подать», or a rejected request of a
``resubmittable`` type fixed and sent again — the same request, never a new one.

The payload is replaced by a conditional ``UPDATE … WHERE status = <what the page showed>``
(a draft submitted from another tab, or a request a registrar already reopened, is not
overwritten). On resubmission the timeline gets one entry naming every changed field with its
old and new value, so the history keeps each version of the form.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity.levels import require_level
from gosapp.services.requests import catalog, events, lookup, workflow

S = RequestStatus
NO_CHANGES = "Заявление подано повторно без изменений в полях"
MAX_SHOWN = 120  # characters of one old/new value in the timeline entry


def revise(
    *,
    session: Session,
    request_id: object,
    user: User,
    data: dict,
    actor: Actor,
    seen_status: RequestStatus | str,
    document_ids: list[int] = (),  # type: ignore[assignment]
    resubmit: bool = True,
    now: datetime | None = None,
) -> Request:
    """Replace the payload of the user's own draft or rejected request with ``data``.

    A draft stays a draft (``workflow.submit_draft`` sends it). A rejected request goes back
    to «Подано» when ``resubmit`` (the type must be ``resubmittable``); without ``resubmit``
    the corrections are only saved. Raises InvalidForm for a bad form, AlreadyProcessed when
    the request moved on since the page showed ``seen_status``, NotAllowed otherwise.
    """
    now = now or utcnow()
    request = lookup.own_request(session, user, request_id)
    rtype = catalog.get(request.type_code)
    seen = RequestStatus(seen_status)
    if request.status != seen:
        raise workflow.AlreadyProcessed(RequestStatus(request.status))
    if not (seen == S.DRAFT or (seen == S.REJECTED and rtype.resubmittable)):
        raise NotAllowed("Это заявление уже нельзя изменить")
    require_level(user, rtype.level, rtype.title)
    payload = rtype.parse(data)
    old = json.loads(request.payload)
    new = json.loads(payload.model_dump_json())
    _replace_payload(session, request, seen, payload.model_dump_json(), rtype.summary(payload), now)
    if seen == S.DRAFT or not resubmit:
        events.attach(
            session=session, request=request, user=user, document_ids=document_ids, now=now
        )
        return request
    return workflow.transition(
        session=session,
        request_id=request.id,
        action="resubmit",
        user=user,
        actor=actor,
        text=changes_text(old, new, rtype.payload),
        document_ids=document_ids,
        seen_status=S.REJECTED,
        now=now,
    )


def _replace_payload(
    session: Session, request: Request, seen: RequestStatus, payload: str, summary: str, now
) -> None:
    changed = session.execute(
        update(Request)
        .where(Request.id == request.id, Request.status == seen)  # type: ignore[arg-type]
        .values(payload=payload, summary=summary[:300], updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        status = session.exec(select(Request.status).where(Request.id == request.id)).one()
        raise workflow.AlreadyProcessed(RequestStatus(status))
    session.refresh(request)


def changes_text(old: dict, new: dict, model: type[BaseModel]) -> str:
    """«Исправлено: Должность: «врач» → «врач-терапевт»; ИНН: …» for the fields that differ
    (hidden fields by title only, without values); ``NO_CHANGES`` when none do."""
    lines = []
    for key, field in model.model_fields.items():
        if old.get(key) == new.get(key):
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if extra.get("hidden"):
            continue
        choices = extra.get("choices", {})
        choices = choices if isinstance(choices, dict) else {}
        before, after = (_shown(v, choices) for v in (old.get(key), new.get(key)))
        lines.append(f"{field.title or key}: «{before}» → «{after}»")
    return "Исправлено: " + "; ".join(lines) if lines else NO_CHANGES


def _shown(value: object, choices: dict) -> str:
    text = str(choices.get(str(value), value if value not in (None, "") else "—"))
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
