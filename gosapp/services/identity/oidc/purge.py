"""Deleting OIDC rows nobody can use any more (run by the housekeeping job on every worker).

A code or token row is kept for a day after it stops working, so replay and reuse detection
still find it while a client might retry; after that a replay fails as an unknown code or
token anyway. Each purge is one conditional ``DELETE``, so workers running it at once delete
each row once and the others find nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlmodel import Session, col

from gosapp.models.oidc import OidcAuthorizationCode, OidcToken

GRACE = timedelta(days=1)


def purge_expired(*, session: Session, now: datetime) -> int:
    """Delete codes and tokens that stopped working more than ``GRACE`` ago; how many rows."""
    cutoff = now - GRACE
    codes = session.exec(
        delete(OidcAuthorizationCode).where(col(OidcAuthorizationCode.expires_at) < cutoff)
    )
    refresh_dead = or_(
        col(OidcToken.refresh_expires_at).is_(None),
        col(OidcToken.refresh_expires_at) < cutoff,
    )
    tokens = session.exec(
        delete(OidcToken).where(col(OidcToken.access_expires_at) < cutoff, refresh_dead)
    )
    return codes.rowcount + tokens.rowcount
