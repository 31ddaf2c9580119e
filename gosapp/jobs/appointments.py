"""Appointment upkeep, run as a Reflex lifespan task every ~45 s: visit reminders (24 h and 2 h
before) and passing run-out waiting-list offers on to the next patient in line.

Runs in demo mode too: reminders are in-app notifications first. Each step claims its rows with
conditional UPDATEs (``scheduling.reminders``, ``scheduling.waitlist``), so several workers or
a restart never send a reminder or pass an offer on twice, and a run after a pause catches up.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from gosapp.db import get_engine, transaction
from gosapp.models.accounts import utcnow
from gosapp.services.scheduling import reminders, waitlist

log = logging.getLogger(__name__)
INTERVAL_S = 45.0


def run_once(engine: Engine | None = None, now: datetime | None = None) -> tuple[int, int]:
    """One pass: reminders sent, offers passed on (each step in its own transaction)."""
    now = now or utcnow()
    with transaction(engine or get_engine()) as db:
        sent = reminders.send_due(db, now)
    with transaction(engine or get_engine()) as db:
        passed = waitlist.expire_offers(db, now)
    return len(sent.day) + len(sent.hours), passed


async def appointments_loop(interval_s: float = INTERVAL_S) -> None:
    """Run ``run_once`` every ``interval_s`` seconds until cancelled; errors are logged."""
    while True:
        try:
            sent, passed = await asyncio.to_thread(run_once)
            if sent or passed:
                log.info("appointments: %d reminders sent, %d offers passed on", sent, passed)
        except Exception:
            log.exception("appointments: pass failed, retrying later")
        await asyncio.sleep(interval_s)
