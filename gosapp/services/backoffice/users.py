"""User lookup and account actions for staff (SPEC §5): lock, unlock, reset TOTP, and the
one-time account-confirmation code of the «МФЦ» path (SPEC §1), with the citizen's side of it.

Staff never act on their own account, and only an administrator acts on an administrator.
Every action is audited as ``staff.user.*``; the confirmation code itself is never stored in the
clear, logged or sent anywhere: it is returned once, for the staff member to hand over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import (
    AccountLevel,
    CodePurpose,
    LoginTicket,
    OneTimeCode,
    RecoveryCode,
    Role,
    User,
    utcnow,
)
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import display_time, format_phone, full_name
from gosapp.services.common.errors import DomainError, Invalid, NotAllowed, NotFound
from gosapp.services.common.validation import format_snils, parse_id
from gosapp.services.identity import sessions, signin
from gosapp.services.identity.accounts import check_code, current_level
from gosapp.services.identity.roles import ROLE_LABELS, acting_role, require_staff, roles_of
from gosapp.services.identity.tokens import new_numeric_code, token_hash
from gosapp.services.notifications.inbox import notify
from gosapp.services.profile.personal_data import LEVELS

MIN_QUERY = 3
MAX_RESULTS = 20
STAFF_LOCK = timedelta(days=365 * 100)  # "until unlocked by staff"
CONFIRM_CODE_TTL = timedelta(hours=72)
CONFIRM_CODE_DIGITS = 8
USER_NOT_FOUND = "Пользователь не найден"
NO_TOTP_REFUSAL = (
    "Код подтверждения выдаётся только учётной записи с подключённым вторым фактором (кодом из "
    "приложения): пусть владелец сначала подключит его при входе"
)
QUERY_HINT = "Введите не меньше 3 символов: телефон, e-mail, СНИЛС или фамилию"
_PHONE_LIKE = re.compile(r"\+?[0-9()\s\-.]+")
_EMAIL_LIKE = re.compile(r"[A-Za-z0-9._%+\-@]+")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


# --- lookup --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSearch:
    """Up to MAX_RESULTS matches as display dicts; ``more`` when the query should be narrower."""

    rows: list[dict]
    more: bool


def search_users(
    *, session: Session, staff: User, query: str, actor: Actor, now: datetime | None = None
) -> UserSearch:
    """Users whose phone, e-mail or SNILS contains ``query``, or whose last name starts with it.

    The search is audited (without the query: it is someone's personal data).
    """
    held = require_staff(session, staff)
    now = now or utcnow()
    conditions = _conditions(str(query or "").strip()[:100])
    found = list(
        session.exec(
            select(User)
            .where(or_(*conditions))
            .order_by(User.last_name, User.first_name, col(User.id))
            .limit(MAX_RESULTS + 1)
        )
    )
    record(
        session=session,
        actor=_as_staff(staff, held, actor),
        action="staff.user.search",
        object_type="user",
        details=f"results={min(len(found), MAX_RESULTS)}",
    )
    rows = [_row(session, u, staff, held, now) for u in found[:MAX_RESULTS]]
    return UserSearch(rows, len(found) > MAX_RESULTS)


def _conditions(query: str) -> list:
    if len(query) < MIN_QUERY:
        raise Invalid("query", QUERY_HINT)
    conditions = []
    digits = re.sub(r"\D", "", query)
    if _PHONE_LIKE.fullmatch(query) and len(digits) >= MIN_QUERY:
        phone = "7" + digits[1:] if len(digits) == 11 and digits[0] == "8" else digits
        conditions += [
            col(User.phone).contains(phone, autoescape=True),
            col(User.snils).contains(digits, autoescape=True),
        ]
    if _EMAIL_LIKE.fullmatch(query) and not query.isdigit():
        conditions.append(col(User.email).contains(query.lower(), autoescape=True))
    if _CYRILLIC.search(query):
        # Names are stored capitalised; SQLite's LIKE folds ASCII case only.
        for variant in {query, query.capitalize(), query.title()}:
            conditions.append(col(User.last_name).startswith(variant, autoescape=True))
    if not conditions:
        raise Invalid("query", QUERY_HINT)
    return conditions


def _row(session: Session, user: User, staff: User, held: set[Role], now: datetime) -> dict:
    roles = roles_of(session, user.id)
    refusal = _refusal(user, roles, staff, held)
    return {
        "id": user.id,
        "name": full_name(user),
        "birth_date": f"{user.birth_date:%d.%m.%Y}",
        "phone": format_phone(user.phone),
        "email": user.email,
        "snils": format_snils(user.snils) if user.snils else "—",
        "level": LEVELS[current_level(user)][0],
        "confirmed": current_level(user) == AccountLevel.CONFIRMED,
        "roles": ", ".join(ROLE_LABELS[r].lower() for r in sorted(roles)),
        "locked": signin.is_locked(user, now),
        "lock_label": _lock_label(user, now),
        "totp": user.totp_enabled_at is not None,
        "can_act": refusal == "",
        "refusal": refusal,
    }


def user_row(
    *, session: Session, staff: User, user_id: object, now: datetime | None = None
) -> dict:
    """One account's row again after an action on it (the lookup was audited already)."""
    held = require_staff(session, staff)
    target = _get_user(session, user_id)
    return _row(session, target, staff, held, now or utcnow())


def _lock_label(user: User, now: datetime) -> str:
    if user.locked_until is None or not signin.is_locked(user, now):
        return ""
    if user.locked_until - now > timedelta(days=365):
        return "заблокирована сотрудником"
    return f"заблокирована до {display_time(user.locked_until)} (неудачные попытки входа)"


# --- actions -------------------------------------------------------------------------------------


def _refusal(target: User, target_roles: set[Role], staff: User, held: set[Role]) -> str:
    """Why ``staff`` may not act on ``target`` ("" when they may)."""
    if target.id == staff.id:
        return "Действия со своей учётной записью недоступны — обратитесь к другому сотруднику"
    if Role.ADMIN in target_roles and Role.ADMIN not in held:
        return "Учётной записью администратора управляет только администратор"
    return ""


def _target(session: Session, staff: User, user_id: object) -> tuple[User, set[Role]]:
    """The user to act on and the staff member's roles; refusals raise."""
    held = require_staff(session, staff)
    target = _get_user(session, user_id)
    refusal = _refusal(target, roles_of(session, target.id), staff, held)
    if refusal:
        raise NotAllowed(refusal)
    return target, held


def _get_user(session: Session, user_id: object) -> User:
    target = session.get(User, parse_id(user_id, USER_NOT_FOUND))
    if target is None:
        raise NotFound(USER_NOT_FOUND)
    return target


def _as_staff(staff: User, held: set[Role], actor: Actor) -> Actor:
    return Actor(staff.id, acting_role(held).value, actor.ip, actor.user_agent)


def _audit(session, staff, held, actor, action: str, target: User, details: str = "") -> None:
    record(
        session=session,
        actor=_as_staff(staff, held, actor),
        action=action,
        object_type="user",
        object_id=target.id,
        details=details,
    )


def _end_all_sessions(session: Session, user: User, now: datetime) -> int:
    """End every session and spend every pending login ticket of ``user``."""
    session.exec(
        update(LoginTicket)
        .where(col(LoginTicket.user_id) == user.id, col(LoginTicket.used_at).is_(None))
        .values(used_at=now)
    )
    return sessions.revoke_others(session=session, user_id=user.id, now=now)


def lock(
    *, session: Session, staff: User, user_id: object, actor: Actor, now: datetime | None = None
) -> None:
    """Block sign-in until staff unlock the account, and end all of its sessions."""
    target, held = _target(session, staff, user_id)
    now = now or utcnow()
    target.locked_until = now + STAFF_LOCK
    session.add(target)
    ended = _end_all_sessions(session, target, now)
    _audit(session, staff, held, actor, "staff.user.lock", target, f"sessions ended: {ended}")
    notify(
        session=session,
        user=target,
        title="Учётная запись заблокирована сотрудником",
        body="Вход в учётную запись закрыт. Чтобы восстановить доступ, обратитесь в поддержку "
        "или в МФЦ с паспортом.",
    )


def unlock(
    *, session: Session, staff: User, user_id: object, actor: Actor, now: datetime | None = None
) -> None:
    """Lift a lockout (by staff or after failed logins); earlier failures stop counting."""
    target, held = _target(session, staff, user_id)
    now = now or utcnow()
    if not signin.is_locked(target, now):
        raise DomainError("Учётная запись не заблокирована")
    signin.unlock(session=session, user=target, actor=_as_staff(staff, held, actor), now=now)
    _audit(session, staff, held, actor, "staff.user.unlock", target)
    notify(
        session=session,
        user=target,
        title="Учётная запись разблокирована",
        body="Сотрудник снял блокировку: вы снова можете войти.",
        link=routes.LOGIN,
    )


def reset_totp(
    *, session: Session, staff: User, user_id: object, actor: Actor, now: datetime | None = None
) -> None:
    """Switch the user's authenticator off (lost phone): recovery codes die, sessions end, and
    the next login continues to a new TOTP enrolment after the password."""
    target, held = _target(session, staff, user_id)
    now = now or utcnow()
    if target.totp_enabled_at is None and target.totp_secret_enc is None:
        raise DomainError("Приложение-аутентификатор у пользователя не подключено")
    target.totp_secret_enc, target.totp_enabled_at, target.totp_last_step = None, None, None
    session.add(target)
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == target.id))
    ended = _end_all_sessions(session, target, now)
    _audit(session, staff, held, actor, "staff.user.reset_totp", target, f"sessions ended: {ended}")
    notify(
        session=session,
        user=target,
        title="Вход по коду из приложения сброшен",
        body="По вашему обращению сотрудник отключил приложение-аутентификатор. При следующем "
        "входе после пароля подключите приложение заново. Если вы не обращались — срочно "
        "смените пароль через восстановление доступа.",
        link=routes.LOGIN,
    )


def issue_confirmation_code(
    *, session: Session, staff: User, user_id: object, actor: Actor, now: datetime | None = None
) -> str:
    """A one-time code that makes the account confirmed once its owner enters it (the staff
    member has checked the passport in person). Returned once; only its hash is stored.

    Only for an account with TOTP enrolled: the code is entered after signing in, and an account
    without a second factor cannot sign in at all (its owner would carry a code nobody can use,
    and a confirmed level would rest on a password alone)."""
    target, held = _target(session, staff, user_id)
    now = now or utcnow()
    if current_level(target) == AccountLevel.CONFIRMED:
        raise DomainError("Учётная запись уже подтверждена")
    if target.totp_enabled_at is None:
        raise DomainError(NO_TOTP_REFUSAL)
    session.exec(
        update(OneTimeCode)
        .where(
            col(OneTimeCode.user_id) == target.id,
            col(OneTimeCode.purpose) == CodePurpose.STAFF_CONFIRM,
            col(OneTimeCode.used_at).is_(None),
        )
        .values(used_at=now)
    )
    code = new_numeric_code(CONFIRM_CODE_DIGITS)
    session.add(
        OneTimeCode(
            user_id=target.id,
            purpose=CodePurpose.STAFF_CONFIRM,
            code_hash=token_hash(code),
            expires_at=now + CONFIRM_CODE_TTL,
            created_at=now,
        )
    )
    hours = int(CONFIRM_CODE_TTL.total_seconds() // 3600)
    _audit(session, staff, held, actor, "staff.user.issue_code", target, f"valid {hours} h")
    notify(
        session=session,
        user=target,
        title="Выдан код подтверждения учётной записи",
        body="Введите код, который вам передал сотрудник, в профиле. Код действует 72 часа. "
        "Никому его не сообщайте.",
        link=routes.PROFILE,
    )
    return f"{code[:4]} {code[4:]}"


def redeem_confirmation_code(
    *, session: Session, user: User, code: str, actor: Actor, now: datetime | None = None
) -> None:
    """The citizen enters the code staff gave them: the account becomes confirmed.

    A wrong code counts as an attempt (committed before Invalid("code") is raised); after 5 the
    code dies. Call it inside a write transaction, as the profile page does for contact codes.
    """
    now = now or utcnow()
    if current_level(user) == AccountLevel.CONFIRMED:
        raise Invalid("code", "Учётная запись уже подтверждена")
    cleaned = re.sub(r"[\s\-]", "", str(code or ""))[:20]
    try:
        check_code(
            session=session,
            user_id=user.id,
            purpose=CodePurpose.STAFF_CONFIRM,
            code=cleaned,
            now=now,
        )
    except Invalid as exc:
        session.commit()  # a wrong attempt must count
        raise Invalid("code", _staff_wording(exc.message)) from None
    user.level = AccountLevel.CONFIRMED
    session.add(user)
    record(
        session=session,
        actor=actor,
        action="account.confirm_by_code",
        object_type="user",
        object_id=user.id,
    )
    notify(
        session=session,
        user=user,
        title="Учётная запись подтверждена",
        body="Теперь вам доступны все услуги портала.",
        link=routes.PROFILE,
    )


def _staff_wording(message: str) -> str:
    """check_code's messages say «запросите новый»; this code comes from staff in person."""
    return re.sub(r"запросите новый( код)?", "получите новый код у сотрудника", message)
