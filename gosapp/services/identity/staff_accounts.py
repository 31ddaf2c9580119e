"""Staff accounts created by an operator (``gosapp create-staff``): registrar, admin, doctor.

The operator has met the person, so the account starts with both contacts confirmed, consent
recorded as taken by staff, and TOTP already enrolled: the login refuses accounts without TOTP,
and staff have no self-service enrolment step. The secret and the recovery codes are returned
once for the operator to hand over; only the encrypted secret and the code hashes are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from gosapp.models.accounts import Role, Sex, User, utcnow
from gosapp.services.common import validation
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid
from gosapp.services.identity import totp
from gosapp.services.identity.accounts import CONSENT_VERSION, InvalidForm
from gosapp.services.identity.passwords import check_new_password, hash_password
from gosapp.services.identity.roles import STAFF_ACCOUNT_ROLES, grant_role

PHONE_TAKEN = "Учётная запись с этим номером телефона уже существует"
EMAIL_TAKEN = "Учётная запись с этим e-mail уже существует"
CONTACT_TAKEN = "Учётная запись с этим номером телефона или e-mail уже существует"


@dataclass(frozen=True)
class StaffForm:
    """What the operator typed, raw; ``create_staff`` validates and normalises it."""

    email: str
    phone: str
    last_name: str
    first_name: str
    birth_date: str
    sex: str
    role: str
    password: str
    patronymic: str = ""


@dataclass(frozen=True)
class StaffCreated:
    """The new account and the secrets shown exactly once (never stored in the clear)."""

    user_id: int
    login: str
    roles: tuple[Role, ...]
    totp_secret: str
    provisioning_uri: str
    recovery_codes: tuple[str, ...]

    @property
    def grouped_key(self) -> str:
        """The TOTP secret in groups of four for manual entry."""
        return totp.grouped_key(self.totp_secret)


def create_staff(
    *, session: Session, form: StaffForm, actor: Actor, now: datetime | None = None
) -> StaffCreated:
    """Create a staff account with TOTP enrolled; raise InvalidForm listing every bad field.

    Duplicates of phone or e-mail are refused in the form errors (``phone``/``email``).
    """
    now = now or utcnow()
    data, role = _validated(session, form, now)
    user = _new_user(data, form.password, now)
    session.add(user)
    session.flush()
    for granted in (Role.CITIZEN, role):
        grant_role(session=session, user_id=user.id, role=granted)
    secret = _enrol_totp(user, now)
    codes = totp.new_recovery_codes(session=session, user_id=user.id)
    record(
        session=session,
        actor=actor,
        action="staff.create",
        object_type="user",
        object_id=user.id,
        details=f"role={role.value}; contacts and consent confirmed by staff; TOTP enrolled",
    )
    return StaffCreated(
        user_id=user.id,
        login=user.email,
        roles=(Role.CITIZEN, role),
        totp_secret=secret,
        provisioning_uri=totp.provisioning_uri(secret, user.email),
        recovery_codes=tuple(codes),
    )


def _validated(session: Session, form: StaffForm, now: datetime) -> tuple[dict, Role]:
    errors: dict[str, str] = {}
    data = {
        "last_name": _check(errors, validation.normalize_person_name, form.last_name, "last_name"),
        "first_name": _check(
            errors, validation.normalize_person_name, form.first_name, "first_name"
        ),
        "patronymic": _check(
            errors, validation.normalize_person_name, form.patronymic, "patronymic", False
        )
        or "",
        "birth_date": _check(errors, validation.parse_birth_date, form.birth_date, now.date()),
        "phone": _check(errors, validation.normalize_phone, form.phone),
        "email": _check(errors, validation.normalize_email, form.email),
        "sex": _sex(errors, form.sex),
    }
    role = _role(errors, form.role)
    _check_unique(session, data, errors)
    inputs = [v for v in data.values() if isinstance(v, str) and v]
    _check(errors, check_new_password, form.password, inputs)
    if errors:
        raise InvalidForm(errors)
    return data, role


def _check(errors: dict[str, str], func, *args):
    try:
        return func(*args)
    except Invalid as exc:
        errors[exc.field] = exc.message
        return None


def _sex(errors: dict[str, str], raw: str) -> Sex | None:
    value = raw.strip().upper()
    if value not in {s.value for s in Sex}:
        errors["sex"] = "Укажите пол: M или F"
        return None
    return Sex(value)


def _role(errors: dict[str, str], raw: str) -> Role:
    value = raw.strip().lower()
    if value not in {r.value for r in STAFF_ACCOUNT_ROLES}:
        errors["role"] = "Роль сотрудника: " + ", ".join(r.value for r in STAFF_ACCOUNT_ROLES)
        return Role.CITIZEN
    return Role(value)


def _check_unique(session: Session, data: dict, errors: dict[str, str]) -> None:
    if data["phone"] and session.exec(select(User.id).where(User.phone == data["phone"])).first():
        errors["phone"] = PHONE_TAKEN
    if data["email"] and session.exec(select(User.id).where(User.email == data["email"])).first():
        errors["email"] = EMAIL_TAKEN


def _new_user(data: dict, password: str, now: datetime) -> User:
    return User(
        **data,
        password_hash=hash_password(password),
        phone_confirmed_at=now,
        email_confirmed_at=now,
        consent_version=CONSENT_VERSION,
        consent_at=now,
    )


def _enrol_totp(user: User, now: datetime) -> str:
    secret = totp.new_secret()
    user.totp_secret_enc = totp.encrypt_secret(secret)
    user.totp_enabled_at = now
    return secret
