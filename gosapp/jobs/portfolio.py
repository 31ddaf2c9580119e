"""The portfolio's upkeep, run as a Reflex lifespan task every hour: each document expiring
within 90, 30 or 7 days is notified once per threshold (``frmr.portfolio_expiry`` claims every
notice with a conditional UPDATE, so several workers never send one twice), and document
packages older than a day are removed."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from gosapp.db import get_engine, transaction
from gosapp.services.frmr import portfolio_expiry, portfolio_files

log = logging.getLogger(__name__)
INTERVAL_S = 3600.0


def run_once(engine: Engine | None = None, now: datetime | None = None) -> int:
    """One pass: how many expiry notices were sent (old packages go in a second transaction)."""
    with transaction(engine or get_engine()) as db:
        sent = len(portfolio_expiry.notify_due(db, now))
    with transaction(engine or get_engine()) as db:
        portfolio_files.purge_packages(session=db, now=now)
    return sent


async def portfolio_loop(interval_s: float = INTERVAL_S) -> None:
    """Run ``run_once`` every ``interval_s`` seconds until cancelled; errors are logged."""
    while True:
        try:
            sent = await asyncio.to_thread(run_once)
            if sent:
                log.info("portfolio: %d expiry notices sent", sent)
        except Exception:
            log.exception("portfolio: expiry pass failed, retrying later")
        await asyncio.sleep(interval_s)
