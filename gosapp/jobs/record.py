"""Health-record upkeep, run as a Reflex lifespan task every ~10 minutes: recommendation
due-date reminders (3 days before and on the day, once each).

The step claims its rows with conditional UPDATEs (``medical.record_reminders``), so several
workers or a restart never send a reminder twice, and a run after a pause catches up. Days are
the portal's local days (``GOSAPP_TZ``).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from gosapp.db import get_engine, transaction
from gosapp.models.accounts import utcnow
from gosapp.services.medical import record_reminders
from gosapp.settings import get_settings

log = logging.getLogger(__name__)
INTERVAL_S = 600.0


def run_once(engine: Engine | None = None, now: datetime | None = None) -> int:
    """One pass: how many reminders were sent."""
    now = now or utcnow()
    today = now.astimezone(get_settings().tz).date()
    with transaction(engine or get_engine()) as db:
        sent = record_reminders.send_due(db, today, now)
    return len(sent.before) + len(sent.due)


async def record_loop(interval_s: float = INTERVAL_S) -> None:
    """Run ``run_once`` every ``interval_s`` seconds until cancelled; errors are logged."""
    while True:
        try:
            sent = await asyncio.to_thread(run_once)
            if sent:
                log.info("record: %d recommendation reminders sent", sent)
        except Exception:
            log.exception("record: pass failed, retrying later")
        await asyncio.sleep(interval_s)
