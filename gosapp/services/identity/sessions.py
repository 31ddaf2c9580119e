"""Server-side login sessions behind an opaque HttpOnly cookie.

The browser holds a random 256-bit id; the database keeps only its keyed hash. Idle (30 min)
and absolute (12 h) timeouts are checked on every resolve, i.e. at every event.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie

from sqlalchemy import true, update
from sqlmodel import Session, col, select

from gosapp.models.accounts import AuthSession, LoginTicket, User, utcnow
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.signin import describe_device
from gosapp.services.identity.tokens import new_token, token_hash

COOKIE_NAME = "gosapp_session"
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=30)  # fewer writes: last_seen moves at most this often


def token_from_cookie_header(header: str) -> str:
    """The session token in a Cookie header, or "" when absent or malformed."""
    try:
        cookie = SimpleCookie(header or "")
    except CookieError:
        return ""
    morsel = cookie.get(COOKIE_NAME)
    return morsel.value if morsel else ""


def exchange_ticket(
    *, session: Session, ticket: str, actor: Actor, browser: str = "", now: datetime | None = None
) -> str | None:
    """Spend a login ticket once, in the browser it was issued to; the raw cookie or None."""
    now = now or utcnow()
    spent = session.exec(
        update(LoginTicket)
        .where(
            col(LoginTicket.id) == token_hash(ticket),
            col(LoginTicket.used_at).is_(None),
            col(LoginTicket.browser) == browser,
            col(LoginTicket.expires_at) > now,
        )
        .values(used_at=now)
    )
    if spent.rowcount != 1:
        return None
    user_id = session.get_one(LoginTicket, token_hash(ticket)).user_id
    raw = new_token()
    session.add(
        AuthSession(
            id=token_hash(raw),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
            ip=actor.ip[:64],
            user_agent=actor.user_agent[:300],
        )
    )
    return raw


def key_of(token: str) -> str:
    """The database key of a raw session cookie (its keyed hash); "" for no cookie."""
    return token_hash(token) if token else ""


def signed_in_user(*, session: Session, key: str, now: datetime | None = None) -> User | None:
    """The one definition of "signed in": a live session whose user has enrolled TOTP.

    ``key`` is the session's database key (``key_of(cookie)``). Reads only: the idle clock is
    moved by ``touch``, in a transaction the caller chooses.
    """
    return signed_in(session=session, key=key, now=now)[0]


def signed_in(
    *, session: Session, key: str, now: datetime | None = None
) -> tuple[User | None, bool]:
    """``signed_in_user``, and whether the session's idle clock is due to move (at most every
    ``TOUCH_EVERY``): one read of the session row for both, as every guarded event needs."""
    now = now or utcnow()
    row = _live_row(session, key, now)
    user = session.get(User, row.user_id) if row else None
    if row is None or user is None or user.totp_enabled_at is None:
        return None, False
    return user, now - row.last_seen_at >= TOUCH_EVERY


def touch(*, session: Session, key: str, now: datetime | None = None) -> None:
    """Move the idle clock in the caller's transaction; never commits (the caller owns it)."""
    now = now or utcnow()
    session.exec(
        update(AuthSession)
        .where(col(AuthSession.id) == key, col(AuthSession.last_seen_at) <= now - TOUCH_EVERY)
        .values(last_seen_at=now)
    )


def resolve(*, session: Session, token: str, now: datetime | None = None) -> User | None:
    """The user of a live session, idle clock moved in the caller's transaction (no commit)."""
    now = now or utcnow()
    row = _live_row(session, key_of(token), now)
    if row is None:
        return None
    touch(session=session, key=row.id, now=now)
    return session.get(User, row.user_id)


def _live_row(session: Session, key: str, now: datetime) -> AuthSession | None:
    # populate_existing: ``touch`` updates the row behind the identity map's back
    row = session.get(AuthSession, key, populate_existing=True) if key else None
    return row if row is not None and _alive(row, now) else None


def _alive(row: AuthSession, now: datetime) -> bool:
    return row.revoked_at is None and now < row.expires_at and now - row.last_seen_at < IDLE_TIMEOUT


def revoke(*, session: Session, token: str, now: datetime | None = None) -> None:
    """End the session behind ``token`` (logout)."""
    session.exec(
        update(AuthSession)
        .where(col(AuthSession.id) == token_hash(token), col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=now or utcnow())
    )


def revoke_others(
    *, session: Session, user_id: int, keep_key: str = "", now: datetime | None = None
) -> int:
    """End every session of the user except the current one; returns how many ended."""
    result = session.exec(
        update(AuthSession)
        .where(
            col(AuthSession.user_id) == user_id,
            col(AuthSession.id) != keep_key if keep_key else true(),
            col(AuthSession.revoked_at).is_(None),
        )
        .values(revoked_at=now or utcnow())
    )
    return result.rowcount


def handle_of(session_id: str) -> str:
    """A short public handle of a session row (a prefix of its hash, never the cookie)."""
    return session_id[:16]


def list_active(
    *, session: Session, user_id: int, current_key: str, now: datetime | None = None
) -> list[dict]:
    """The user's live sessions for «Активные сеансы», newest activity first."""
    now = now or utcnow()
    current = current_key
    rows = session.exec(
        select(AuthSession)
        .where(AuthSession.user_id == user_id)
        .order_by(col(AuthSession.last_seen_at).desc())
    )
    return [
        {
            "handle": handle_of(r.id),
            "device": describe_device(r.user_agent),
            "ip": r.ip,
            "last_seen_at": r.last_seen_at,
            "created_at": r.created_at,
            "current": r.id == current,
        }
        for r in rows
        if _alive(r, now)
    ]


def end_session(
    *, session: Session, user_id: int, handle: str, actor: Actor, now: datetime | None = None
) -> None:
    """End one of the user's own sessions by its handle; other users' are NotFound."""
    if len(handle) != 16:
        raise NotFound("Сеанс не найден")
    rows = session.exec(
        select(AuthSession).where(
            AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None)
        )
    )
    row = next((r for r in rows if handle_of(r.id) == handle), None)
    if row is None:
        raise NotFound("Сеанс не найден")
    row.revoked_at = now or utcnow()
    session.add(row)
    record(
        session=session, actor=actor, action="session.end", object_type="session", object_id=handle
    )
