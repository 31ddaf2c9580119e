"""One request as staff see it (SPEC §5): header, applicant, the form data as the request type
describes it, documents, the full timeline and the actions on offer. Opening it is audited.

Nothing here names a request type: labels come from the payload model's ``Field(title=…)``,
value names from ``json_schema_extra["choices"]``, extra rows from ``RequestType.detail_rows``.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.requests import Document, DocumentKind, Request, RequestStatus
from gosapp.services.backoffice import actions
from gosapp.services.backoffice.access import visible_request
from gosapp.services.backoffice.queues import assignee_label
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import (
    display_time,
    file_size,
    format_phone,
    full_name,
)
from gosapp.services.common.validation import format_snils
from gosapp.services.common.workdays import local_date
from gosapp.services.identity.accounts import current_level
from gosapp.services.identity.levels import label as level_label
from gosapp.services.identity.roles import acting_role, roles_of
from gosapp.services.requests import catalog, timeline, workflow
from gosapp.services.requests.types import RequestType

TIMELINE_LIMIT = 150
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def request_detail(
    *, session: Session, user: User, request_id: object, actor: Actor, today: date | None = None
) -> dict:
    """Everything the request page shows a staff member; the view itself is audited."""
    request = visible_request(session, user, request_id)
    today = today or local_date(utcnow())
    rtype = catalog.get(request.type_code)
    held = roles_of(session, user.id)
    record(
        session=session,
        actor=Actor(user.id, acting_role(held).value, actor.ip, actor.user_agent),
        action="staff.request.view",
        object_type="request",
        object_id=request.number,
    )
    return {
        "header": _header(request, rtype, user, today),
        "applicant": _applicant(session.get_one(User, request.applicant_id)),
        "payload": _payload_rows(session, request, rtype),
        "documents": _documents(session, request),
        "timeline": _timeline(session, request),
        "actions": actions.available_actions(session, request, user),
        "no_action_reason": actions.no_action_reason(session, request, user),
        "wording": actions.wording(rtype),
    }


def _header(request: Request, rtype: RequestType, user: User, today: date) -> dict:
    status = RequestStatus(request.status)
    return {
        "id": str(request.id),
        "number": request.number,
        "type": rtype.title,
        "summary": request.summary,
        "status": status.value,
        "status_label": workflow.STATUS_LABELS[status],
        "submitted": display_time(request.submitted_at) if request.submitted_at else "",
        "deadline": workflow.due_date_label(request),
        "overdue": "1" if workflow.is_overdue(request, today) else "",
        "assignee": assignee_label(request, user),
    }


def _applicant(user: User) -> list[dict[str, str]]:
    name = full_name(user)
    return [
        {"label": "ФИО", "value": name},
        {"label": "Дата рождения", "value": f"{user.birth_date:%d.%m.%Y}"},
        {"label": "Телефон", "value": format_phone(user.phone)},
        {"label": "E-mail", "value": user.email},
        {"label": "СНИЛС", "value": format_snils(user.snils) if user.snils else "не указан"},
        {"label": "Уровень учётной записи", "value": level_label(current_level(user))},
    ]


def _payload_rows(session: Session, request: Request, rtype: RequestType) -> list[dict]:
    rows = render_payload(workflow.payload_of(request), rtype.payload)
    if rtype.detail_rows is not None:
        rows += rtype.detail_rows(session, request)
    return rows


def render_payload(payload: dict, model: type[BaseModel]) -> list[dict[str, str]]:
    """A payload as label/value pairs, as its model describes the fields: the field's title
    (or the key), its choices by name; fields marked hidden are left out."""
    fields = model.model_fields
    rows = []
    for key, value in payload.items():
        extra = _extra(fields.get(key))
        if extra.get("hidden"):
            continue
        title = getattr(fields.get(key), "title", None) or key
        rows.append({"label": title, "value": display_value(value, extra.get("choices", {}))})
    return rows


def _extra(field) -> dict:
    extra = getattr(field, "json_schema_extra", None)
    return extra if isinstance(extra, dict) else {}


def display_value(value: object, choices: dict | None = None) -> str:
    """One payload value as text: choices by their Russian names, dates as ДД.ММ.ГГГГ."""
    choices = choices or {}
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return ", ".join(display_value(v, choices) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {display_value(v)}" for k, v in value.items())
    mapped = choices.get(str(value))
    if mapped:
        return mapped
    iso = _ISO_DATE.match(str(value))
    return f"{iso[3]}.{iso[2]}.{iso[1]}" if iso else str(value)


def _documents(session: Session, request: Request) -> list[dict[str, str]]:
    rows = session.exec(
        select(Document).where(Document.request_id == request.id).order_by(col(Document.id))
    )
    return [
        {
            "id": str(d.id),
            "name": d.original_name,
            "size": file_size(d.size),
            "kind": "выдан порталом" if d.kind == DocumentKind.ISSUED else "загружен",
            "added": display_time(d.created_at),
            "href": routes.document(d.id),
        }
        for d in rows
    ]


def _timeline(session: Session, request: Request) -> list[dict[str, str]]:
    """The timeline with internal comments; actors by role only, even for staff."""
    entries = timeline.timeline(session, request, for_staff=True)
    return timeline.trim_timeline(timeline.timeline_items(entries), limit=TIMELINE_LIMIT)
