"""Identity documents in the profile: SNILS, INN, OMS policy, address and the passport.

Passport data entered for the first time is stored at once; a change of an existing passport
becomes a pending ``PassportChange`` (one per user) and the old data stays until a verifier
approves it: the user asks for that with a ``passport_verification`` request carrying a scan of
the passport. Audit events name the changed fields, never their values.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from gosapp.models.accounts import (
    AccountLevel,
    PassportChange,
    PassportChangeStatus,
    User,
    utcnow,
)
from gosapp.models.requests import Request
from gosapp.services.common import validation
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.identity.accounts import InvalidForm, current_level
from gosapp.services.profile import passport_check, personal_data
from gosapp.services.profile.personal_data import ProfileView
from gosapp.services.requests import workflow

DOCUMENT_FIELDS = ("snils", "inn", "oms_policy", "address")
PASSPORT_FIELDS = (
    "passport_series",
    "passport_number",
    "passport_issued_on",
    "passport_issuer",
    "passport_division_code",
)
FORM_FIELDS = DOCUMENT_FIELDS + PASSPORT_FIELDS
# User column -> PassportChange column.
PASSPORT_COLUMNS = {name: name.removeprefix("passport_") for name in PASSPORT_FIELDS}
SNILS_TAKEN = "Этот СНИЛС указан в другой учётной записи — обратитесь в поддержку"
ISSUER_MAX_LENGTH = 200
ADDRESS_MAX_LENGTH = 300
SCAN_WIDGET = "passport"
SCAN_REQUIRED = "Приложите скан разворота паспорта"
VERIFICATION_OPEN = (
    "Заявление на проверку паспорта уже подано — дождитесь решения или отзовите его "
    "в истории обращений"
)
NOTHING_TO_VERIFY = (
    "Нечего подтверждать: укажите паспортные данные в профиле — или они уже подтверждены"
)


# --- documents ----------------------------------------------------------------------------------


def save_documents(
    *, session: Session, user: User, form: dict[str, str], actor: Actor, now: datetime | None = None
) -> ProfileView:
    """Validate and store SNILS, INN, OMS policy, address and passport, all errors at once.

    An empty SNILS/INN/OMS/address clears it. The passport is all-or-nothing: stored directly
    the first time, a pending ``PassportChange`` when it differs from the current one.
    """
    now = now or utcnow()
    errors: dict[str, str] = {}
    documents = _validated_documents(session, user, form, errors)
    passport = _validated_passport(user, form, errors, now.date())
    if errors:
        raise InvalidForm(errors)
    changed = _apply(user, documents)
    if passport and not personal_data.has_passport(user):
        changed += _apply(user, passport)
    elif passport and passport != _current_passport(user):
        _request_passport_change(session, user, passport, actor, now)
    if user.level != AccountLevel.CONFIRMED and user.level != current_level(user):
        user.level = current_level(user)
        changed.append("level")
    if changed:
        session.add(user)
        personal_data.audit_fields(session, actor, "profile.documents", "user", user.id, changed)
    session.flush()
    return personal_data.profile_view(session=session, user=user)


def _check(errors: dict[str, str], name: str, func, *args):
    try:
        return func(*args)
    except Invalid as exc:
        errors[exc.field or name] = exc.message
        return None


def _raw(form: dict[str, str], name: str) -> str:
    return " ".join(str(form.get(name) or "").split())


def _validated_documents(session, user, form, errors) -> dict:
    raw = {name: _raw(form, name) for name in DOCUMENT_FIELDS}
    data = {
        "snils": _check(errors, "snils", validation.normalize_snils, raw["snils"])
        if raw["snils"]
        else None,
        "inn": _check(errors, "inn", validation.normalize_inn, raw["inn"]) if raw["inn"] else "",
        "oms_policy": _check(errors, "oms_policy", validation.normalize_oms, raw["oms_policy"])
        if raw["oms_policy"]
        else "",
        "address": _check(errors, "address", _address, raw["address"]),
    }
    if data["snils"] and _snils_taken(session, data["snils"], user.id):
        errors["snils"] = SNILS_TAKEN
    return data


def _address(text: str) -> str:
    if len(text) > ADDRESS_MAX_LENGTH:
        raise Invalid("address", f"Не длиннее {ADDRESS_MAX_LENGTH} символов")
    return text


def _snils_taken(session: Session, snils: str, user_id: int) -> bool:
    query = select(User.id).where(User.snils == snils, User.id != user_id)
    return session.exec(query).first() is not None


def _validated_passport(user: User, form, errors, today: date) -> dict | None:
    raw = {name: _raw(form, name) for name in PASSPORT_FIELDS}
    if not any(raw.values()):
        if personal_data.has_passport(user):
            errors["passport_series"] = "Паспортные данные нельзя удалить — укажите действующие"
        return None
    return {
        "passport_series": _check(
            errors, "passport_series", validation.normalize_passport_series, raw["passport_series"]
        ),
        "passport_number": _check(
            errors, "passport_number", validation.normalize_passport_number, raw["passport_number"]
        ),
        "passport_issued_on": _check(
            errors, "passport_issued_on", _issue_date, raw["passport_issued_on"], user, today
        ),
        "passport_issuer": _check(errors, "passport_issuer", _issuer, raw["passport_issuer"]),
        "passport_division_code": _check(
            errors,
            "passport_division_code",
            validation.normalize_division_code,
            raw["passport_division_code"],
        ),
    }


def _issue_date(text: str, user: User, today: date) -> date:
    issued = validation.parse_date(text, "passport_issued_on")
    if issued > today:
        raise Invalid("passport_issued_on", "Дата выдачи не может быть в будущем")
    if issued < user.birth_date:
        raise Invalid("passport_issued_on", "Дата выдачи не может быть раньше даты рождения")
    return issued


def _issuer(text: str) -> str:
    if not text:
        raise Invalid("passport_issuer", "Укажите, кем выдан паспорт")
    if len(text) > ISSUER_MAX_LENGTH:
        raise Invalid("passport_issuer", f"Не длиннее {ISSUER_MAX_LENGTH} символов")
    return text


def _current_passport(user: User) -> dict:
    return {name: getattr(user, name) for name in PASSPORT_FIELDS}


def _apply(user: User, values: dict) -> list[str]:
    """Set the values that differ on ``user``; return the names of the changed fields."""
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    return changed


def _request_passport_change(session, user: User, passport: dict, actor, now) -> None:
    values = {PASSPORT_COLUMNS[name]: value for name, value in passport.items()}
    earlier = personal_data.pending_passport(session=session, user_id=user.id)
    if earlier is not None and all(getattr(earlier, k) == v for k, v in values.items()):
        return  # the same change is already waiting
    if earlier is not None:
        earlier.status = PassportChangeStatus.REPLACED
        session.add(earlier)
        session.flush()  # the partial unique index allows one pending row per user
    row = PassportChange(user_id=user.id, created_at=now, **values)
    session.add(row)
    session.flush()
    changed = [name for name, value in passport.items() if getattr(user, name) != value]
    personal_data.audit_fields(
        session, actor, "profile.passport_change", "passport_change", row.id, changed
    )


# --- passport verification ----------------------------------------------------------------------


def request_passport_verification(
    *,
    session: Session,
    user: User,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> Request:
    """Submit the passport for verification with its scan(s).

    Verifies the pending passport change when there is one, else the passport already in the
    profile of a not yet confirmed account. Refused while another verification is open.
    Approval (``passport_requests``) applies the change and confirms the account.
    """
    if passport_check.open_verification(session, user.id) is not None:
        raise DomainError(VERIFICATION_OPEN)
    target = personal_data.verification_target(session, user)
    if target is None:
        raise DomainError(NOTHING_TO_VERIFY)
    ids = [int(i) for i in document_ids or ()]
    if not ids:
        raise Invalid(SCAN_WIDGET, SCAN_REQUIRED)
    change_id = target.id if isinstance(target, PassportChange) else None
    return workflow.create(
        session=session,
        applicant=user,
        type_code=passport_check.TYPE_CODE,
        data={"change_id": change_id},
        actor=actor,
        document_ids=ids,
        now=now,
    )
