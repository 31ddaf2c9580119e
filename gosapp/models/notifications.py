"""In-app notifications and the outgoing message queue (e-mail, SMS)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class Notification(SQLModel, table=True):
    """A message in the user's in-app centre (the bell)."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=2000)
    link: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    read_at: datetime | None = None


class Channel(StrEnum):
    """How an outgoing message travels."""

    EMAIL = "email"
    SMS = "sms"


class DeliveryStatus(StrEnum):
    """Where an outgoing message is in its delivery."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboundMessage(SQLModel, table=True):
    """An e-mail or SMS waiting to be sent, being sent, sent or given up on.

    A worker claims a row with a conditional UPDATE, so a message is never sent twice.
    In demo mode messages are not sent anywhere: they stay here and /dev/outbox shows them.
    """

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int | None = Field(
        default=None, foreign_key="user.id", index=True, ondelete="SET NULL"
    )
    channel: Channel = Field(sa_type=String(8))
    recipient: str = Field(max_length=254)
    subject: str = Field(default="", max_length=200)
    body: str = Field(max_length=4000)
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=String(10), index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    claimed_by: str = Field(default="", max_length=64)
    claimed_at: datetime | None = None
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
