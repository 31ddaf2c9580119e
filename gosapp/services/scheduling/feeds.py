"""The personal calendar feed's secret address (webcal/ICS), SPEC §2.1.

The token in the URL is the only credential a calendar app has, so it is a 256-bit random
value and the database keeps only its keyed hash (``identity.tokens``): a copy of the table
opens no feed. A patient has at most one feed (``CalendarFeed.user_id`` is unique); creating
it again replaces the hash in one statement, so the old address stops working at once. The
full address exists only in the answer to ``create`` — it cannot be shown again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.db import insert_for
from gosapp.models.accounts import User, utcnow
from gosapp.models.scheduling import CalendarFeed
from gosapp.services.common.audit import Actor, record
from gosapp.services.identity import tokens
from gosapp.settings import get_settings


def create(*, session: Session, patient: User, actor: Actor, now: datetime | None = None) -> str:
    """A new secret feed address for the patient (an earlier one stops working); its URL."""
    token = tokens.new_token()
    values = {
        "user_id": patient.id,
        "token_hash": tokens.token_hash(token),
        "created_at": now or utcnow(),
    }
    statement = insert_for(session, CalendarFeed).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"token_hash": values["token_hash"], "created_at": values["created_at"]},
        )
    )
    record(
        session=session,
        actor=actor,
        action="calendar_feed.create",
        object_type="user",
        object_id=patient.id,
    )
    return feed_url(token)


def revoke(*, session: Session, patient: User, actor: Actor) -> bool:
    """Switch the patient's feed off; False when there was none."""
    done = session.execute(delete(CalendarFeed).where(col(CalendarFeed.user_id) == patient.id))
    if done.rowcount:  # type: ignore[attr-defined]
        record(
            session=session,
            actor=actor,
            action="calendar_feed.revoke",
            object_type="user",
            object_id=patient.id,
        )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def created_at(*, session: Session, patient: User) -> datetime | None:
    """When the patient's live feed address was made; None without one."""
    return session.exec(
        select(CalendarFeed.created_at).where(col(CalendarFeed.user_id) == patient.id)
    ).first()


def owner_of(*, session: Session, token: str) -> User | None:
    """The patient whose live feed ``token`` opens; None for an unknown or revoked one."""
    if not token or len(token) > 100:
        return None
    return session.exec(
        select(User)
        .join(CalendarFeed, col(CalendarFeed.user_id) == User.id)
        .where(col(CalendarFeed.token_hash) == tokens.token_hash(token))
    ).first()


def feed_url(token: str) -> str:
    """The feed's https address (``webcal_url`` gives the subscription one)."""
    path = routes.CALENDAR_FEED.replace("{token}", token)
    return f"{get_settings().public_url.rstrip('/')}{path}"


def webcal_url(url: str) -> str:
    """The same address with the ``webcal://`` scheme, which phones open as a subscription."""
    return "webcal://" + url.split("://", 1)[-1]
