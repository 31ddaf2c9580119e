"""Password recovery (/recover): a one-time code to a confirmed contact, then a new password.

The answer is the same whether or not the account exists. A reset unlocks a locked account,
ends every session, and leaves TOTP in place: the next login still needs the code (or a
recovery code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from gosapp.models.accounts import CodePurpose, User, utcnow
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid
from gosapp.services.identity import accounts, sessions, signin
from gosapp.services.identity.passwords import check_new_password, hash_password
from gosapp.services.notifications.inbox import notify

RECOVERY_TTL = timedelta(minutes=15)
SENT_MESSAGE = (
    "Если учётная запись с такими данными существует, мы отправили на подтверждённый "
    "телефон или e-mail код восстановления. Он действует 15 минут."
)
WRONG_CODE = "Неверный или устаревший код"


@dataclass(frozen=True)
class PendingRecovery:
    """A recovery in progress; ``user_id`` is None for an unknown login (kept server-side)."""

    user_id: int | None
    started_at: datetime


def request_code(
    *, session: Session, login: str, actor: Actor, now: datetime | None = None
) -> PendingRecovery:
    """Send a recovery code when the login belongs to an account; answer alike either way."""
    now = now or utcnow()
    user = signin.find_user(session, login.strip())
    if user is None:
        return PendingRecovery(user_id=None, started_at=now)
    target = _confirmed_contact(user, prefer_email="@" in login)
    if target:
        accounts.send_contact_code(
            session=session, user=user, purpose=CodePurpose.RECOVER, target=target, now=now
        )
        record(
            session=session,
            actor=actor,
            action="recovery.request",
            object_type="user",
            object_id=user.id,
        )
    return PendingRecovery(user_id=user.id, started_at=now)


def _confirmed_contact(user: User, prefer_email: bool) -> str:
    email = user.email if user.email_confirmed_at else ""
    phone = user.phone if user.phone_confirmed_at else ""
    return (email or phone) if prefer_email else (phone or email)


def reset_password(
    *,
    session: Session,
    pending: PendingRecovery,
    code: str,
    password: str,
    confirm: str,
    actor: Actor,
    now: datetime | None = None,
) -> None:
    """Check the code and set the new password; unlock the account and end all sessions."""
    now = now or utcnow()
    if pending.user_id is None or now - pending.started_at > RECOVERY_TTL:
        raise Invalid("code", WRONG_CODE)
    user = session.get(User, pending.user_id)
    _check_new_password(user, password, confirm)
    try:
        accounts.check_code(
            session=session, user_id=user.id, purpose=CodePurpose.RECOVER, code=code, now=now
        )
    except Invalid as exc:
        session.commit()  # a wrong attempt must count
        raise Invalid("code", exc.message) from None
    user.password_hash = hash_password(password)
    session.add(user)
    if not signin.locked_by_staff(user, now):  # a staff lock is not lifted by the user
        signin.unlock(session=session, user=user, actor=actor, now=now)
    sessions.revoke_others(session=session, user_id=user.id, now=now)
    record(
        session=session,
        actor=Actor(user.id, "", actor.ip, actor.user_agent),
        action="recovery.reset",
        object_type="user",
        object_id=user.id,
    )
    notify(
        session=session,
        user=user,
        title="Пароль восстановлен",
        body="Пароль изменён через восстановление доступа, все сеансы завершены. "
        "Если это были не вы, срочно обратитесь в поддержку.",
        link="/security",
    )


def _check_new_password(user: User, password: str, confirm: str) -> None:
    check_new_password(password, [user.last_name, user.first_name, user.email, user.phone])
    if password != confirm:
        raise Invalid("password_confirm", "Пароли не совпадают")
