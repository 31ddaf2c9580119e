"""Periodic housekeeping, run as a Reflex lifespan task: uploads that were never attached to a
request (the form was abandoned) are deleted after a day, and so are rate-limit slots older
than the longest limit window (they count for nothing any more) and OIDC codes and tokens a
day after they stopped working.

Every backend worker of every host runs this loop: no lock is needed, because both purges are
conditional deletes of rows that nobody can use any more. Run by N workers at once, each row
(and each upload's bytes) is deleted by exactly one of them; the others find nothing to do.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.engine import Engine

from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.services.documents import backends, storage
from gosapp.services.identity import throttle
from gosapp.services.identity.oidc.purge import purge_expired

log = logging.getLogger(__name__)


def purge_once(engine: Engine | None = None, store: backends.Storage | None = None) -> int:
    """Delete stale staged uploads (rows and bytes), old rate-limit slots and dead OIDC codes
    and tokens; the number of uploads deleted (by this call: a concurrent worker's deletions
    are not counted)."""
    with transaction(engine) as db:
        now = utcnow()
        throttle.purge(session=db, now=now)
        purge_expired(session=db, now=now)
        return storage.purge_stale_staged(session=db, storage=store)


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
