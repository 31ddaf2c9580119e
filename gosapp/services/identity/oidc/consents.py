"""What a user allowed each application to read: recorded at «Разрешить», listed and revoked on
«Доступ приложений». Revoking a consent revokes every token and unspent code of the pair at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from gosapp.models.accounts import utcnow
from gosapp.models.oidc import OidcAuthorizationCode, OidcClient, OidcConsent, OidcToken
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import display_time
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.oidc import scopes


def _live(db: Session, user_id: int, client_id: str) -> OidcConsent | None:
    return db.exec(
        select(OidcConsent).where(
            OidcConsent.user_id == user_id,
            OidcConsent.client_id == client_id,
            col(OidcConsent.revoked_at).is_(None),
        )
    ).first()


def covers(db: Session, user_id: int, client_id: str, scope: str) -> bool:
    """Whether the user already allowed ``client_id`` everything ``scope`` asks for."""
    consent = _live(db, user_id, client_id)
    return consent is not None and set(scope.split()) <= set(consent.scope.split())


def grant(*, db: Session, user_id: int, client_id: str, scope: str, actor: Actor) -> None:
    """Record that the user allowed ``scope`` (added to what was allowed before)."""
    now = utcnow()
    row = db.exec(
        select(OidcConsent).where(
            OidcConsent.user_id == user_id, OidcConsent.client_id == client_id
        )
    ).first()
    if row is None:
        try:
            with db.begin_nested():
                db.add(
                    OidcConsent(user_id=user_id, client_id=client_id, scope=scope, granted_at=now)
                )
        except IntegrityError:  # a parallel «Разрешить» of the same pair got there first
            row = db.exec(
                select(OidcConsent).where(
                    OidcConsent.user_id == user_id, OidcConsent.client_id == client_id
                )
            ).one()
    if row is not None:
        before = set(row.scope.split()) if row.revoked_at is None else set()
        row.scope = scopes.join(before | set(scope.split()))
        row.granted_at, row.revoked_at = now, None
        db.add(row)
    record(
        session=db,
        actor=actor,
        action="oidc.consent_granted",
        object_type="oidc_client",
        object_id=client_id,
        details=scope,
    )


def connected(db: Session, user_id: int) -> list[dict[str, str]]:
    """The user's connected applications: name, what they may read, since when."""
    rows = db.exec(
        select(OidcConsent, OidcClient)
        .join(OidcClient, col(OidcClient.client_id) == col(OidcConsent.client_id))
        .where(OidcConsent.user_id == user_id, col(OidcConsent.revoked_at).is_(None))
        .order_by(col(OidcConsent.granted_at).desc())
    )
    return [
        {
            "client_id": client.client_id,
            "name": client.name,
            "scopes": ", ".join(scopes.labels(consent.scope)),
            "granted": display_time(consent.granted_at),
        }
        for consent, client in rows
    ]


def end_tokens(db: Session, user_id: int, now: datetime | None = None) -> int:
    """After a password change or reset: every application's tokens and unspent codes for
    this user stop working (the apps must sign the user in again; the consents stay).
    How many tokens were live."""
    now = now or utcnow()
    ended = db.exec(
        update(OidcToken)
        .where(col(OidcToken.user_id) == user_id, col(OidcToken.revoked_at).is_(None))
        .values(revoked_at=now)
    ).rowcount
    db.exec(
        update(OidcAuthorizationCode)
        .where(
            col(OidcAuthorizationCode.user_id) == user_id,
            col(OidcAuthorizationCode.used_at).is_(None),
        )
        .values(used_at=now)
    )
    return int(ended or 0)


def revoke(
    *, db: Session, user_id: int, client_id: str, actor: Actor, now: datetime | None = None
) -> None:
    """«Отключить»: the consent ends, and so do every token and unspent code of the pair."""
    now = now or utcnow()
    consent = _live(db, user_id, client_id)
    if consent is None:
        raise NotFound("Приложение уже отключено")
    consent.revoked_at = now
    db.add(consent)
    pair = (col(OidcToken.user_id) == user_id, col(OidcToken.client_id) == client_id)
    db.exec(
        update(OidcToken).where(*pair, col(OidcToken.revoked_at).is_(None)).values(revoked_at=now)
    )
    db.exec(
        update(OidcAuthorizationCode)
        .where(
            col(OidcAuthorizationCode.user_id) == user_id,
            col(OidcAuthorizationCode.client_id) == client_id,
            col(OidcAuthorizationCode.used_at).is_(None),
        )
        .values(used_at=now)
    )
    record(
        session=db,
        actor=actor,
        action="oidc.consent_revoked",
        object_type="oidc_client",
        object_id=client_id,
    )
