"""Periodic housekeeping, run as a Reflex lifespan task: uploads that were never attached to a
request (the form was abandoned) are deleted after a day, and so are rate-limit slots older
than the longest limit window (they count for nothing any more)."""

from __future__ import annotations

import asyncio
import logging

from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.services.documents import storage
from gosapp.services.identity import throttle

log = logging.getLogger(__name__)


def purge_once() -> int:
    """Delete stale staged uploads (rows and bytes) and old rate-limit slots; the number of
    uploads deleted."""
    with transaction() as db:
        throttle.purge(session=db, now=utcnow())
        return storage.purge_stale_staged(session=db)


async def housekeeping_loop(interval_s: float = 3600.0) -> None:
    """Run ``purge_once`` every ``interval_s`` seconds until cancelled; errors are logged."""
    while True:
        try:
            purged = await asyncio.to_thread(purge_once)
            if purged:
                log.info("housekeeping: %d stale uploads deleted", purged)
        except Exception:
            log.exception("housekeeping: pass failed, retrying later")
        await asyncio.sleep(interval_s)
