"""The profile (/profile): what it shows, and the notification preferences.

The rest of the profile lives beside it: ``contacts`` (changing the phone or e-mail) and
``documents`` (SNILS, INN, OMS policy, address and the passport with its verification). Audit
events name the changed fields, never their values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from gosapp.models.accounts import (
    AccountLevel,
    PassportChange,
    PassportChangeStatus,
    Sex,
    User,
)
from gosapp.models.requests import Request
from gosapp.services.common import validation
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import format_phone, full_name
from gosapp.services.common.errors import Invalid
from gosapp.services.identity.accounts import (
    current_level,
)
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
PREFERENCES = ("notify_email", "notify_sms")


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
        can_verify=open_request is None and verification_target(session, user) is not None,
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


def has_passport(user: User) -> bool:
    """Whether the profile holds a passport (series and number)."""
    return bool(user.passport_series and user.passport_number)


def verification_target(session: Session, user: User) -> PassportChange | User | None:
    """What a verification would confirm: the pending change, else the profile's passport of
    an account not yet confirmed (None: nothing to verify)."""
    change = pending_passport(session=session, user_id=user.id)
    if change is not None:
        return change
    if has_passport(user) and current_level(user) != AccountLevel.CONFIRMED:
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


def audit_fields(session, actor: Actor, action: str, object_type: str, object_id, fields) -> None:
    """Audit a profile change by the names of the changed ``fields``, never their values."""
    record(
        session=session,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details="fields: " + ", ".join(fields),
    )


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
        audit_fields(session, actor, "profile.preferences", "user", user.id, [name])
    session.flush()
    return profile_view(session=session, user=user)
