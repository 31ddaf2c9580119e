"""Health of the running app: what /api/health reports.

Three checks: the database answers a query; Redis answers PING (only when GOSAPP_REDIS_URL is
set); document storage works — the private documents folder takes a file (created, written,
synced and removed), or the storage backend's own check (the database backend: its chunk
table answers; ``Storage.check`` in services/documents/backends.py). Each
failure is logged with its cause and named in the report; the report itself says only which
check failed, never why (no host names or paths to whoever asks).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from gosapp import __version__

log = logging.getLogger(__name__)
REDIS_TIMEOUT_S = 2.0
OK, UNAVAILABLE, NOT_WRITABLE = "ok", "unavailable", "not writable"


def database_ok(engine: Engine) -> bool:
    """True when a trivial query succeeds on ``engine``."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return False
    return True


def redis_ok(url: str) -> bool:
    """True when the Redis server at ``url`` answers PING within a couple of seconds."""
    import redis  # Reflex's dependency; only needed when Redis is configured

    client = redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S
    )
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        log.exception("health check: Redis unreachable")
        return False
    finally:
        client.close()


def storage_ok(folder: Path) -> bool:
    """True when a file can be created, written, synced and removed in ``folder``."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".health-")
        try:
            os.write(fd, b"ok")
            os.fsync(fd)
        finally:
            os.close(fd)
            Path(name).unlink(missing_ok=True)
    except OSError:
        log.exception("health check: documents folder %s is not writable", folder)
        return False
    return True


def health_report(
    engine: Engine, *, redis_url: str = "", storage: Path | Callable[[], str] | None = None
) -> dict:
    """Status, version and the checks: database, Redis (when ``redis_url``), storage (when
    ``storage`` is given: the documents folder, or a check returning ``OK`` or what failed)."""
    checks = {"database": OK if database_ok(engine) else UNAVAILABLE}
    if redis_url:
        checks["redis"] = OK if redis_ok(redis_url) else UNAVAILABLE
    if isinstance(storage, Path):
        checks["storage"] = OK if storage_ok(storage) else NOT_WRITABLE
    elif storage is not None:
        checks["storage"] = storage()
    return {
        "status": "ok" if all(v == OK for v in checks.values()) else "error",
        "version": __version__,
        "checks": checks,
    }
