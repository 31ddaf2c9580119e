"""Account lockout: failed attempts counted in a window, a temporary lock, and lifting it.

Both the login (``signin``) and re-authentication on «Безопасность» (``account_security``)
count wrong passwords here, so a stolen session cannot be used to guess the password. Only the
owner's notification text differs between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.db import serialize
from gosapp.models.accounts import LoginEvent, LoginResult, User, utcnow
from gosapp.services.common.audit import Actor, record
from gosapp.services.notifications.inbox import notify

LOCK_THRESHOLD = 5
LOCK_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
FAILURES = (LoginResult.BAD_PASSWORD, LoginResult.BAD_CODE, LoginResult.REPLAYED_CODE)
_RESETS = (LoginResult.SUCCESS, LoginResult.RECOVERY_CODE, LoginResult.UNLOCKED)
LOCKED_TITLE = "Вход в учётную запись временно заблокирован"


@dataclass(frozen=True)
class LockNotice:
    """What the owner is told when the account locks: the text and where its link leads."""

    body: str
    link: str


AFTER_LOGIN = LockNotice(
    body="Было несколько неудачных попыток входа. Если это были не вы, смените пароль "
    "через восстановление доступа — это сразу снимет блокировку.",
    link=routes.RECOVER,
)
AFTER_REAUTH = LockNotice(
    body="Несколько раз подряд введён неверный пароль. Если это были не вы, смените "
    "пароль через восстановление доступа и завершите чужие сеансы.",
    link=routes.SECURITY,
)


def is_locked(user: User, now: datetime) -> bool:
    """True while a lockout is in force."""
    return user.locked_until is not None and user.locked_until > now


def locked_by_staff(user: User, now: datetime) -> bool:
    """A lock far longer than an automatic one was set by staff: only staff lift it."""
    until = user.locked_until
    return until is not None and until > now and until - now > timedelta(days=1)


def log_attempt(
    session: Session, user: User, result: LoginResult, actor: Actor, now: datetime
) -> None:
    """One row of the user's login history (failures here count towards the lock)."""
    session.add(
        LoginEvent(
            user_id=user.id,
            at=now,
            ip=actor.ip[:64],
            user_agent=actor.user_agent[:300],
            result=result,
        )
    )


def recent_failures(session: Session, user_id: int, now: datetime) -> int:
    """Failed attempts in the lock window since the last success or unlock."""
    since = max(now - LOCK_WINDOW, _last_reset(session, user_id) or now - LOCK_WINDOW)
    return session.exec(
        select(func.count())
        .select_from(LoginEvent)
        .where(
            LoginEvent.user_id == user_id,
            LoginEvent.at > since,
            col(LoginEvent.result).in_([r.value for r in FAILURES]),
        )
    ).one()


def _last_reset(session: Session, user_id: int) -> datetime | None:
    return session.exec(
        select(func.max(LoginEvent.at)).where(
            LoginEvent.user_id == user_id, col(LoginEvent.result).in_([r.value for r in _RESETS])
        )
    ).one()


def lock_if_due(
    session: Session, user: User, actor: Actor, now: datetime, notice: LockNotice
) -> bool:
    """Lock the account once the failures in the window reach the threshold; True if locked.

    ``notice`` is what the owner is told (it says what kind of attempts failed).
    """
    serialize(session, f"lockout:{user.id}")  # two failures at once are counted one by one
    if recent_failures(session, user.id, now) < LOCK_THRESHOLD:
        return False
    lock(session, user, actor, now, notice)
    return True


def lock(session: Session, user: User, actor: Actor, now: datetime, notice: LockNotice) -> None:
    """Lock the account for ``LOCK_DURATION``, audit it and tell the owner with ``notice``."""
    user.locked_until = now + LOCK_DURATION
    session.add(user)
    record(
        session=session,
        actor=actor,
        action="account.locked",
        object_type="user",
        object_id=user.id,
    )
    notify(session=session, user=user, title=LOCKED_TITLE, body=notice.body, link=notice.link)


def unlock(*, session: Session, user: User, actor: Actor, now: datetime | None = None) -> None:
    """Lift a lockout (password recovery or staff); earlier failures stop counting."""
    now = now or utcnow()
    user.locked_until = None
    session.add(user)
    log_attempt(session, user, LoginResult.UNLOCKED, actor, now)
    record(
        session=session,
        actor=actor,
        action="account.unlocked",
        object_type="user",
        object_id=user.id,
    )
