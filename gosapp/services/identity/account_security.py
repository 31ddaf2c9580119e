"""The account's «Безопасность» page and the bell: password change, TOTP re-enrolment, recovery
codes, active sessions, login history and the notification centre.

Every change needs the current password again (re-authentication). Wrong passwords entered here
count towards the login lockout, so a stolen session cannot be used to guess the password.
Functions never commit on success (the caller owns the transaction); a refused password is
committed before raising so that it still counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from gosapp import routes
from gosapp.models.accounts import LoginResult, User, utcnow
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.display import display_time
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.identity import lockout, sessions, signin, totp
from gosapp.services.identity.oidc import consents
from gosapp.services.identity.passwords import check_new_password, hash_password, verify_password
from gosapp.services.notifications import inbox

REENROL_TTL = timedelta(minutes=10)
WRONG_PASSWORD = "Неверный пароль"
WRONG_CURRENT_PASSWORD = "Неверный текущий пароль"
NOTIFICATION_NOT_FOUND = "Уведомление не найдено"
NOTIFICATION_PAGE = 20  # notifications shown at a time («Показать ещё» adds as many)
WRONG_PASSWORD_OR_CODE = "Неверный пароль или код"
TOO_MANY_TRIES = "Слишком много неверных попыток — повторите через 15 минут"
RESULT_LABELS = {
    LoginResult.SUCCESS: "успешный вход",
    LoginResult.BAD_PASSWORD: "неверный пароль",
    LoginResult.BAD_CODE: "неверный код",
    LoginResult.REPLAYED_CODE: "повтор кода",
    LoginResult.LOCKED: "заблокирован",
    LoginResult.RECOVERY_CODE: "вход по резервному коду",
    LoginResult.UNLOCKED: "разблокирован",
}


# --- re-authentication ----------------------------------------------------------------------


def _reauthenticate(
    session: Session, user: User, password: str, field: str, message: str, actor: Actor
) -> None:
    """Check the user's password; a wrong one is logged, counts towards lockout and raises."""
    now = utcnow()
    if lockout.is_locked(user, now):
        raise Invalid(field, TOO_MANY_TRIES)
    if verify_password(password, user.password_hash):
        return
    _count_failure(session, user, LoginResult.BAD_PASSWORD, actor, now)
    raise Invalid(field, message)


def reauthenticate(*, session: Session, user: User, secret: str, field: str, actor: Actor) -> None:
    """The current password, or a 6-digit code from the user's authenticator app (one use per
    time step), before a sensitive change such as a new e-mail or phone.

    A wrong one is logged, counts towards the login lockout (committed) and raises
    ``Invalid(field)``. No password is 6 digits long (``passwords.MIN_LENGTH``), so the shape
    tells which was typed.
    """
    if not totp.looks_like_code(secret) or user.totp_secret_enc is None:
        _reauthenticate(session, user, secret, field, WRONG_PASSWORD_OR_CODE, actor)
        return
    now = utcnow()
    if lockout.is_locked(user, now):
        raise Invalid(field, TOO_MANY_TRIES)
    step = totp.matching_step(totp.decrypt_secret(user.totp_secret_enc), secret, now)
    if step is not None and totp.consume_step(session=session, user_id=user.id, step=step):
        return
    result = LoginResult.BAD_CODE if step is None else LoginResult.REPLAYED_CODE
    _count_failure(session, user, result, actor, now)
    raise Invalid(field, WRONG_PASSWORD_OR_CODE)


def _count_failure(
    session: Session, user: User, result: LoginResult, actor: Actor, now: datetime
) -> None:
    """Log a failed re-authentication (it counts towards lockout) and commit it, so that it
    counts even though the caller's transaction rolls back."""
    lockout.log_attempt(session, user, result, actor, now)
    record(
        session=session,
        actor=actor,
        action="reauth.bad_password" if result == LoginResult.BAD_PASSWORD else "reauth.bad_code",
        object_type="user",
        object_id=user.id,
        outcome="denied",
    )
    session.flush()
    lockout.lock_if_due(session, user, actor, now, lockout.AFTER_REAUTH)
    session.commit()


# --- password -------------------------------------------------------------------------------


def change_password(
    *,
    session: Session,
    user: User,
    current: str,
    new: str,
    confirm: str,
    keep_key: str,
    actor: Actor,
) -> None:
    """Set a new password (the current one is required) and end every other session.

    Raises ``Invalid`` naming the field: ``current_password``, ``password_confirm`` or
    ``password``.
    """
    _reauthenticate(session, user, current, "current_password", WRONG_CURRENT_PASSWORD, actor)
    if new != confirm:
        raise Invalid("password_confirm", "Пароли не совпадают")
    check_new_password(
        new, [user.last_name, user.first_name, user.patronymic, user.email, user.phone]
    )
    if new == current:
        raise Invalid("password", "Новый пароль должен отличаться от текущего")
    user.password_hash = hash_password(new)
    session.add(user)
    ended = sessions.revoke_others(session=session, user_id=user.id, keep_key=keep_key)
    apps = consents.end_tokens(session, user.id)
    record(
        session=session,
        actor=actor,
        action="password.change",
        object_type="user",
        object_id=user.id,
        details=f"other sessions ended: {ended}, application tokens ended: {apps}",
    )
    inbox.notify(
        session=session,
        user=user,
        title="Пароль изменён",
        body="Пароль от учётной записи изменён, остальные сеансы завершены. Если это были "
        "не вы, восстановите доступ и смените пароль.",
        link=routes.SECURITY,
    )


# --- TOTP -----------------------------------------------------------------------------------


def regenerate_recovery_codes(
    *, session: Session, user: User, password: str, actor: Actor
) -> list[str]:
    """A new set of 10 recovery codes (shown once); the old set stops working."""
    _reauthenticate(session, user, password, "password", WRONG_PASSWORD, actor)
    codes = totp.new_recovery_codes(session=session, user_id=user.id)
    record(
        session=session,
        actor=actor,
        action="totp.recovery_codes",
        object_type="user",
        object_id=user.id,
    )
    return codes


def start_reenrolment(*, session: Session, user: User, password: str, actor: Actor) -> str:
    """A new TOTP secret for the authenticator; nothing is stored until the first code checks."""
    _reauthenticate(session, user, password, "password", WRONG_PASSWORD, actor)
    return totp.new_secret()


def enrolment_picture(secret: str, account_name: str) -> dict[str, str]:
    """What the authenticator needs: ``qr`` (inline SVG) and ``key`` (in groups of four)."""
    uri = totp.provisioning_uri(secret, account_name)
    return {"qr": totp.qr_svg(uri), "key": totp.grouped_key(secret)}


def finish_reenrolment(
    *,
    session: Session,
    user: User,
    secret: str,
    code: str,
    actor: Actor,
    started_at: datetime | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Switch to the new secret once its first code checks; returns new recovery codes.

    ``started_at`` (when the password was re-entered) limits the step to 10 minutes.
    """
    now = now or utcnow()
    if not secret or (started_at is not None and now - started_at > REENROL_TTL):
        raise Invalid("code", "Время истекло — начните замену заново")
    step = totp.matching_step(secret, code, now)
    if step is None:
        raise Invalid("code", "Код не подошёл — проверьте время на телефоне и введите новый")
    user.totp_secret_enc = totp.encrypt_secret(secret)
    user.totp_enabled_at = now
    user.totp_last_step = step
    session.add(user)
    codes = totp.new_recovery_codes(session=session, user_id=user.id)
    record(
        session=session, actor=actor, action="totp.reenrol", object_type="user", object_id=user.id
    )
    inbox.notify(
        session=session,
        user=user,
        title="Приложение-аутентификатор изменено",
        body="Коды для входа теперь выдаёт новое приложение, резервные коды заменены. Если это "
        "были не вы, восстановите доступ и смените пароль.",
        link=routes.SECURITY,
    )
    return codes


# --- sessions and history -------------------------------------------------------------------


def security_overview(*, session: Session, user: User, current_key: str) -> dict:
    """What «Безопасность» shows: ``sessions``, ``history`` and ``recovery_codes_left``.

    Only the user's own rows; dates as ``ДД.ММ.ГГГГ ЧЧ:ММ`` (portal time zone), results in
    Russian; a session is known to the page only by its public handle.
    """
    live = sessions.list_active(session=session, user_id=user.id, current_key=current_key)
    history = signin.login_history(session=session, user_id=user.id)
    return {
        "sessions": [
            {
                "handle": s["handle"],
                "device": s["device"],
                "ip": s["ip"] or "—",
                "last_seen": display_time(s["last_seen_at"]),
                "started": display_time(s["created_at"]),
                "current": bool(s["current"]),
            }
            for s in live
        ],
        "history": [
            {
                "at": display_time(h["at"]),
                "ip": h["ip"] or "—",
                "device": h["device"],
                "result": RESULT_LABELS.get(h["result"], str(h["result"])),
                "ok": h["result"] in (LoginResult.SUCCESS, LoginResult.RECOVERY_CODE),
            }
            for h in history
        ],
        "recovery_codes_left": totp.remaining_recovery_codes(session=session, user_id=user.id),
    }


def end_session(*, session: Session, user: User, handle: str, actor: Actor) -> None:
    """End one of the user's own sessions by its public handle; another's is NotFound."""
    if not isinstance(handle, str):
        raise NotFound("Сеанс не найден")
    sessions.end_session(session=session, user_id=user.id, handle=handle[:64], actor=actor)


# --- notifications --------------------------------------------------------------------------


def notification_centre(
    *, session: Session, user: User, unread_only: bool = False, after: object = None
) -> dict:
    """One page of the bell's list: ``items`` (newest first, display-ready; only unread ones
    with ``unread_only``), whether there are ``more`` after them, and the ``unread`` count.
    ``after`` is the id of the last item already shown (anything else starts afresh)."""
    before = after if isinstance(after, int) and not isinstance(after, bool) else None
    rows = inbox.list_notifications(
        session=session,
        user_id=user.id,
        limit=NOTIFICATION_PAGE + 1,
        unread_only=unread_only,
        before_id=before,
    )
    return {
        "more": len(rows) > NOTIFICATION_PAGE,
        "items": [
            {
                "id": n.id,
                "title": n.title,
                "body": n.body,
                "link": n.link if n.link.startswith("/") and not n.link.startswith("//") else "",
                "date": display_time(n.created_at),
                "read": n.is_read,
            }
            for n in rows[:NOTIFICATION_PAGE]
        ],
        "unread": inbox.unread_count(session=session, user_id=user.id),
    }


def read_notification(*, session: Session, user: User, notification_id: object) -> int:
    """Mark one of the user's own notifications read and return how many stay unread;
    anything else is NotFound (someone else's, or a missing one, is audited as
    ``access.denied``)."""
    number = parse_id(notification_id, NOTIFICATION_NOT_FOUND)
    try:
        inbox.mark_read(session=session, user_id=user.id, notification_id=number)
    except NotFound:
        access_denied(
            session=session, actor=Actor(user.id), object_type="notification", object_id=number
        )
        raise
    return inbox.unread_count(session=session, user_id=user.id)


def read_all_notifications(*, session: Session, user: User) -> int:
    """Mark all the user's notifications read; returns how many changed."""
    return inbox.mark_all_read(session=session, user_id=user.id)
