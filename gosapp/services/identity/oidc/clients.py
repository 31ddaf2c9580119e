"""Registered client applications: who may ask for sign-in, where codes go, which scopes.

``ClientApp`` is what authlib's server sees (its ``ClientMixin``); the row keeps only the keyed
hash of the secret, which is printed once when the client is added.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from authlib.oauth2.rfc6749 import ClientMixin
from sqlalchemy import update
from sqlmodel import Session, col, select
from typing_extensions import override

from gosapp.models.accounts import utcnow
from gosapp.models.oidc import OidcClient, OidcConsent, OidcToken
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.identity.oidc import scopes
from gosapp.services.identity.tokens import matches, new_token, token_hash

GRANT_TYPES = ("authorization_code", "refresh_token")
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
MAX_REDIRECT_URI = 500


class ClientApp(ClientMixin):
    """authlib's view of one registered, not revoked client."""

    def __init__(self, row: OidcClient):
        self.row = row
        self.client_id = row.client_id
        self.client_metadata: dict[str, str] = {}  # no signed userinfo, no per-client alg

    @override
    def get_client_id(self) -> str:
        return self.row.client_id

    @override
    def get_default_redirect_uri(self) -> None:
        return None  # the request must name its redirect URI, matched exactly

    @override
    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.row.scopes.split())
        return scopes.join([s for s in scopes.split(scope) if s in allowed])

    @override
    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.row.redirect_uris.splitlines()

    @override
    def check_client_secret(self, client_secret: str) -> bool:
        return matches(client_secret, self.row.secret_hash)

    @override
    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    @override
    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    @override
    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in GRANT_TYPES


def find(session: Session, client_id: str) -> ClientApp | None:
    """The live client ``client_id``, or None (unknown or revoked)."""
    row = session.exec(select(OidcClient).where(OidcClient.client_id == client_id)).first()
    return ClientApp(row) if row is not None and row.revoked_at is None else None


@dataclass(frozen=True)
class NewClient:
    """A client just added: its id and secret, shown once."""

    client_id: str
    client_secret: str


def check_redirect_uri(uri: str) -> str:
    """``uri`` when it may receive codes: absolute https (http only on loopback), no fragment."""
    parts = urlsplit(uri)
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if (
        len(uri) > MAX_REDIRECT_URI
        or parts.fragment
        or not parts.hostname
        or not (parts.scheme == "https" or (parts.scheme == "http" and loopback))
    ):
        raise Invalid("redirect_uri", f"Недопустимый адрес возврата: {uri}")
    return uri


def add(
    *,
    session: Session,
    name: str,
    redirect_uris: list[str],
    scope: str = "",
    actor: Actor,
    client_id: str = "",
    client_secret: str = "",
) -> NewClient:
    """Register a client; its id and secret are returned once (random unless given: demo)."""
    name = name.strip()
    if not name or len(name) > 120:
        raise Invalid("name", "Укажите название приложения (до 120 символов)")
    uris = [check_redirect_uri(u.strip()) for u in redirect_uris if u.strip()]
    if not uris:
        raise Invalid("redirect_uri", "Укажите хотя бы один адрес возврата")
    allowed = scopes.split(scope or " ".join(scopes.SCOPES))
    if "openid" not in allowed:
        allowed.insert(0, "openid")
    client_id = client_id or f"gs-{secrets.token_hex(8)}"
    client_secret = client_secret or new_token()
    session.add(
        OidcClient(
            client_id=client_id,
            secret_hash=token_hash(client_secret),
            name=name,
            redirect_uris="\n".join(uris),
            scopes=scopes.join(allowed),
        )
    )
    record(
        session=session,
        actor=actor,
        action="oidc.client_added",
        object_type="oidc_client",
        object_id=client_id,
        details=name,
    )
    return NewClient(client_id, client_secret)


def listing(session: Session) -> list[OidcClient]:
    """Every registered client, the newest first (revoked ones too)."""
    return list(session.exec(select(OidcClient).order_by(col(OidcClient.created_at).desc())))


def revoke(*, session: Session, client_id: str, actor: Actor, now: datetime | None = None) -> None:
    """Switch a client off: it can no longer sign anyone in, and its tokens stop working."""
    now = now or utcnow()
    row = session.exec(select(OidcClient).where(OidcClient.client_id == client_id)).first()
    if row is None:
        raise NotFound("Приложение не найдено")
    row.revoked_at = row.revoked_at or now
    session.add(row)
    session.exec(
        update(OidcToken)
        .where(col(OidcToken.client_id) == client_id, col(OidcToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    session.exec(
        update(OidcConsent)
        .where(col(OidcConsent.client_id) == client_id, col(OidcConsent.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    record(
        session=session,
        actor=actor,
        action="oidc.client_revoked",
        object_type="oidc_client",
        object_id=client_id,
    )
