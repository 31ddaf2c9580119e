"""Accounts: registration, contact confirmation codes, TOTP enrolment and levels."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from gosapp.models.accounts import (
    AccountLevel,
    CodePurpose,
    OneTimeCode,
    Role,
    Sex,
    User,
    UserPublic,
    UserRole,
    utcnow,
)
from gosapp.services.common import validation
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import DomainError, Invalid, NotAllowed, Throttled
from gosapp.services.identity import throttle, totp
from gosapp.services.identity.passwords import check_new_password, hash_password, verify_password
from gosapp.services.identity.roles import roles_of  # also state/auth.py's import
from gosapp.services.identity.tokens import matches, new_numeric_code, token_hash
from gosapp.services.notifications import inbox

CONSENT_VERSION = "2026-01"
CODE_TTL = timedelta(minutes=10)
CODE_ATTEMPTS = 5
REGISTRATION_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "sex",
    "phone",
    "email",
    "password",
    "password_confirm",
    "consent",
)


class InvalidForm(DomainError):
    """Several fields are wrong at once; ``errors`` maps field name to a Russian message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("Проверьте выделенные поля")
        self.errors = errors


def _collect(errors: dict[str, str], field: str, func, *args):
    try:
        return func(*args)
    except Invalid as exc:
        errors[exc.field or field] = exc.message
        return None


def register(*, session: Session, form: dict[str, str], actor: Actor, now: datetime | None = None):
    """Create a basic citizen account from the registration form and send both contact codes.

    Raises InvalidForm with every wrong field at once, so the form can show them all.
    """
    now = now or utcnow()
    errors: dict[str, str] = {}
    data = _validated_registration(session, form, errors, now)
    if errors:
        raise InvalidForm(errors)
    user = User(
        **data,
        password_hash=hash_password(form["password"]),
        consent_version=CONSENT_VERSION,
        consent_at=now,
    )
    session.add(user)
    session.flush()
    session.add(UserRole(user_id=user.id, role=Role.CITIZEN))
    record(
        session=session,
        actor=Actor(user.id, "citizen", actor.ip, actor.user_agent),
        action="account.register",
        object_type="user",
        object_id=user.id,
    )
    for purpose, field in (
        (CodePurpose.CONFIRM_PHONE, "phone"),
        (CodePurpose.CONFIRM_EMAIL, "email"),
    ):
        try:
            send_contact_code(session=session, user=user, purpose=purpose, ip=actor.ip, now=now)
        except Throttled as exc:
            raise InvalidForm({field: exc.message}) from None
    return user


def _validated_registration(session, form, errors, now) -> dict:
    get = lambda name: (form.get(name) or "").strip()  # noqa: E731
    data = {
        "last_name": _collect(
            errors, "last_name", validation.normalize_person_name, get("last_name"), "last_name"
        ),
        "first_name": _collect(
            errors, "first_name", validation.normalize_person_name, get("first_name"), "first_name"
        ),
        "patronymic": _collect(
            errors,
            "patronymic",
            validation.normalize_person_name,
            get("patronymic"),
            "patronymic",
            False,
        )
        or "",
        "birth_date": _collect(
            errors, "birth_date", validation.parse_birth_date, get("birth_date"), now.date()
        ),
        "phone": _collect(errors, "phone", validation.normalize_phone, get("phone")),
        "email": _collect(errors, "email", validation.normalize_email, get("email")),
    }
    if get("sex") not in {s.value for s in Sex}:
        errors["sex"] = "Укажите пол"
    else:
        data["sex"] = Sex(get("sex"))
    _check_unique_contacts(session, data, errors)
    _check_password(form, data, errors)
    if str(form.get("consent", "")).lower() not in ("true", "on", "1", "yes"):
        errors["consent"] = "Нужно согласие на обработку персональных данных"
    return data


def _check_unique_contacts(session: Session, data: dict, errors: dict[str, str]) -> None:
    if (
        data.get("phone")
        and session.exec(select(User.id).where(User.phone == data["phone"])).first()
    ):
        errors["phone"] = "Этот номер уже зарегистрирован — войдите или восстановите доступ"
    if (
        data.get("email")
        and session.exec(select(User.id).where(User.email == data["email"])).first()
    ):
        errors["email"] = "Этот e-mail уже зарегистрирован — войдите или восстановите доступ"


def _check_password(form: dict, data: dict, errors: dict[str, str]) -> None:
    password = form.get("password") or ""
    inputs = [v for k, v in data.items() if isinstance(v, str) and v]
    _collect(errors, "password", check_new_password, password, inputs)
    if "password" not in errors and password != (form.get("password_confirm") or ""):
        errors["password_confirm"] = "Пароли не совпадают"


CONTACT_OF = {
    CodePurpose.CONFIRM_PHONE: "phone",
    CodePurpose.CONFIRM_EMAIL: "email",
    CodePurpose.RECOVER: "",
}


def send_contact_code(
    *,
    session: Session,
    user: User,
    purpose: CodePurpose,
    target: str = "",
    ip: str = "",
    now: datetime | None = None,
) -> None:
    """Send a fresh 6-digit code for ``purpose``; earlier unused codes of that purpose die.

    Raises Throttled("code") when the account, the destination or the client address ``ip``
    has had too many codes lately; nothing is sent then.
    """
    now = now or utcnow()
    target = target or getattr(user, CONTACT_OF.get(purpose) or "phone")
    throttle.before_send(
        session=session, account=f"{purpose}:{user.id}", target=target, ip=ip, now=now
    )
    _expire_codes(session, user.id, purpose, now)
    code = new_numeric_code()
    session.add(
        OneTimeCode(
            user_id=user.id,
            purpose=purpose,
            target=target,
            code_hash=token_hash(code),
            expires_at=now + CODE_TTL,
        )
    )
    text = f"Код подтверждения: {code}. Никому его не сообщайте. Действует 10 минут."
    if "@" in target:
        inbox.enqueue_email(
            session=session,
            recipient=target,
            user_id=user.id,
            subject="Код подтверждения — Госпортал здоровья",
            body=text,
        )
    else:
        inbox.enqueue_sms(session=session, recipient=target, body=text, user_id=user.id)


def _expire_codes(session: Session, user_id: int, purpose: CodePurpose, now: datetime) -> None:
    for row in open_codes(session, user_id, purpose, now):
        row.used_at = now
        session.add(row)


def open_codes(session, user_id, purpose, now) -> list[OneTimeCode]:
    """The codes of ``purpose`` for the user that are neither used nor expired, oldest first."""
    return list(
        session.exec(
            select(OneTimeCode)
            .where(
                OneTimeCode.user_id == user_id,
                OneTimeCode.purpose == purpose,
                col(OneTimeCode.used_at).is_(None),
                OneTimeCode.expires_at > now,
            )
            .order_by(col(OneTimeCode.id))
        )
    )


def check_code(
    *,
    session: Session,
    user_id: int,
    purpose: CodePurpose,
    code: str,
    now: datetime | None = None,
) -> OneTimeCode:
    """Spend a valid code; raise Invalid("code") when wrong, expired or out of attempts.

    Guesses are counted per account and purpose across re-sent codes (``throttle``), and the
    caller must commit before re-raising so that a wrong guess counts.
    """
    now = now or utcnow()
    rows = open_codes(session, user_id, purpose, now)
    if not rows:
        raise Invalid("code", "Код устарел — запросите новый")
    row = rows[-1]
    if row.attempts >= CODE_ATTEMPTS:
        raise Invalid("code", "Слишком много попыток — запросите новый код")
    key = f"{purpose}:{user_id}"
    left = throttle.before_guess(session=session, key=key, now=now)
    if not matches(code.strip(), row.code_hash):
        row.attempts += 1
        session.add(row)
        raise Invalid("code", _wrong_code_message(session, key, row, left, now))
    row.used_at = now
    session.add(row)
    return row


def _wrong_code_message(session, key: str, row: OneTimeCode, left: int, now: datetime) -> str:
    left = min(left, CODE_ATTEMPTS - row.attempts)
    if left > 0:
        return f"Неверный код. Осталось попыток: {left}"
    wait = throttle.guess_wait(session=session, key=key, now=now)
    if wait:
        return throttle.guess_wait_message(wait)
    return "Слишком много попыток — запросите новый код"


def confirm_contact(
    *, session: Session, user: User, purpose: CodePurpose, code: str, now: datetime | None = None
) -> None:
    """Confirm the phone or e-mail of ``user`` with the code sent to it.

    A wrong code counts as an attempt (committed) and raises Invalid("code").
    """
    now = now or utcnow()
    try:
        check_code(session=session, user_id=user.id, purpose=purpose, code=code, now=now)
    except Invalid:
        session.commit()  # a wrong attempt must count
        raise
    if purpose == CodePurpose.CONFIRM_PHONE:
        user.phone_confirmed_at = now
    elif purpose == CodePurpose.CONFIRM_EMAIL:
        user.email_confirmed_at = now
    session.add(user)


def contacts_confirmed(user: User) -> bool:
    """Both phone and e-mail confirmed."""
    return user.phone_confirmed_at is not None and user.email_confirmed_at is not None


def start_totp_enrolment(user: User) -> str:
    """A new secret for the user to add to an authenticator; stored only once confirmed."""
    if not contacts_confirmed(user):
        raise NotAllowed("Сначала подтвердите телефон и e-mail")
    return totp.new_secret()


def finish_totp_enrolment(
    *,
    session: Session,
    user: User,
    secret: str,
    code: str,
    actor: Actor,
    now: datetime | None = None,
) -> list[str]:
    """Store the secret once the first code checks; returns the 10 recovery codes (shown once)."""
    now = now or utcnow()
    if not contacts_confirmed(user):
        raise NotAllowed("Сначала подтвердите телефон и e-mail")
    step = totp.matching_step(secret, code, now)
    if step is None:
        raise Invalid("totp_code", "Код не подошёл — проверьте время на телефоне и введите новый")
    user.totp_secret_enc = totp.encrypt_secret(secret)
    user.totp_enabled_at = now
    user.totp_last_step = step
    session.add(user)
    record(session=session, actor=actor, action="totp.enrol", object_type="user", object_id=user.id)
    return totp.new_recovery_codes(session=session, user_id=user.id)


def reset_totp(*, session: Session, user: User, password: str, actor: Actor) -> None:
    """Switch off TOTP (to enrol again); needs the current password."""
    if not verify_password(password, user.password_hash):
        raise Invalid("password", "Неверный пароль")
    user.totp_secret_enc = None
    user.totp_enabled_at = None
    session.add(user)
    record(session=session, actor=actor, action="totp.reset", object_type="user", object_id=user.id)


def current_level(user: User) -> AccountLevel:
    """The level the user's data supports now (confirmed is only ever granted by staff)."""
    if user.level == AccountLevel.CONFIRMED:
        return AccountLevel.CONFIRMED
    has_documents = bool(user.snils and user.passport_series and user.passport_number)
    return AccountLevel.STANDARD if has_documents else AccountLevel.BASIC


def public_user(session: Session, user: User) -> UserPublic:
    """What the UI may show of the signed-in user."""
    initials = "".join(f"{p[0]}." for p in (user.first_name, user.patronymic) if p)
    return UserPublic(
        id=user.id,
        full_name=full_name(user),
        short_name=f"{user.last_name} {initials}",
        level=current_level(user),
        roles=sorted(roles_of(session, user.id)),
    )


def notify_user(*, session: Session, user: User, title: str, body: str = "", link: str = ""):
    """Send an in-app (and, per preferences, e-mail/SMS) notification to ``user``."""
    inbox.notify(session=session, user=user, title=title, body=body, link=link)
