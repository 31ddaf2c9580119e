"""Password recovery (/recover): a one-time code to a confirmed contact, then a new password.

The answer is the same whether or not the account exists, in what it says, in the order of the
checks (the code first, then the new password) and in the work done: sends and guesses are
limited by the login as typed and by the client address, alike for unknown logins; a known
account's own limits (per account, per destination) silently stop the send instead of
answering differently; an unknown login's code is compared against a dummy hash. No count of
remaining tries is shown. A reset unlocks a locked account, ends every session, and leaves
TOTP in place: the next login still needs the code (or a recovery code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from gosapp import routes
from gosapp.models.accounts import CodePurpose, OneTimeCode, User, utcnow
from gosapp.services.common import validation
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid, Throttled
from gosapp.services.identity import accounts, sessions, signin, throttle
from gosapp.services.identity.oidc import consents
from gosapp.services.identity.passwords import check_new_password, hash_password
from gosapp.services.identity.tokens import matches
from gosapp.services.notifications.inbox import notify

RECOVERY_TTL = timedelta(minutes=15)
SENT_MESSAGE = (
    "Если учётная запись с такими данными существует, мы отправили на подтверждённый "
    "телефон или e-mail код восстановления. Он действует 15 минут."
)
WRONG_CODE = "Неверный или устаревший код"
DUMMY_HASH = "0" * 64  # as long as a real code hash: an unknown login costs the same compare


@dataclass(frozen=True)
class PendingRecovery:
    """A recovery in progress; ``user_id`` is None for an unknown login (kept server-side)."""

    user_id: int | None
    started_at: datetime
    login_key: str = ""


def request_code(
    *, session: Session, login: str, actor: Actor, now: datetime | None = None
) -> PendingRecovery:
    """Send a recovery code when the login belongs to an account; answer alike either way.

    Raises Throttled("login") when this login or this client address asked too often.
    """
    now = now or utcnow()
    key = login_key(login)
    throttle.before_send(
        session=session, account=f"recover-login:{key}", ip=actor.ip, now=now, field="login"
    )
    user = signin.find_user(session, login.strip())
    if user is None:
        return PendingRecovery(user_id=None, started_at=now, login_key=key)
    target = _confirmed_contact(user, prefer_email="@" in login)
    if target and _sent(session, user, target, now):
        record(
            session=session,
            actor=actor,
            action="recovery.request",
            object_type="user",
            object_id=user.id,
        )
    return PendingRecovery(user_id=user.id, started_at=now, login_key=key)


def login_key(login: str) -> str:
    """The login as the account would be looked up (so «8 916…» and «+7916…» are one key),
    computed without asking whether such an account exists."""
    for normalise in (
        validation.normalize_email,
        validation.normalize_phone,
        validation.normalize_snils,
    ):
        try:
            return normalise(login)
        except Invalid:
            continue
    return "".join(login.split()).lower()[:254]


def _sent(session, user: User, target: str, now: datetime) -> bool:
    """Send the code unless the account or destination has had too many (then say nothing)."""
    try:
        accounts.send_contact_code(
            session=session, user=user, purpose=CodePurpose.RECOVER, target=target, now=now
        )
    except Throttled:
        return False
    return True


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
    """Check the code, then the new password; set it, unlock the account, end all sessions.

    A code refused raises Invalid("code", WRONG_CODE) for known and unknown logins alike (or
    Throttled("code") once the login is out of guesses); the guess is committed first.
    """
    now = now or utcnow()
    row = _checked_code(session, pending, code, now)
    user = session.get_one(User, pending.user_id)
    _check_new_password(user, password, confirm)
    row.used_at = now
    session.add(row)
    user.password_hash = hash_password(password)
    session.add(user)
    if not signin.locked_by_staff(user, now):  # a staff lock is not lifted by the user
        signin.unlock(session=session, user=user, actor=actor, now=now)
    sessions.revoke_others(session=session, user_id=user.id, now=now)
    consents.end_tokens(session, user.id, now)
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
        link=routes.SECURITY,
    )


def _checked_code(session, pending: PendingRecovery, code: str, now: datetime) -> OneTimeCode:
    """The matching open code, after the same statements and compare whether or not the
    account exists. Guesses are counted per login typed (``throttle``), not on the code row,
    whose update only a known account would cost."""
    throttle.before_guess(session=session, key=f"recover-login:{pending.login_key}", now=now)
    rows = accounts.open_codes(session, pending.user_id or 0, CodePurpose.RECOVER, now)
    row = rows[-1] if rows else None
    good = matches(code.strip()[:20], row.code_hash if row else DUMMY_HASH)
    if row is None or not good or now - pending.started_at > RECOVERY_TTL:
        session.commit()  # the guess must count
        raise Invalid("code", WRONG_CODE)
    return row


def _check_new_password(user: User, password: str, confirm: str) -> None:
    check_new_password(password, [user.last_name, user.first_name, user.email, user.phone])
    if password != confirm:
        raise Invalid("password_confirm", "Пароли не совпадают")
