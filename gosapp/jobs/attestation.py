"""The category reminder, run as a Reflex lifespan task every hour: a qualification category
ending within a year is reminded once (``frmr.attestation_expiry`` claims each reminder with a
conditional UPDATE, so several workers never send one twice)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from gosapp.db import get_engine, transaction
from gosapp.services.frmr import attestation_expiry

log = logging.getLogger(__name__)
INTERVAL_S = 3600.0


def run_once(engine: Engine | None = None, now: datetime | None = None) -> int:
    """One pass: how many reminders were sent."""
    with transaction(engine or get_engine()) as db:
        return len(attestation_expiry.remind_due(db, now))


async def attestation_loop(interval_s: float = INTERVAL_S) -> None:
    """Run ``run_once`` every ``interval_s`` seconds until cancelled; errors are logged."""
    while True:
        try:
            sent = await asyncio.to_thread(run_once)
            if sent:
                log.info("attestation: %d category reminders sent", sent)
        except Exception:
            log.exception("attestation: reminder pass failed, retrying later")
        await asyncio.sleep(interval_s)
