"""Health of the running app: what /api/health reports."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from gosapp import __version__

log = logging.getLogger(__name__)


def database_ok(engine: Engine) -> bool:
    """True when a trivial query succeeds on ``engine``."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return False
    return True


def health_report(engine: Engine) -> dict:
    """Status, version and the database check."""
    db_ok = database_ok(engine)
    return {
        "status": "ok" if db_ok else "error",
        "version": __version__,
        "checks": {"database": "ok" if db_ok else "unavailable"},
    }
