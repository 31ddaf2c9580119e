"""Background delivery of queued e-mails and SMS, run as a Reflex lifespan task."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket

from gosapp.db import get_engine
from gosapp.services.notifications.delivery import (
    BATCH_SIZE,
    deliver_pending,
    senders_from_settings,
)
from gosapp.settings import get_settings

log = logging.getLogger(__name__)


async def delivery_loop(interval_s: float = 5.0) -> None:
    """Send due messages every ``interval_s`` seconds until cancelled; errors are logged.

    Returns at once in demo mode (messages stay in the outbox for /dev/outbox) and when
    neither SMTP nor an SMS gateway is configured.
    """
    settings = get_settings()
    if settings.demo:
        log.info("delivery: demo mode, messages stay in the outbox")
        return
    senders = senders_from_settings(settings)
    if not senders:
        log.warning("delivery: no SMTP or SMS gateway configured, messages stay queued")
        return
    worker_id = _worker_id()
    log.info("delivery: worker %s sending %s", worker_id, ", ".join(sorted(senders)))
    try:
        while True:
            sent = await _run_once(senders, worker_id)
            if sent < BATCH_SIZE:  # a full batch suggests more are due: go again at once
                await asyncio.sleep(interval_s)
    finally:
        for sender in senders.values():
            close = getattr(sender, "close", None)  # only the SMTP sender holds a connection
            if close is not None:
                close()


async def _run_once(senders, worker_id: str) -> int:
    try:
        return await asyncio.to_thread(
            deliver_pending, engine=get_engine(), senders=senders, worker_id=worker_id
        )
    except Exception:
        log.exception("delivery: pass failed, retrying later")
        return 0


def _worker_id() -> str:
    """Unique per process, readable in the table: host, pid and a random suffix."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"
