"""Connecting the social-protection cabinet (СЗН): a confirmed account and the consent to the
processing of personal data, recorded with the consent text's version and the time.

Every other СЗН service starts with ``require_connected``: a citizen who has not connected
sees the connection form, never an empty or someone else's list.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from gosapp.db import insert_for
from gosapp.models.accounts import AccountLevel, User, utcnow
from gosapp.models.social import SznConnection
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.identity.levels import level_gate, require_level

SERVICE = "Кабинет социальной защиты"
LEVEL = AccountLevel.CONFIRMED
CONSENT_VERSION = "2026-12-01"
CONSENT_TEXT = (
    "Я даю согласие органам социальной защиты населения на обработку моих персональных "
    "данных и данных членов моей семьи (ФИО, даты рождения, СНИЛС, паспортные данные, "
    "банковские реквизиты, сведения о доходах и выплатах) для назначения и перечисления мер "
    "социальной поддержки в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ "
    "«О персональных данных». Согласие действует до его отзыва."
)


def connection(session: Session, user: User) -> SznConnection | None:
    """The user's connection, or None before they connect."""
    return session.exec(select(SznConnection).where(SznConnection.user_id == user.id)).first()


def gate(user: User) -> dict[str, str]:
    """What a user below the confirmed level sees instead of the form (empty when enough)."""
    return level_gate(user, LEVEL)


def connect(
    *,
    session: Session,
    user: User,
    agreed: bool,
    consent_version: str,
    actor: Actor,
    now: datetime | None = None,
) -> SznConnection:
    """Connect the cabinet for ``user`` (idempotent: a second click keeps the first consent).

    NotAllowed below the confirmed level; Invalid without the consent or for a consent text
    version other than the current one (the page showed an old text: reload it).
    """
    require_level(user, LEVEL, SERVICE)
    if not agreed:
        raise Invalid("consent", "Чтобы подключить кабинет, дайте согласие на обработку данных")
    if consent_version != CONSENT_VERSION:
        raise Invalid("consent", "Текст согласия обновился — обновите страницу и прочтите его")
    now = now or utcnow()
    session.execute(
        insert_for(session, SznConnection)
        .values(user_id=user.id, consent_version=CONSENT_VERSION, consented_at=now)
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    session.flush()
    row = connection(session, user)
    assert row is not None
    record(
        session=session,
        actor=actor,
        action="szn.connect",
        object_type="szn_connection",
        object_id=row.id,
        details=f"consent {row.consent_version}",
    )
    return row


def require_connected(session: Session, user: User) -> SznConnection:
    """The user's connection; NotAllowed when the cabinet is not connected (or the level was
    lost since)."""
    require_level(user, LEVEL, SERVICE)
    row = connection(session, user)
    if row is None:
        raise NotAllowed("Сначала подключите кабинет социальной защиты")
    return row
