"""Benefit upkeep, run as a Reflex lifespan task every hour: each benefit expiring within 60,
30 or 7 days is notified once per threshold (``social.benefits_expiry`` claims every notice
with a conditional UPDATE, so several workers never send one twice)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from gosapp.db import get_engine, transaction
from gosapp.services.social import benefits_expiry

log = logging.getLogger(__name__)
INTERVAL_S = 3600.0


def run_once(engine: Engine | None = None, now: datetime | None = None) -> int:
    """One pass: how many expiry notices were sent."""
    with transaction(engine or get_engine()) as db:
        return len(benefits_expiry.notify_due(db, now))


async def benefits_loop(interval_s: float = INTERVAL_S) -> None:
    """Run ``run_once`` every ``interval_s`` seconds until cancelled; errors are logged."""
    while True:
        try:
            sent = await asyncio.to_thread(run_once)
            if sent:
                log.info("benefits: %d expiry notices sent", sent)
        except Exception:
            log.exception("benefits: expiry pass failed, retrying later")
        await asyncio.sleep(interval_s)
