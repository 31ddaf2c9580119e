"""The profile (/profile): personal data, contacts, identity documents, notification preferences.

Changing the phone or e-mail needs the current password (or an authenticator code) and then a
code sent to the *new* contact. Passport data entered for the first time is stored at once; a
change of an existing passport becomes a pending ``PassportChange`` (one per user) and the old
data stays until a verifier approves it: the user asks for that with a ``passport_verification``
request carrying a scan of the passport. Audit events name the changed fields, never their values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import (
    AccountLevel,
    CodePurpose,
    OneTimeCode,
    PassportChange,
    PassportChangeStatus,
    Sex,
    User,
    utcnow,
)
from gosapp.models.requests import Request
from gosapp.services.common import validation
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import format_phone, full_name
from gosapp.services.common.errors import DomainError, Invalid, Throttled
from gosapp.services.identity import account_security
from gosapp.services.identity.accounts import (
    InvalidForm,
    check_code,
    current_level,
    send_contact_code,
)
from gosapp.services.notifications import inbox
from gosapp.services.profile import passport_check
from gosapp.services.requests import workflow
from gosapp.settings import get_settings

DATE_FORMAT = "%d.%m.%Y"
LEVELS = {
    AccountLevel.BASIC: (
        "Упрощённая",
        "Укажите СНИЛС и паспортные данные — учётная запись станет стандартной: откроются "
        "запись к врачу, анализы, медкарта, справки и соцзащита.",
    ),
    AccountLevel.STANDARD: (
        "Стандартная",
        "Чтобы получить подтверждённую учётную запись, дождитесь проверки документов "
        "или введите код подтверждения, выданный сотрудником (МФЦ).",
    ),
    AccountLevel.CONFIRMED: ("Подтверждённая", "Доступны все услуги портала."),
}
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
PREFERENCES = ("notify_email", "notify_sms")
SCAN_WIDGET = "passport"
SCAN_REQUIRED = "Приложите скан разворота паспорта"
VERIFICATION_OPEN = (
    "Заявление на проверку паспорта уже подано — дождитесь решения или отзовите его "
    "в истории обращений"
)
NOTHING_TO_VERIFY = (
    "Нечего подтверждать: укажите паспортные данные в профиле — или они уже подтверждены"
)


@dataclass(frozen=True)
class ContactKind:
    """What differs between changing the phone and changing the e-mail."""

    column: str
    purpose: CodePurpose
    normalize: Callable[[str], str]
    taken: str
    changed: str


class _ContactKinds(dict[str, ContactKind]):
    """A dict in which anything but a string is simply «not there».

    Handlers receive whatever JSON a client sends (``ProfileState.edit_contact`` got a dict,
    which a plain dict answers with TypeError: unhashable).
    """

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key)


_CONTACT_KINDS = {
    "phone": ContactKind(
        "phone",
        CodePurpose.CHANGE_PHONE,
        validation.normalize_phone,
        "Этот номер уже используется в другой учётной записи",
        "Номер телефона изменён",
    ),
    "email": ContactKind(
        "email",
        CodePurpose.CHANGE_EMAIL,
        validation.normalize_email,
        "Этот e-mail уже используется в другой учётной записи",
        "Адрес электронной почты изменён",
    ),
}
CONTACTS = _ContactKinds(_CONTACT_KINDS)


@dataclass(frozen=True)
class ProfileView:
    """What the profile page shows: plain strings of the user's own data, no secrets."""

    personal: dict[str, str]
    level: dict[str, str]
    contacts: dict[str, str]
    documents: dict[str, str]
    pending_passport: dict[str, str] = field(default_factory=dict)
    verification: dict[str, str] = field(default_factory=dict)  # the open one: number, status…
    can_verify: bool = False
    notify_email: bool = True
    notify_sms: bool = False


# --- reading ------------------------------------------------------------------------------------


def profile_view(*, session: Session, user: User) -> ProfileView:
    """Everything the profile page shows for ``user``."""
    level = current_level(user)
    label, hint = LEVELS[level]
    open_request = passport_check.open_verification(session, user.id)
    return ProfileView(
        personal={
            "full_name": full_name(user),
            "birth_date": user.birth_date.strftime(DATE_FORMAT),
            "sex": "Женский" if user.sex == Sex.FEMALE else "Мужской",
        },
        level={"code": level.value, "label": label, "hint": hint},
        contacts={"phone": format_phone(user.phone), "email": user.email},
        documents=_documents(user),
        pending_passport=_pending_view(pending_passport(session=session, user_id=user.id)),
        verification=_verification_view(open_request),
        can_verify=open_request is None and _verification_target(session, user) is not None,
        notify_email=user.notify_email,
        notify_sms=user.notify_sms,
    )


def _documents(user: User) -> dict[str, str]:
    issued = user.passport_issued_on
    return {
        "snils": validation.format_snils(user.snils) if user.snils else "",
        "inn": user.inn,
        "oms_policy": user.oms_policy,
        "address": user.address,
        "passport_series": user.passport_series,
        "passport_number": user.passport_number,
        "passport_issued_on": issued.strftime(DATE_FORMAT) if issued else "",
        "passport_issuer": user.passport_issuer,
        "passport_division_code": user.passport_division_code,
    }


def pending_passport(*, session: Session, user_id: int) -> PassportChange | None:
    """The user's passport change awaiting verification, if any."""
    return session.exec(
        select(PassportChange).where(
            PassportChange.user_id == user_id,
            PassportChange.status == PassportChangeStatus.PENDING,
        )
    ).first()


def _pending_view(row: PassportChange | None) -> dict[str, str]:
    if row is None:
        return {}
    submitted = row.created_at.astimezone(get_settings().tz)
    return {
        "series": row.series,
        "number": row.number,
        "issued_on": row.issued_on.strftime(DATE_FORMAT),
        "issuer": row.issuer,
        "division_code": row.division_code,
        "submitted": submitted.strftime(DATE_FORMAT),
    }


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
    if passport and not _has_passport(user):
        changed += _apply(user, passport)
    elif passport and passport != _current_passport(user):
        _request_passport_change(session, user, passport, actor, now)
    if user.level != AccountLevel.CONFIRMED and user.level != current_level(user):
        user.level = current_level(user)
        changed.append("level")
    if changed:
        session.add(user)
        _audit(session, actor, "profile.documents", "user", user.id, changed)
    session.flush()
    return profile_view(session=session, user=user)


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
        if _has_passport(user):
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


def _has_passport(user: User) -> bool:
    return bool(user.passport_series and user.passport_number)


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
    earlier = pending_passport(session=session, user_id=user.id)
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
    _audit(session, actor, "profile.passport_change", "passport_change", row.id, changed)


def _audit(session, actor: Actor, action: str, object_type: str, object_id, fields) -> None:
    record(
        session=session,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details="fields: " + ", ".join(fields),
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
    target = _verification_target(session, user)
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


def _verification_target(session: Session, user: User) -> PassportChange | User | None:
    """What a verification would confirm: the pending change, else the profile's passport of
    an account not yet confirmed (None: nothing to verify)."""
    change = pending_passport(session=session, user_id=user.id)
    if change is not None:
        return change
    if _has_passport(user) and current_level(user) != AccountLevel.CONFIRMED:
        return user
    return None


def _verification_view(row: Request | None) -> dict[str, str]:
    if row is None:
        return {}
    return {
        "number": row.number,
        "status": workflow.STATUS_LABELS[row.status],
        "deadline": workflow.deadline_label(row),
    }


# --- contacts -----------------------------------------------------------------------------------


def _contact(kind: object) -> ContactKind:
    if not isinstance(kind, str) or kind not in CONTACTS:
        raise Invalid("value", "Можно изменить только телефон или e-mail")
    return CONTACTS[kind]


def request_contact_change(
    *,
    session: Session,
    user: User,
    kind: str,
    value: str,
    password: str,
    actor: Actor,
    now: datetime | None = None,
) -> str:
    """Send a code to the new phone or e-mail ``value``; returns it normalised.

    The user re-authenticates first with the current password or an authenticator code
    (``password``): a wrong one counts towards the login lockout and raises Invalid("reauth").
    Raises Invalid("value") when the contact is malformed, the current one, or another
    account's (told only after re-authentication), and Throttled("value") (an Invalid
    carrying ``wait``) when the account, that contact or the actor's address has had too many
    codes lately.
    """
    contact = _contact(kind)
    try:
        target = contact.normalize(value)
    except Invalid as exc:
        raise Invalid("value", exc.message) from None
    if target == getattr(user, contact.column):
        raise Invalid("value", "Это ваш текущий контакт — укажите новый")
    account_security.reauthenticate(
        session=session, user=user, secret=password, field="reauth", actor=actor
    )
    _check_free(session, contact, target, user.id)
    try:
        send_contact_code(
            session=session,
            user=user,
            purpose=contact.purpose,
            target=target,
            ip=actor.ip,
            now=now,
        )
    except Throttled as exc:
        raise Throttled("value", exc.message, exc.wait) from None
    return target


def resend_contact_code(
    *, session: Session, user: User, kind: str, ip: str = "", now: datetime | None = None
) -> str:
    """A fresh code to the new contact of the change in progress (re-authenticated when it
    started); returns that contact. Raises Invalid("code") when no change is in progress and
    Throttled("code") when too many codes went out lately."""
    contact, now = _contact(kind), now or utcnow()
    pending = session.exec(
        select(OneTimeCode)
        .where(OneTimeCode.user_id == user.id, OneTimeCode.purpose == contact.purpose)
        .where(col(OneTimeCode.used_at).is_(None), OneTimeCode.expires_at > now)
        .order_by(col(OneTimeCode.id).desc())
    ).first()
    if pending is None:
        raise Invalid("code", "Время действия кода истекло — начните смену контакта заново")
    _check_free(session, contact, pending.target, user.id)
    try:
        send_contact_code(
            session=session,
            user=user,
            purpose=contact.purpose,
            target=pending.target,
            ip=ip,
            now=now,
        )
    except Throttled as exc:
        raise Throttled("code", exc.message, exc.wait) from None
    return pending.target


def _check_free(session: Session, contact: ContactKind, target: str, user_id: int) -> None:
    column = getattr(User, contact.column)
    if session.exec(select(User.id).where(column == target, User.id != user_id)).first():
        raise Invalid("value", contact.taken)


def confirm_contact_change(
    *,
    session: Session,
    user: User,
    kind: str,
    code: str,
    actor: Actor,
    now: datetime | None = None,
) -> ProfileView:
    """Spend the code sent to the new contact and make it the user's confirmed contact.

    A wrong code counts as an attempt (committed) and raises Invalid("code"). The user is
    notified, and the old contact is told too, in case the change was not theirs.
    """
    now = now or utcnow()
    contact = _contact(kind)
    try:
        row = check_code(
            session=session, user_id=user.id, purpose=contact.purpose, code=code, now=now
        )
    except Invalid:
        session.commit()  # a wrong attempt must count
        raise
    _check_free(session, contact, row.target, user.id)
    old = getattr(user, contact.column)
    setattr(user, contact.column, row.target)
    setattr(user, f"{contact.column}_confirmed_at", now)
    session.add(user)
    session.flush()
    _audit(session, actor, "profile.contact_change", "user", user.id, [contact.column])
    _tell_about_change(session, user, contact, old)
    return profile_view(session=session, user=user)


def _tell_about_change(session: Session, user: User, contact: ContactKind, old: str) -> None:
    body = (
        f"{contact.changed} в профиле. Если это были не вы, срочно восстановите доступ "
        "и обратитесь в поддержку."
    )
    inbox.notify(session=session, user=user, title=contact.changed, body=body, link=routes.PROFILE)
    if contact.column == "email":
        inbox.enqueue_email(
            session=session, recipient=old, subject=contact.changed, body=body, user_id=user.id
        )
    else:
        inbox.enqueue_sms(session=session, recipient=old, body=body, user_id=user.id)


# --- preferences --------------------------------------------------------------------------------


def set_preference(
    *, session: Session, user: User, channel: str, enabled: bool, actor: Actor
) -> ProfileView:
    """Switch e-mail or SMS notifications on or off (in-app notifications are always on)."""
    name = f"notify_{channel}"
    if name not in PREFERENCES:
        raise Invalid("preferences", "Уведомления в личном кабинете отключить нельзя")
    if getattr(user, name) != bool(enabled):
        setattr(user, name, bool(enabled))
        session.add(user)
        _audit(session, actor, "profile.preferences", "user", user.id, [name])
    session.flush()
    return profile_view(session=session, user=user)
