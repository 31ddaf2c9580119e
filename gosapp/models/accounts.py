"""Accounts: users, roles, one-time codes, recovery codes, sessions and login history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import Index, String, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Current time, timezone-aware UTC (SQLModel stores and returns aware UTC datetimes)."""
    return datetime.now(UTC)


class Role(StrEnum):
    """What a user may do; a user holds one or more."""

    CITIZEN = "citizen"
    DOCTOR = "doctor"
    REGISTRAR = "registrar"
    ADMIN = "admin"


class AccountLevel(StrEnum):
    """Уровень учётной записи (SPEC §1)."""

    BASIC = "basic"
    STANDARD = "standard"
    CONFIRMED = "confirmed"


class Sex(StrEnum):
    """Пол."""

    MALE = "M"
    FEMALE = "F"


class User(SQLModel, table=True):
    """A person with one account for all cabinets. Never put a row in a frontend var."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    last_name: str = Field(max_length=80)
    first_name: str = Field(max_length=80)
    patronymic: str = Field(default="", max_length=80)
    birth_date: date
    sex: Sex = Field(sa_type=String(1))
    phone: str = Field(max_length=16, unique=True, index=True)
    email: str = Field(max_length=254, unique=True, index=True)
    snils: str | None = Field(default=None, max_length=11, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    level: AccountLevel = Field(default=AccountLevel.BASIC, sa_type=String(12))
    phone_confirmed_at: datetime | None = None
    email_confirmed_at: datetime | None = None
    totp_secret_enc: str | None = Field(default=None, max_length=255)
    totp_enabled_at: datetime | None = None
    totp_last_step: int | None = None
    locked_until: datetime | None = None
    passport_series: str = Field(default="", max_length=4)
    passport_number: str = Field(default="", max_length=6)
    passport_issued_on: date | None = None
    passport_issuer: str = Field(default="", max_length=200)
    passport_division_code: str = Field(default="", max_length=7)
    inn: str = Field(default="", max_length=12)
    oms_policy: str = Field(default="", max_length=16)
    address: str = Field(default="", max_length=300)
    notify_email: bool = True
    notify_sms: bool = False
    consent_version: str = Field(max_length=20)
    consent_at: datetime
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class UserRole(SQLModel, table=True):
    """One role held by one user."""

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    role: Role = Field(primary_key=True, sa_type=String(12))
    granted_at: datetime = Field(default_factory=utcnow)


class RecoveryCode(SQLModel, table=True):
    """A single-use TOTP recovery code, stored hashed."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = None


class CodePurpose(StrEnum):
    """What a one-time code confirms."""

    CONFIRM_PHONE = "confirm_phone"
    CONFIRM_EMAIL = "confirm_email"
    RECOVER = "recover"
    CHANGE_PHONE = "change_phone"
    CHANGE_EMAIL = "change_email"
    STAFF_CONFIRM = "staff_confirm"


class OneTimeCode(SQLModel, table=True):
    """A short-lived code sent to a contact (or issued by staff); stored hashed."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    purpose: CodePurpose = Field(sa_type=String(20))
    target: str = Field(default="", max_length=254)
    code_hash: str = Field(max_length=64)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class RateSlot(SQLModel, table=True):
    """One of the last N uses of a rate-limited action (a code sent, a code guessed).

    ``key`` is a keyed hash of what is limited and the rule's window (an account and purpose,
    a phone or e-mail, a client address), so no contact or address is stored in clear. See
    ``services/identity/throttle.py``.
    """

    key: str = Field(primary_key=True, max_length=64)
    slot: int = Field(primary_key=True)
    used_at: datetime = Field(index=True)


class AuthSession(SQLModel, table=True):
    """A server-side login session; the browser holds only the opaque id (its hash is the key)."""

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)
    revoked_at: datetime | None = None


class LoginTicket(SQLModel, table=True):
    """A one-time, seconds-long ticket a page exchanges for the session cookie."""

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    # keyed hash of the pre-login browser cookie: only that browser may spend the ticket
    browser: str = Field(default="", max_length=64)
    expires_at: datetime
    used_at: datetime | None = None


class LoginResult(StrEnum):
    """Outcome of one login attempt (login history)."""

    SUCCESS = "success"
    BAD_PASSWORD = "bad_password"
    BAD_CODE = "bad_code"
    REPLAYED_CODE = "replayed_code"
    LOCKED = "locked"
    RECOVERY_CODE = "recovery_code"
    UNLOCKED = "unlocked"


class LoginEvent(SQLModel, table=True):
    """One login attempt; failures in a window lock the account."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow, index=True)
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)
    result: LoginResult = Field(sa_type=String(20))


class PassportChangeStatus(StrEnum):
    """Where a submitted passport change stands."""

    PENDING = "pending"
    REPLACED = "replaced"  # a newer change was submitted before this one was checked
    APPLIED = "applied"  # verified and copied into the profile


class PassportChange(SQLModel, table=True):
    """New passport data awaiting verification; the user's current passport stays until approved.

    At most one pending change per user (a partial unique index); a newer change replaces it.
    """

    __table_args__ = (
        Index(
            "uq_passportchange_one_pending",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    series: str = Field(max_length=4)
    number: str = Field(max_length=6)
    issued_on: date
    issuer: str = Field(max_length=200)
    division_code: str = Field(max_length=7)
    status: PassportChangeStatus = Field(default=PassportChangeStatus.PENDING, sa_type=String(12))
    created_at: datetime = Field(default_factory=utcnow)


class UserPublic(SQLModel):
    """What the UI may show of the signed-in user: no hashes, secrets or codes."""

    id: int
    full_name: str
    short_name: str
    level: AccountLevel
    roles: list[Role]


__all__ = [
    "AccountLevel",
    "AuthSession",
    "CodePurpose",
    "LoginEvent",
    "LoginResult",
    "LoginTicket",
    "OneTimeCode",
    "PassportChange",
    "PassportChangeStatus",
    "RateSlot",
    "RecoveryCode",
    "Role",
    "Sex",
    "User",
    "UserPublic",
    "UserRole",
]
