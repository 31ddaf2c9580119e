"""The authorization server: authlib's ``AuthorizationServer`` reading a framework-neutral
``HttpRequest`` and answering ``(status, body, headers)``; the web layer adapts both.

A ``Provider`` lives for one HTTP request and works in the caller's database transaction.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import OAuth2Payload
from authlib.oauth2.rfc6749.resource_protector import ResourceProtector
from authlib.oauth2.rfc6750 import BearerTokenGenerator, BearerTokenValidator, InvalidTokenError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oidc.core import UserInfo, UserInfoEndpoint
from sqlmodel import Session, or_, select
from typing_extensions import override

from gosapp.models.accounts import User, utcnow
from gosapp.models.oidc import OidcSigningKey, OidcToken
from gosapp.services.identity.oidc import keys, scopes
from gosapp.services.identity.oidc.clients import AUTH_METHODS, ClientApp, find
from gosapp.services.identity.oidc.grants import (
    CodeGrant,
    OpenID,
    Refresh,
    S256Only,
    TokenRecord,
    revoke_family,
)
from gosapp.services.identity.tokens import new_token, token_hash

ACCESS_TTL = timedelta(minutes=15)
REFRESH_TTL = timedelta(days=30)


@dataclass
class HttpRequest:
    """What the server needs of an HTTP request; ``url`` is the public URL (issuer based)."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)
    form: dict[str, list[str]] = field(default_factory=dict)


class _Payload(OAuth2Payload):
    def __init__(self, request: HttpRequest):
        merged: defaultdict[str, list] = defaultdict(list)
        for source in (request.query, request.form):
            for name, values in source.items():
                merged[name].extend(values)
        self._datalist = merged
        self._data = {name: values[0] for name, values in merged.items() if values}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list]:
        return self._datalist


class _Request(OAuth2Request):
    def __init__(self, request: HttpRequest):
        super().__init__(method=request.method, uri=request.url, headers=request.headers)
        self.payload = _Payload(request)
        self._args = {k: v[0] for k, v in request.query.items() if v}
        self._form = {k: v[0] for k, v in request.form.items() if v}

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


class _Bearer(BearerTokenValidator):
    def __init__(self, provider: Provider):
        super().__init__()
        self.provider = provider

    def authenticate_token(self, token_string: str) -> TokenRecord | None:
        db = self.provider.db
        row = db.exec(select(OidcToken).where(OidcToken.access_hash == token_hash(token_string)))
        found = row.first()
        return TokenRecord(found, db, self.provider.now) if found else None

    def validate_token(self, token, scopes, request) -> None:
        super().validate_token(token, scopes, request)
        if token.get_user() is None:  # consent revoked or client switched off
            raise InvalidTokenError()


class _Protector(ResourceProtector):
    """authlib's resource protector for the one request being answered."""

    def __init__(self, provider: Provider, request: HttpRequest):
        super().__init__()
        self.request = _Request(request)
        self.register_token_validator(_Bearer(provider))

    def acquire_token(self, scopes: str | list[str] | None = None):
        wanted = [scopes] if isinstance(scopes, str) else scopes
        return self.validate_request(wanted, self.request)


class _UserInfo(UserInfoEndpoint):
    def generate_user_info(self, user: User, scope: str) -> UserInfo:
        return scopes.user_claims(user, scope)

    def get_issuer(self) -> str:
        return self.server.issuer  # type: ignore[attr-defined]


class _Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = list(AUTH_METHODS)

    def query_token(self, token_string: str, token_type_hint: str | None):
        db, key = self.server.db, token_hash(token_string)  # type: ignore[attr-defined]
        row = db.exec(
            select(OidcToken).where(
                or_(OidcToken.access_hash == key, OidcToken.refresh_hash == key)
            )
        ).first()
        return TokenRecord(row, db, self.server.now) if row else None  # type: ignore[attr-defined]

    def revoke_token(self, token: TokenRecord, request) -> None:
        revoke_family(self.server.db, token.row.family_id, self.server.now)  # type: ignore[attr-defined]


class Provider(AuthorizationServer):
    """authlib's authorization server for one request, in the caller's transaction."""

    def __init__(
        self,
        db: Session,
        issuer: str,
        *,
        now: datetime | None = None,
        auth_time: datetime | None = None,
        http: HttpRequest | None = None,
    ):
        super().__init__(scopes_supported=list(scopes.SCOPES))
        self.db, self.issuer, self.now = db, issuer.rstrip("/"), now or utcnow()
        self.auth_time = auth_time  # when the signed-in session passed the second factor
        self._key: OidcSigningKey | None = None
        self.register_token_generator(
            "default",
            BearerTokenGenerator(
                lambda **_: new_token(),
                lambda **_: new_token(),
                lambda client, grant_type: int(ACCESS_TTL.total_seconds()),
            ),
        )
        self.register_grant(CodeGrant, [S256Only(required=True), OpenID(self)])
        self.register_grant(Refresh)
        self.register_endpoint(_Revocation)
        if http is not None:
            self.register_endpoint(_UserInfo(resource_protector=_Protector(self, http)))

    @override
    def query_client(self, client_id: str) -> ClientApp | None:
        return find(self.db, client_id) if client_id else None

    @override
    def save_token(self, token: dict, request: Any) -> None:
        source = request.refresh_token or request.authorization_code
        self.db.add(
            OidcToken(
                client_id=request.client.get_client_id(),
                user_id=request.user.id,
                scope=token["scope"],
                access_hash=token_hash(token["access_token"]),
                refresh_hash=token_hash(token["refresh_token"])
                if "refresh_token" in token
                else None,
                family_id=source.row.family_id,
                issued_at=self.now,
                access_expires_at=self.now + timedelta(seconds=int(token["expires_in"])),
                refresh_expires_at=self.now + REFRESH_TTL if "refresh_token" in token else None,
            )
        )
        self.db.flush()

    def new_family(self) -> str:
        """A new token family id (one per authorization code)."""
        return secrets.token_hex(16)

    def signing_key(self) -> OidcSigningKey:
        """The key that signs this request's ID token (rotated when due)."""
        if self._key is None:
            self._key = keys.current(session=self.db, now=self.now)
        return self._key

    @override
    def create_oauth2_request(self, request) -> OAuth2Request:
        return request if isinstance(request, OAuth2Request) else _Request(request)

    @override
    def create_json_request(self, request):
        return self.create_oauth2_request(request)

    @override
    def handle_response(self, status, body, headers):
        return status, body, list(headers)

    def send_signal(self, name, *args, **kwargs) -> None:
        """No signals: auditing is done by the callers."""


def discovery(issuer: str, paths: dict[str, str]) -> dict:
    """The OpenID Provider metadata (``/.well-known/openid-configuration``)."""
    issuer = issuer.rstrip("/")
    return {
        "issuer": issuer,
        **{f"{name}_endpoint": issuer + path for name, path in paths.items() if name != "jwks"},
        "jwks_uri": issuer + paths["jwks"],
        "scopes_supported": list(scopes.SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [keys.ALG],
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": sorted({c for claims in scopes.CLAIMS.values() for c in claims}),
        "ui_locales_supported": ["ru"],
    }
