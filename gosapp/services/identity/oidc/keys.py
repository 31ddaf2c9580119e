"""ID-token signing keys: RSA, rotated every ``ROTATE_AFTER``; the current and the previous key
are published at /.well-known/jwks.json so tokens signed just before a rotation still verify.

Private keys are stored encrypted (Fernet under a key derived from the app secret).
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta

from cryptography.fernet import Fernet
from joserfc.jwk import RSAKey
from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp.models.accounts import utcnow
from gosapp.models.oidc import OidcSigningKey
from gosapp.settings import get_settings

ALG = "RS256"
KEY_BITS = 2048
ROTATE_AFTER = timedelta(days=30)
PUBLISHED = 2  # the current key and the one before it


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"gosapp-oidc-keys:" + get_settings().secret().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _newest(session: Session, limit: int) -> list[OidcSigningKey]:
    return list(
        session.exec(
            select(OidcSigningKey).order_by(col(OidcSigningKey.created_at).desc()).limit(limit)
        )
    )


def rotate(*, session: Session, now: datetime | None = None) -> OidcSigningKey:
    """Make a new current key; the one before is retired but stays published until the next."""
    now = now or utcnow()
    key = RSAKey.generate_key(KEY_BITS, {"use": "sig", "alg": ALG}, auto_kid=True)
    private = json.dumps(key.as_dict(private=True))
    row = OidcSigningKey(
        kid=str(key.kid),
        alg=ALG,
        private_jwk_enc=_fernet().encrypt(private.encode()).decode(),
        public_jwk=json.dumps(key.as_dict(private=False)),
        created_at=now,
    )
    session.exec(
        update(OidcSigningKey)
        .where(col(OidcSigningKey.retired_at).is_(None))
        .values(retired_at=now)
    )
    session.add(row)
    session.flush()
    return row


def current(*, session: Session, now: datetime | None = None) -> OidcSigningKey:
    """The key that signs now (a new one when there is none or it is older than ROTATE_AFTER)."""
    now = now or utcnow()
    newest = _newest(session, 1)
    if newest and now - newest[0].created_at < ROTATE_AFTER:
        return newest[0]
    return rotate(session=session, now=now)


def private_key(row: OidcSigningKey) -> RSAKey:
    """The private key of ``row``, for signing."""
    data = json.loads(_fernet().decrypt(row.private_jwk_enc.encode()))
    return RSAKey.import_key(data)


def jwks(*, session: Session, now: datetime | None = None) -> dict:
    """The published key set: the current key and the previous one (public parts only)."""
    current(session=session, now=now)
    rows = _newest(session, PUBLISHED)
    return {"keys": [json.loads(row.public_jwk) for row in rows]}
