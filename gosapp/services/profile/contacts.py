"""Changing the phone or e-mail of the profile.

The user re-authenticates with the current password (or an authenticator code), then a code is
sent to the *new* contact; spending it makes that contact the confirmed one, and both the user
and the old contact are told. Audit events name the changed field, never its value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import CodePurpose, OneTimeCode, User, utcnow
from gosapp.services.common import validation
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, Throttled
from gosapp.services.identity import account_security
from gosapp.services.identity.accounts import check_code, send_contact_code
from gosapp.services.notifications import inbox
from gosapp.services.profile import personal_data
from gosapp.services.profile.personal_data import ProfileView


@dataclass(frozen=True)
class ContactKind:
    """What differs between changing the phone and changing the e-mail."""

    column: str
    purpose: CodePurpose
    normalize: Callable[[str], str]
    taken: str
    changed: str


class _ContactKinds(dict[str, ContactKind]):
    """A dict in which anything but a string is simply «not there».

    Handlers receive whatever JSON a client sends (``ProfileState.edit_contact`` got a dict,
    which a plain dict answers with TypeError: unhashable).
    """

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key)


_CONTACT_KINDS = {
    "phone": ContactKind(
        "phone",
        CodePurpose.CHANGE_PHONE,
        validation.normalize_phone,
        "Этот номер уже используется в другой учётной записи",
        "Номер телефона изменён",
    ),
    "email": ContactKind(
        "email",
        CodePurpose.CHANGE_EMAIL,
        validation.normalize_email,
        "Этот e-mail уже используется в другой учётной записи",
        "Адрес электронной почты изменён",
    ),
}
CONTACTS = _ContactKinds(_CONTACT_KINDS)


def _contact(kind: object) -> ContactKind:
    if not isinstance(kind, str) or kind not in CONTACTS:
        raise Invalid("value", "Можно изменить только телефон или e-mail")
    return CONTACTS[kind]


def request_contact_change(
    *,
    session: Session,
    user: User,
    kind: str,
    value: str,
    password: str,
    actor: Actor,
    now: datetime | None = None,
) -> str:
    """Send a code to the new phone or e-mail ``value``; returns it normalised.

    The user re-authenticates first with the current password or an authenticator code
    (``password``): a wrong one counts towards the login lockout and raises Invalid("reauth").
    Raises Invalid("value") when the contact is malformed, the current one, or another
    account's (told only after re-authentication), and Throttled("value") (an Invalid
    carrying ``wait``) when the account, that contact or the actor's address has had too many
    codes lately.
    """
    contact = _contact(kind)
    try:
        target = contact.normalize(value)
    except Invalid as exc:
        raise Invalid("value", exc.message) from None
    if target == getattr(user, contact.column):
        raise Invalid("value", "Это ваш текущий контакт — укажите новый")
    account_security.reauthenticate(
        session=session, user=user, secret=password, field="reauth", actor=actor
    )
    _check_free(session, contact, target, user.id)
    try:
        send_contact_code(
            session=session,
            user=user,
            purpose=contact.purpose,
            target=target,
            ip=actor.ip,
            now=now,
        )
    except Throttled as exc:
        raise Throttled("value", exc.message, exc.wait) from None
    return target


def resend_contact_code(
    *, session: Session, user: User, kind: str, ip: str = "", now: datetime | None = None
) -> str:
    """A fresh code to the new contact of the change in progress (re-authenticated when it
    started); returns that contact. Raises Invalid("code") when no change is in progress and
    Throttled("code") when too many codes went out lately."""
    contact, now = _contact(kind), now or utcnow()
    pending = session.exec(
        select(OneTimeCode)
        .where(OneTimeCode.user_id == user.id, OneTimeCode.purpose == contact.purpose)
        .where(col(OneTimeCode.used_at).is_(None), OneTimeCode.expires_at > now)
        .order_by(col(OneTimeCode.id).desc())
    ).first()
    if pending is None:
        raise Invalid("code", "Время действия кода истекло — начните смену контакта заново")
    _check_free(session, contact, pending.target, user.id)
    try:
        send_contact_code(
            session=session,
            user=user,
            purpose=contact.purpose,
            target=pending.target,
            ip=ip,
            now=now,
        )
    except Throttled as exc:
        raise Throttled("code", exc.message, exc.wait) from None
    return pending.target


def _check_free(session: Session, contact: ContactKind, target: str, user_id: int) -> None:
    column = getattr(User, contact.column)
    if session.exec(select(User.id).where(column == target, User.id != user_id)).first():
        raise Invalid("value", contact.taken)


def confirm_contact_change(
    *,
    session: Session,
    user: User,
    kind: str,
    code: str,
    actor: Actor,
    now: datetime | None = None,
) -> ProfileView:
    """Spend the code sent to the new contact and make it the user's confirmed contact.

    A wrong code counts as an attempt (committed) and raises Invalid("code"). The user is
    notified, and the old contact is told too, in case the change was not theirs.
    """
    now = now or utcnow()
    contact = _contact(kind)
    try:
        row = check_code(
            session=session, user_id=user.id, purpose=contact.purpose, code=code, now=now
        )
    except Invalid:
        session.commit()  # a wrong attempt must count
        raise
    _check_free(session, contact, row.target, user.id)
    old = getattr(user, contact.column)
    setattr(user, contact.column, row.target)
    setattr(user, f"{contact.column}_confirmed_at", now)
    session.add(user)
    session.flush()
    personal_data.audit_fields(
        session, actor, "profile.contact_change", "user", user.id, [contact.column]
    )
    _tell_about_change(session, user, contact, old)
    return personal_data.profile_view(session=session, user=user)


def _tell_about_change(session: Session, user: User, contact: ContactKind, old: str) -> None:
    body = (
        f"{contact.changed} в профиле. Если это были не вы, срочно восстановите доступ "
        "и обратитесь в поддержку."
    )
    inbox.notify(session=session, user=user, title=contact.changed, body=body, link=routes.PROFILE)
    if contact.column == "email":
        inbox.enqueue_email(
            session=session, recipient=old, subject=contact.changed, body=body, user_id=user.id
        )
    else:
        inbox.enqueue_sms(session=session, recipient=old, body=body, user_id=user.id)
