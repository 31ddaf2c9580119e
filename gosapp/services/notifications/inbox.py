"""Notifications: the in-app centre (the bell) and the queue of outgoing e-mails and SMS.

Nothing here talks to the outside world: messages are only queued as ``OutboundMessage`` rows.
``gosapp.services.notifications.delivery`` sends them; in demo mode they stay queued and
/dev/outbox shows them.
Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.notifications import Channel, DeliveryStatus, Notification, OutboundMessage
from gosapp.services.common.errors import NotFound
from gosapp.settings import get_settings


class NotificationPublic(SQLModel):
    """One notification as the bell's list shows it."""

    id: int
    title: str
    body: str
    link: str
    created_at: datetime
    is_read: bool


class OutboxItem(SQLModel):
    """One queued message as the demo-only /dev/outbox page shows it."""

    id: int
    channel: Channel
    recipient: str
    subject: str
    body: str
    status: DeliveryStatus
    created_at: datetime


def notify(
    *, session: Session, user: User, title: str, body: str = "", link: str = ""
) -> Notification:
    """Tell ``user`` something: always in the app, and by e-mail/SMS per their preferences.

    E-mail and SMS go only to a confirmed contact, so a mistyped address never receives
    someone else's news.
    """
    row = Notification(user_id=user.id, title=title, body=body, link=link)
    session.add(row)
    if user.notify_email and user.email and user.email_confirmed_at:
        enqueue_email(
            session=session,
            recipient=user.email,
            subject=title,
            body=_email_text(title, body, link),
            user_id=user.id,
        )
    if user.notify_sms and user.phone and user.phone_confirmed_at:
        enqueue_sms(
            session=session, recipient=user.phone, body=_sms_text(title, body), user_id=user.id
        )
    session.flush()
    return row


def enqueue_email(
    *, session: Session, recipient: str, subject: str, body: str, user_id: int | None = None
) -> OutboundMessage:
    """Queue an e-mail to ``recipient`` (any address, confirmed or not: codes go this way)."""
    return _enqueue(session, Channel.EMAIL, recipient, body, subject=subject, user_id=user_id)


def enqueue_sms(
    *, session: Session, recipient: str, body: str, user_id: int | None = None
) -> OutboundMessage:
    """Queue an SMS to the phone number ``recipient``."""
    return _enqueue(session, Channel.SMS, recipient, body, user_id=user_id)


def unread_count(*, session: Session, user_id: int) -> int:
    """How many of the user's notifications are unread (the number on the bell)."""
    query = select(func.count()).where(
        Notification.user_id == user_id, col(Notification.read_at).is_(None)
    )
    return session.exec(query).one()


def list_notifications(
    *,
    session: Session,
    user_id: int,
    limit: int = 50,
    unread_only: bool = False,
    before_id: int | None = None,
) -> list[NotificationPublic]:
    """The user's latest notifications (or only the unread ones), newest (highest id) first;
    ``before_id`` continues a list after the last one shown (keyset paging: no OFFSET)."""
    conditions: list = [Notification.user_id == user_id]
    if unread_only:
        conditions.append(col(Notification.read_at).is_(None))
    if before_id is not None:
        conditions.append(col(Notification.id) < before_id)
    rows = session.exec(
        select(Notification).where(*conditions).order_by(col(Notification.id).desc()).limit(limit)
    )
    return [_public(row) for row in rows]


def mark_read(
    *, session: Session, user_id: int, notification_id: int, now: datetime | None = None
) -> None:
    """Mark one of the user's notifications read; NotFound if it is not theirs."""
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != user_id:
        raise NotFound("Уведомление не найдено")
    if row.read_at is None:
        row.read_at = now or utcnow()
        session.add(row)
        session.flush()


def mark_all_read(*, session: Session, user_id: int, now: datetime | None = None) -> int:
    """Mark all the user's unread notifications read; returns how many changed."""
    result = session.exec(
        update(Notification)
        .where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
        .values(read_at=now or utcnow())
    )
    return result.rowcount


def list_outbox(*, session: Session, limit: int = 200) -> list[OutboxItem]:
    """The latest queued messages, newest first (demo-only /dev/outbox page)."""
    rows = session.exec(
        select(OutboundMessage)
        .order_by(col(OutboundMessage.created_at).desc(), col(OutboundMessage.id).desc())
        .limit(limit)
    )
    return [OutboxItem.model_validate(row, from_attributes=True) for row in rows]


def _enqueue(
    session: Session,
    channel: Channel,
    recipient: str,
    body: str,
    *,
    subject: str = "",
    user_id: int | None,
) -> OutboundMessage:
    row = OutboundMessage(
        channel=channel, recipient=recipient, subject=subject, body=body, user_id=user_id
    )
    session.add(row)
    session.flush()
    return row


def _public(row: Notification) -> NotificationPublic:
    return NotificationPublic(
        id=row.id,
        title=row.title,
        body=row.body,
        link=row.link,
        created_at=row.created_at,
        is_read=row.read_at is not None,
    )


def _email_text(title: str, body: str, link: str) -> str:
    parts = [body or title]
    if link:
        parts.append(f"Подробнее: {_absolute(link)}")
    return "\n\n".join(parts)


def _sms_text(title: str, body: str) -> str:
    return f"{title}. {body}" if body else title


def _absolute(link: str) -> str:
    return f"{get_settings().public_url}{link}" if link.startswith("/") else link
