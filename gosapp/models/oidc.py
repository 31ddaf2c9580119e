"""«Вход через Госуслуги»: gosapp as an OpenID Connect provider (issue 17, item 7).

Nothing a client could use is stored in the clear: client secrets, authorization codes, access
and refresh tokens are kept as keyed hashes (``identity.tokens.token_hash``). Signing keys are
kept encrypted under the app secret. Times are UTC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class OidcClient(SQLModel, table=True):
    """A registered client application (a connected service such as «Кабинет СЗН»)."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    client_id: str = Field(max_length=64, unique=True, index=True)
    secret_hash: str = Field(max_length=64)
    name: str = Field(max_length=120)
    redirect_uris: str = Field(max_length=2000)  # one exact URI per line
    scopes: str = Field(max_length=200)  # allowed scopes, space separated
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class OidcAuthorizationCode(SQLModel, table=True):
    """A one-time code handed to a client's redirect URI; spent at the token endpoint."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    code_hash: str = Field(max_length=64, unique=True, index=True)
    client_id: str = Field(foreign_key="oidcclient.client_id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    redirect_uri: str = Field(max_length=500)
    scope: str = Field(max_length=200)
    nonce: str = Field(default="", max_length=255)
    code_challenge: str = Field(max_length=128)
    code_challenge_method: str = Field(max_length=10)
    family_id: str = Field(max_length=32)  # the tokens this code gives share it (replay revokes)
    auth_time: datetime  # when the user's session passed the second factor
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class OidcToken(SQLModel, table=True):
    """One issued access token with its refresh token. A refresh makes a new row in the same
    family and marks this one ``rotated_at``; presenting a rotated refresh token again revokes
    the whole family (reuse detection)."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    client_id: str = Field(foreign_key="oidcclient.client_id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    scope: str = Field(max_length=200)
    access_hash: str = Field(max_length=64, unique=True, index=True)
    refresh_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    family_id: str = Field(max_length=32, index=True)
    issued_at: datetime = Field(default_factory=utcnow)
    access_expires_at: datetime
    refresh_expires_at: datetime | None = None
    rotated_at: datetime | None = None  # the refresh token was spent
    revoked_at: datetime | None = None


class OidcConsent(SQLModel, table=True):
    """What a user allowed a client to read; revoking it revokes every token of the pair."""

    __table_args__ = (UniqueConstraint("user_id", "client_id", name="uq_oidcconsent_user_client"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    client_id: str = Field(foreign_key="oidcclient.client_id", index=True, ondelete="CASCADE")
    scope: str = Field(max_length=200)
    granted_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class OidcSigningKey(SQLModel, table=True):
    """An RSA key that signs ID tokens; the current one and the one before are published."""

    kid: str = Field(primary_key=True, max_length=64)
    alg: str = Field(default="RS256", max_length=10)
    private_jwk_enc: str = Field(max_length=8000)  # Fernet under the app secret
    public_jwk: str = Field(max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    retired_at: datetime | None = None
