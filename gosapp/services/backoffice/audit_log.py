"""Reading the audit log for the back office (SPEC §5, §6): filters and keyset pages.

The log only grows, so pages go by id (``id < cursor``, newest first) instead of OFFSET, and a
deep page costs the same as the first. Registrars and administrators may read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.audit import AuditEvent
from gosapp.services.backoffice.audit_labels import FAMILY_LABELS, action_label, object_label
from gosapp.services.common.display import display_time, local_midnight_utc
from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.identity.roles import require_staff, role_label
from gosapp.services.identity.signin import find_user

PAGE_SIZE = 50
FILTERS = ("user", "action", "outcome", "date_from", "date_to")
OUTCOMES = {"ok": "успешно", "denied": "отказано"}
# The action filter's choices: a family of actions by its Russian name.
ACTION_FAMILIES = {f"{family}.": label for family, label in FAMILY_LABELS.items()}
_USER_ID = re.compile(r"#?(\d{1,9})")
_ACTION = re.compile(r"[a-z0-9_.]*")


@dataclass(frozen=True)
class AuditPage:
    """One page of events as display dicts; ``next_cursor`` is None on the last page."""

    rows: list[dict]
    next_cursor: int | None


def search_audit(
    *,
    session: Session,
    user: User,
    filters: dict,
    before_id: int | None = None,
) -> AuditPage:
    """Events matching ``filters`` (user id or login, action prefix, outcome, local date
    range), newest first, PAGE_SIZE at a time from ``before_id`` down.

    Raises InvalidForm naming every bad filter at once.
    """
    require_staff(session, user)
    conditions = _conditions(session, {k: str(filters.get(k) or "").strip() for k in FILTERS})
    if before_id is not None:
        conditions.append(AuditEvent.id < int(before_id))
    found = session.exec(
        select(AuditEvent, User)
        .join(User, col(User.id) == AuditEvent.user_id, isouter=True)
        .where(*conditions)
        .order_by(col(AuditEvent.id).desc())
        .limit(PAGE_SIZE + 1)
    ).all()
    rows = [_row(event, person) for event, person in found[:PAGE_SIZE]]
    more = len(found) > PAGE_SIZE
    return AuditPage(rows, found[PAGE_SIZE - 1][0].id if more else None)


def _conditions(session: Session, values: dict[str, str]) -> list:
    errors: dict[str, str] = {}
    conditions: list = []
    for name, build in (
        ("user", _user_condition),
        ("action", _action_condition),
        ("outcome", _outcome_condition),
    ):
        if values[name]:
            try:
                conditions.append(build(session, values[name]))
            except Invalid as exc:
                errors[name] = exc.message
    conditions += _date_conditions(values, errors)
    if errors:
        raise InvalidForm(errors)
    return conditions


def _user_condition(session: Session, value: str):
    if match := _USER_ID.fullmatch(value):
        return AuditEvent.user_id == int(match[1])
    found = find_user(session, value[:254])
    if found is None:
        raise Invalid("user", "Пользователь не найден: введите номер, телефон, e-mail или СНИЛС")
    return AuditEvent.user_id == found.id


def _action_condition(_session: Session, value: str):
    value = value.lower()
    if len(value) > 60 or not _ACTION.fullmatch(value):
        raise Invalid("action", "Выберите действие из списка")
    return col(AuditEvent.action).startswith(value, autoescape=True)


def _outcome_condition(_session: Session, value: str):
    if value not in OUTCOMES:
        raise Invalid("outcome", "Выберите результат из списка")
    return AuditEvent.outcome == value


def _date_conditions(values: dict[str, str], errors: dict[str, str]) -> list:
    bounds: dict[str, date] = {}
    for name in ("date_from", "date_to"):
        if values[name]:
            try:
                bounds[name] = parse_date(values[name], name)
            except Invalid as exc:
                errors[name] = exc.message
    if "date_from" in bounds and "date_to" in bounds and bounds["date_to"] < bounds["date_from"]:
        errors["date_to"] = "Дата «по» раньше даты «с»"
        return []
    conditions = []
    if "date_from" in bounds:
        conditions.append(AuditEvent.at >= local_midnight_utc(bounds["date_from"]))
    if "date_to" in bounds:
        conditions.append(AuditEvent.at < local_midnight_utc(bounds["date_to"] + timedelta(days=1)))
    return conditions


def _row(event: AuditEvent, person: User | None) -> dict[str, str]:
    return {
        "id": str(event.id),
        "at": display_time(event.at),
        "user": _who(event.user_id, person),
        "role": role_label(event.role) or "—",
        "action": action_label(event.action),
        "code": event.action,  # for tests and the filter, never shown
        "object": object_label(event.object_type, event.object_id),
        "outcome": OUTCOMES.get(event.outcome, event.outcome),
        "denied": "1" if event.outcome != "ok" else "",
        "ip": event.ip or "—",
    }


def _who(user_id: int | None, person: User | None) -> str:
    """«№ 12 Орлова Р. О.» (staff see colleagues' names here), «№ 12» for a deleted user."""
    if user_id is None:
        return "—"
    if person is None:
        return f"№ {user_id}"
    initials = "".join(f"{p[0]}." for p in (person.first_name, person.patronymic) if p)
    return f"№ {user_id} {person.last_name} {initials}"
