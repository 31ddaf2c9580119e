"""Delivery of queued e-mails and SMS: senders for each channel and the claim/send/record loop.

A worker claims due messages with a conditional UPDATE (``status = 'pending'`` → ``'sending'``),
so two workers never take the same row; it sends outside any transaction, then records the
outcome. A failed attempt is retried with exponential backoff and given up after
``MAX_ATTEMPTS``. A claim left by a crashed worker expires after ``STALE_CLAIM`` and the message
is retried, so a crash between sending and recording can repeat that one message.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

import httpx
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from gosapp.db import session_scope, transaction
from gosapp.models.accounts import utcnow
from gosapp.models.notifications import Channel, DeliveryStatus, OutboundMessage
from gosapp.services.common.http_client import make_client
from gosapp.settings import Settings

log = logging.getLogger(__name__)

BATCH_SIZE = 20
MAX_ATTEMPTS = 8
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
STALE_CLAIM = timedelta(minutes=10)
ERROR_LENGTH = 200


class DeliveryError(Exception):
    """A message could not be handed over; the text is short and holds no secrets."""


class Sender(Protocol):
    """Hands one message to the outside world for one channel."""

    def send(self, message: OutboundMessage) -> None:
        """Send ``message`` or raise DeliveryError."""
        ...


@dataclass(frozen=True)
class SmtpSender:
    """Sends e-mail through an SMTP server (UTF-8 subject and body)."""

    host: str
    port: int
    from_addr: str
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = False
    timeout: float = 10

    def send(self, message: OutboundMessage) -> None:
        """Send ``message`` as one e-mail; DeliveryError on any SMTP or network failure."""
        try:
            email = self.build(message)
        except ValueError as exc:  # e.g. a line break in an address or the subject
            raise DeliveryError(f"bad e-mail header: {exc}") from exc
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                self._open(smtp)
                smtp.send_message(email)
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP failed: {type(exc).__name__} {_reason(exc)}") from exc

    def build(self, message: OutboundMessage) -> EmailMessage:
        """The e-mail for ``message`` (headers and a UTF-8 text body)."""
        email = EmailMessage()
        email["From"] = self.from_addr
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False, usegmt=True)
        email["Message-ID"] = make_msgid(domain=_domain(self.from_addr))
        email.set_content(message.body, charset="utf-8")
        return email

    def _open(self, smtp: smtplib.SMTP) -> None:
        if self.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if self.user:
            smtp.login(self.user, self.password)


class SmsGatewaySender:
    """Sends SMS by POSTing ``{"to", "text"}`` as JSON to an HTTP gateway with a bearer key."""

    def __init__(self, url: str, api_key: str, client: httpx.Client | None = None):
        self.url = url
        self._api_key = api_key
        self._client = client or make_client()

    def __repr__(self) -> str:
        return f"SmsGatewaySender(url={self.url!r})"

    def send(self, message: OutboundMessage) -> None:
        """POST ``message``; DeliveryError on a transport error or a non-2xx answer."""
        try:
            response = self._client.post(
                self.url,
                json={"to": message.recipient, "text": message.body},
                headers={"Authorization": f"Bearer {self._api_key}"},
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"SMS gateway unreachable: {type(exc).__name__}") from exc
        if not response.is_success:
            raise DeliveryError(f"SMS gateway answered HTTP {response.status_code}")

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()


def senders_from_settings(settings: Settings) -> dict[Channel, Sender]:
    """A sender for each channel the settings configure (none configured: an empty dict)."""
    senders: dict[Channel, Sender] = {}
    if settings.smtp_host:
        senders[Channel.EMAIL] = SmtpSender(
            host=settings.smtp_host,
            port=settings.smtp_port,
            from_addr=settings.smtp_from,
            user=settings.smtp_user,
            password=_secret(settings.smtp_password),
            starttls=settings.smtp_starttls,
        )
    if settings.sms_gateway_url:
        senders[Channel.SMS] = SmsGatewaySender(
            settings.sms_gateway_url, _secret(settings.sms_api_key)
        )
    return senders


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after ``attempts`` failures: 30 s doubling, at most 1 hour."""
    return min(FIRST_BACKOFF * 2 ** (attempts - 1), MAX_BACKOFF)


def claim_batch(
    *,
    engine: Engine,
    worker_id: str,
    now: datetime,
    limit: int = BATCH_SIZE,
    channels: Collection[Channel] | None = None,
) -> list[int]:
    """Claim up to ``limit`` due pending messages for ``worker_id``; returns their ids.

    Expired claims are released first. Each row is taken with a conditional UPDATE and kept
    only if that UPDATE changed it, so concurrent workers get disjoint batches.
    ``channels`` restricts the claim to channels the worker can send.
    """
    now = _utc(now)
    with transaction(engine) as session:
        _release_stale_claims(session, now)
        candidates = session.exec(_due_query(now, limit, channels)).all()
        return [i for i in candidates if _claim_one(session, i, worker_id, now)]


def deliver_pending(
    *,
    engine: Engine,
    senders: Mapping[Channel, Sender],
    worker_id: str,
    now: datetime | None = None,
    limit: int = BATCH_SIZE,
) -> int:
    """Claim a batch, send each message, record each outcome; returns how many were sent.

    Messages of a channel without a sender are not touched. ``now`` fixes the clock (tests).
    """
    if not senders:
        return 0
    clock = _fixed_clock(now) if now else utcnow
    ids = claim_batch(
        engine=engine, worker_id=worker_id, now=clock(), limit=limit, channels=list(senders)
    )
    sent = 0
    for message in _load(engine, ids):
        sent += _deliver_one(engine, senders[message.channel], message, worker_id, clock)
    return sent


def _deliver_one(
    engine: Engine,
    sender: Sender,
    message: OutboundMessage,
    worker_id: str,
    clock: Callable[[], datetime],
) -> int:
    try:
        sender.send(message)
    except DeliveryError as exc:
        _record_failure(engine, message, worker_id, str(exc), clock())
        return 0
    except Exception as exc:
        log.exception("delivery: unexpected error sending message %s", message.id)
        _record_failure(engine, message, worker_id, f"unexpected {type(exc).__name__}", clock())
        return 0
    _record_sent(engine, message, worker_id, clock())
    return 1


def _record_sent(engine: Engine, message: OutboundMessage, worker_id: str, now: datetime) -> None:
    with transaction(engine) as session:
        session.exec(
            _own_claim(message.id, worker_id).values(status=DeliveryStatus.SENT, sent_at=now)
        )


def _record_failure(
    engine: Engine, message: OutboundMessage, worker_id: str, error: str, now: datetime
) -> None:
    attempts = message.attempts + 1
    given_up = attempts >= MAX_ATTEMPTS
    log.warning("delivery: message %s attempt %s failed: %s", message.id, attempts, error)
    values = {
        "attempts": attempts,
        "last_error": error[:ERROR_LENGTH],
        "status": DeliveryStatus.FAILED if given_up else DeliveryStatus.PENDING,
    }
    if not given_up:
        values |= {"next_attempt_at": now + backoff(attempts), "claimed_by": "", "claimed_at": None}
    with transaction(engine) as session:
        session.exec(_own_claim(message.id, worker_id).values(**values))


def _own_claim(message_id: int, worker_id: str):
    return update(OutboundMessage).where(
        col(OutboundMessage.id) == message_id,
        col(OutboundMessage.status) == DeliveryStatus.SENDING,
        col(OutboundMessage.claimed_by) == worker_id,
    )


def _release_stale_claims(session: Session, now: datetime) -> None:
    released = session.exec(
        update(OutboundMessage)
        .where(
            col(OutboundMessage.status) == DeliveryStatus.SENDING,
            col(OutboundMessage.claimed_at) < now - STALE_CLAIM,
        )
        .values(status=DeliveryStatus.PENDING, claimed_by="", claimed_at=None)
    ).rowcount
    if released:
        log.warning("delivery: released %s stale claim(s)", released)


def _due_query(now: datetime, limit: int, channels: Collection[Channel] | None):
    query = (
        select(OutboundMessage.id)
        .where(
            col(OutboundMessage.status) == DeliveryStatus.PENDING,
            col(OutboundMessage.next_attempt_at) <= now,
        )
        .order_by(col(OutboundMessage.next_attempt_at), col(OutboundMessage.id))
        .limit(limit)
    )
    if channels is not None:
        query = query.where(col(OutboundMessage.channel).in_([str(c) for c in channels]))
    return query


def _claim_one(session: Session, message_id: int, worker_id: str, now: datetime) -> bool:
    result = session.exec(
        update(OutboundMessage)
        .where(
            col(OutboundMessage.id) == message_id,
            col(OutboundMessage.status) == DeliveryStatus.PENDING,
        )
        .values(status=DeliveryStatus.SENDING, claimed_by=worker_id, claimed_at=now)
    )
    return result.rowcount == 1


def _load(engine: Engine, ids: list[int]) -> list[OutboundMessage]:
    if not ids:
        return []
    with session_scope(engine) as session:
        query = select(OutboundMessage).where(col(OutboundMessage.id).in_(ids))
        return list(session.exec(query.order_by(col(OutboundMessage.id))))


def _fixed_clock(now: datetime) -> Callable[[], datetime]:
    fixed = _utc(now)
    return lambda: fixed


def _utc(moment: datetime) -> datetime:
    """Times are stored as aware UTC: convert an aware ``moment``, read a naive one as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _secret(value) -> str:
    return value.get_secret_value() if value is not None else ""


def _domain(address: str) -> str | None:
    _, addr = parseaddr(address)
    return addr.rpartition("@")[2] or None


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _reason(exc: BaseException) -> str:
    return (getattr(exc, "strerror", None) or "")[:80]
