"""Login: password step, second step (TOTP or recovery code), login history.

Counting failures and locking the account live in ``lockout``.

Every failure answers with the same message so that nobody learns whether an account exists,
whether it is locked, or which factor was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.db import begin_write
from gosapp.models.accounts import LoginEvent, LoginResult, LoginTicket, User, utcnow
from gosapp.models.audit import AuditEvent
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.validation import normalize_email, normalize_phone, normalize_snils
from gosapp.services.identity import lockout, totp

# Re-exported until recovery.py and backoffice/users.py import them from ``lockout``.
from gosapp.services.identity.lockout import is_locked, locked_by_staff, unlock  # noqa: F401
from gosapp.services.identity.passwords import verify_against_dummy, verify_password
from gosapp.services.identity.tokens import new_token, token_hash
from gosapp.services.notifications.inbox import notify

GENERIC_FAILURE = "Неверный логин, пароль или код"
PASSWORD_STEP_TTL = timedelta(minutes=5)
TICKET_TTL = timedelta(seconds=60)
REPLAY_NOTICE = "totp.replay_noticed"


class LoginFailed(DomainError):
    """Any failed login step; the message never says why."""

    def __init__(self, message: str = GENERIC_FAILURE):
        super().__init__(message)


@dataclass(frozen=True)
class PendingLogin:
    """The password step passed; the second factor is still due (kept server-side only)."""

    user_id: int
    started_at: datetime


def find_user(session: Session, login: str) -> User | None:
    """The user whose phone, e-mail or SNILS is ``login``."""
    for normalise, column in (
        (normalize_email, User.email),
        (normalize_phone, User.phone),
        (normalize_snils, User.snils),
    ):
        try:
            value = normalise(login)
        except Invalid:
            continue
        user = session.exec(select(User).where(column == value)).first()
        if user is not None:
            return user
    return None


def password_step(
    *, session: Session, login: str, password: str, actor: Actor, now: datetime | None = None
) -> PendingLogin:
    """Check login and password; the caller keeps the returned PendingLogin server-side.

    Pass a plain (read) session, not a write transaction: the argon2 check runs without the
    database write lock, and only a failure is written afterwards in a transaction of its own.
    Unknown logins cost the same hash check and the same kind of write (an audit event), so
    neither the answer nor its timing tells whether an account exists.
    """
    now = now or utcnow()
    user = find_user(session, login.strip())
    if user is None or is_locked(user, now):
        verify_against_dummy(password)
        begin_write(session)
        if user is None:
            _record_unknown(session, actor)
        else:
            lockout.log_attempt(session, user, LoginResult.LOCKED, actor, now)
        session.commit()  # keep the attempt even though we raise
        raise LoginFailed()
    if not verify_password(password, user.password_hash):
        begin_write(session)
        _fail(session, user, LoginResult.BAD_PASSWORD, actor, now)
    return PendingLogin(user_id=user.id, started_at=now)


def _record_unknown(session: Session, actor: Actor) -> None:
    # The typed login is not stored: it may be someone's mistyped password or personal data.
    record(session=session, actor=actor, action="login.unknown_account", outcome="denied")


def has_second_factor(session: Session, pending: PendingLogin) -> bool:
    """Whether the user behind a passed password step has TOTP enrolled."""
    user = session.get(User, pending.user_id)
    return user is not None and user.totp_enabled_at is not None


def second_step(
    *,
    session: Session,
    pending: PendingLogin,
    code: str,
    actor: Actor,
    now: datetime | None = None,
) -> User:
    """Check the TOTP or recovery code; on success log it and return the user."""
    now = now or utcnow()
    if now - pending.started_at > PASSWORD_STEP_TTL:
        raise LoginFailed("Время ввода кода истекло — войдите заново")
    user = session.get(User, pending.user_id)
    if user is None or user.totp_enabled_at is None or is_locked(user, now):
        raise LoginFailed()
    result = _check_second_factor(session, user, code, now)
    if result in lockout.FAILURES:
        _fail(session, user, result, actor, now)
    _succeed(session, user, result, actor, now)
    return user


def _check_second_factor(session: Session, user: User, code: str, now: datetime) -> LoginResult:
    if totp.looks_like_recovery_code(code):
        used = totp.use_recovery_code(session=session, user_id=user.id, code=code)
        return LoginResult.RECOVERY_CODE if used else LoginResult.BAD_CODE
    if user.totp_secret_enc is None:  # the callers let only enrolled users get here
        return LoginResult.BAD_CODE
    step = totp.matching_step(totp.decrypt_secret(user.totp_secret_enc), code, now)
    if step is None:
        return LoginResult.BAD_CODE
    if not totp.consume_step(session=session, user_id=user.id, step=step):
        _notice_replay(session, user, step)
        return LoginResult.REPLAYED_CODE
    return LoginResult.SUCCESS


def _notice_replay(session: Session, user: User, step: int) -> None:
    """Tell the owner that an already used code was entered: once per time step.

    Whoever entered it passed the password step, so the password (and a code shown on the
    owner's screen) may have been seen. The audit row of the notice makes it once per step.
    """
    if _replay_noticed(session, user.id, step):
        return
    record(
        session=session,
        actor=Actor(user.id),
        action=REPLAY_NOTICE,
        object_type="totp_step",
        object_id=step,
    )
    notify(
        session=session,
        user=user,
        title="Введён уже использованный код",
        body="При входе в вашу учётную запись введён верный пароль и код из приложения, "
        "которым уже входили. Если это были вы (например, нажали «Войти» дважды), ничего "
        "делать не нужно. Если нет — смените пароль и завершите чужие сеансы в разделе "
        "«Безопасность».",
        link=routes.SECURITY,
    )


def _replay_noticed(session: Session, user_id: int, step: int) -> bool:
    return (
        session.exec(
            select(AuditEvent.id).where(
                AuditEvent.user_id == user_id,
                AuditEvent.action == REPLAY_NOTICE,
                AuditEvent.object_id == str(step),
            )
        ).first()
        is not None
    )


def _fail(session: Session, user: User, result: LoginResult, actor: Actor, now: datetime):
    """Log a failure, lock the account at the threshold, and raise the generic error."""
    lockout.log_attempt(session, user, result, actor, now)
    record(
        session=session,
        actor=Actor(user.id, "", actor.ip, actor.user_agent),
        action=f"login.{result.value}",
        object_type="user",
        object_id=user.id,
        outcome="denied",
    )
    lockout.lock_if_due(
        session, user, Actor(user.id, "", actor.ip, actor.user_agent), now, lockout.AFTER_LOGIN
    )
    session.commit()  # the failure must count even though we raise
    raise LoginFailed()


def _succeed(session: Session, user: User, result: LoginResult, actor: Actor, now: datetime):
    new_device = not _seen_device(session, user.id, actor.user_agent)
    lockout.log_attempt(session, user, result, actor, now)
    record(
        session=session,
        actor=Actor(user.id, "", actor.ip, actor.user_agent),
        action="login.success",
        object_type="user",
        object_id=user.id,
        details="recovery code used" if result == LoginResult.RECOVERY_CODE else "",
    )
    if new_device:
        notify(
            session=session,
            user=user,
            title="Вход с нового устройства",
            body=f"Выполнен вход: {describe_device(actor.user_agent)}, IP {actor.ip}. "
            "Если это были не вы, завершите сеанс в разделе «Безопасность» "
            "и смените пароль.",
            link=routes.SECURITY,
        )


def _seen_device(session: Session, user_id: int, user_agent: str) -> bool:
    ok = [LoginResult.SUCCESS.value, LoginResult.RECOVERY_CODE.value]
    return (
        session.exec(
            select(LoginEvent.id).where(
                LoginEvent.user_id == user_id,
                LoginEvent.user_agent == user_agent[:300],
                col(LoginEvent.result).in_(ok),
            )
        ).first()
        is not None
    )


def describe_device(user_agent: str) -> str:
    """A short human name of the browser and system from a User-Agent string."""
    ua = user_agent or ""
    browser = next(
        (
            name
            for key, name in (
                ("Edg/", "Edge"),
                ("YaBrowser", "Яндекс Браузер"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            )
            if key in ua
        ),
        "браузер",
    )
    system = next(
        (
            name
            for key, name in (
                ("Android", "Android"),
                ("iPhone", "iOS"),
                ("iPad", "iPadOS"),
                ("Windows", "Windows"),
                ("Mac OS", "macOS"),
                ("Linux", "Linux"),
            )
            if key in ua
        ),
        "неизвестная система",
    )
    return f"{browser}, {system}"


def issue_ticket(
    *, session: Session, user_id: int, browser: str = "", now: datetime | None = None
) -> str:
    """A one-time ticket that browser (its cookie's key) exchanges for the session cookie."""
    now = now or utcnow()
    raw = new_token()
    ticket = LoginTicket(
        id=token_hash(raw), user_id=user_id, browser=browser, expires_at=now + TICKET_TTL
    )
    session.add(ticket)
    return raw


def login_history(*, session: Session, user_id: int, limit: int = 20) -> list[dict]:
    """The user's latest login attempts: time, IP, device, result."""
    rows = session.exec(
        select(LoginEvent)
        .where(LoginEvent.user_id == user_id, LoginEvent.result != LoginResult.UNLOCKED.value)
        .order_by(col(LoginEvent.at).desc())
        .limit(limit)
    )
    return [
        {
            "at": r.at,
            "ip": r.ip,
            "device": describe_device(r.user_agent),
            "result": LoginResult(r.result),
        }
        for r in rows
    ]
