"""authlib's authorization-code and refresh-token grants bound to our tables.

Codes and refresh tokens are *claimed* with one conditional UPDATE (``used_at`` /
``rotated_at`` set only when still unset), so two concurrent requests can never both spend one.
A code or a refresh token presented after it was spent revokes every token of its family
(RFC 6749 §4.1.2, RFC 9700 §4.14.2: reuse detection).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from authlib.oauth2.rfc6749 import TokenMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfo
from authlib.oidc.core.models import AuthorizationCodeMixin
from sqlalchemy import update
from sqlmodel import Session, col, select
from typing_extensions import override

from gosapp.models.accounts import User
from gosapp.models.oidc import OidcAuthorizationCode, OidcConsent, OidcToken
from gosapp.services.common.audit import Actor, record
from gosapp.services.identity.oidc import keys, scopes
from gosapp.services.identity.oidc.clients import AUTH_METHODS, ClientApp, find
from gosapp.services.identity.tokens import token_hash

if TYPE_CHECKING:
    from gosapp.services.identity.oidc.server import Provider

CODE_TTL = timedelta(minutes=5)
ID_TOKEN_TTL = timedelta(minutes=10)


class CodeRecord(AuthorizationCodeMixin):
    """authlib's view of a claimed authorization code."""

    def __init__(self, row: OidcAuthorizationCode):
        self.row = row
        self.code_challenge = row.code_challenge
        self.code_challenge_method = row.code_challenge_method

    @override
    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    @override
    def get_scope(self) -> str:
        return self.row.scope

    @override
    def get_nonce(self) -> str | None:
        return self.row.nonce or None

    @override
    def get_auth_time(self) -> int:
        return int(self.row.auth_time.timestamp())

    @override
    def get_amr(self) -> list[str]:
        return ["pwd", "otp"]  # a session exists only after the password and the second factor


class TokenRecord(TokenMixin):
    """authlib's view of one issued token row."""

    def __init__(self, row: OidcToken, session: Session, now: datetime):
        self.row, self._session, self._now = row, session, now
        self.scope = row.scope

    @override
    def check_client(self, client: ClientApp) -> bool:
        return client.get_client_id() == self.row.client_id

    @override
    def get_scope(self) -> str:
        return self.row.scope

    @override
    def get_expires_in(self) -> int:
        return int((self.row.access_expires_at - self.row.issued_at).total_seconds())

    @override
    def is_expired(self) -> bool:
        return self._now >= self.row.access_expires_at

    @override
    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None

    @override
    def get_user(self) -> User | None:
        return live_user(self._session, self.row.user_id, self.row.client_id, self.row.scope)

    @override
    def get_client(self) -> ClientApp | None:
        return find(self._session, self.row.client_id)


def live_user(session: Session, user_id: int, client_id: str, scope: str) -> User | None:
    """The user, while the client is live and the user's consent still covers ``scope``."""
    consent = session.exec(
        select(OidcConsent).where(
            OidcConsent.user_id == user_id,
            OidcConsent.client_id == client_id,
            col(OidcConsent.revoked_at).is_(None),
        )
    ).first()
    if consent is None or find(session, client_id) is None:
        return None
    if not set(scope.split()) <= set(consent.scope.split()):
        return None
    return session.get(User, user_id)


def revoke_family(session: Session, family_id: str, now: datetime, reuse: str = "") -> None:
    """Every token of the family stops working. ``reuse`` names what came back a second time
    (a code or a refresh token): that is audited, it may mean a stolen credential."""
    session.exec(
        update(OidcToken)
        .where(col(OidcToken.family_id) == family_id, col(OidcToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    if reuse:
        record(
            session=session,
            actor=Actor(role="oidc"),
            action="oidc.reuse_detected",
            object_type="oidc_token_family",
            object_id=family_id,
            outcome="denied",
            details=reuse,
        )


class CodeGrant(grants.AuthorizationCodeGrant):
    """Authorization code grant: codes stored hashed, spent once, PKCE (see ``S256Only``)."""

    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    server: Provider

    @override
    def save_authorization_code(self, code: str, request: Any) -> None:
        data, now = request.payload.data, self.server.now
        self.server.db.add(
            OidcAuthorizationCode(
                code_hash=token_hash(code),
                client_id=request.client.get_client_id(),
                user_id=request.user.id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                nonce=(data.get("nonce") or "")[:255],
                code_challenge=data["code_challenge"],  # S256Only made sure of both
                code_challenge_method=data["code_challenge_method"],
                family_id=self.server.new_family(),
                auth_time=self.server.auth_time or now,
                created_at=now,
                expires_at=now + CODE_TTL,
            )
        )

    @override
    def query_authorization_code(self, code: str, client: ClientApp) -> CodeRecord | None:
        db, now, key = self.server.db, self.server.now, token_hash(code)
        claimed = db.exec(
            update(OidcAuthorizationCode)
            .where(
                col(OidcAuthorizationCode.code_hash) == key,
                col(OidcAuthorizationCode.client_id) == client.get_client_id(),
                col(OidcAuthorizationCode.used_at).is_(None),
                col(OidcAuthorizationCode.expires_at) > now,
            )
            .values(used_at=now)
        )
        row = db.exec(
            select(OidcAuthorizationCode).where(OidcAuthorizationCode.code_hash == key)
        ).first()
        if claimed.rowcount == 1 and row is not None:
            db.refresh(row)
            return CodeRecord(row)
        if row is not None and row.used_at is not None and row.client_id == client.client_id:
            revoke_family(db, row.family_id, now, reuse="authorization_code")
        return None

    def delete_authorization_code(self, authorization_code: CodeRecord) -> None:
        """Nothing to do: the code was marked spent when it was claimed."""

    @override
    def authenticate_user(self, authorization_code: CodeRecord) -> User | None:
        row = authorization_code.row
        return live_user(self.server.db, row.user_id, row.client_id, row.scope)


class S256Only(CodeChallenge):
    """PKCE required for every client, and only with S256 (never ``plain``)."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    @override
    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge' (PKCE S256 is required)")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be 'S256'")
        return super().validate_code_challenge(grant, redirect_uri)


class OpenID(OpenIDCode):
    """OpenID Connect on the code grant: an RS256 ID token signed with the current key."""

    def __init__(self, server: Provider):
        super().__init__(require_nonce=False)
        self.server = server

    @override
    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return (
            self.server.db.exec(
                select(OidcAuthorizationCode.id).where(
                    OidcAuthorizationCode.client_id == request.payload.client_id,
                    OidcAuthorizationCode.nonce == nonce,
                )
            ).first()
            is not None
        )

    def resolve_client_private_key(self, client: ClientApp):
        """The current signing key (one key for every client)."""
        return keys.private_key(self.server.signing_key())

    def get_client_algorithm(self, client: ClientApp) -> str:
        """RS256 for every client."""
        return keys.ALG

    def get_encode_header(self, client: ClientApp) -> dict:
        """The JWS header: the algorithm and the ``kid`` clients look up in the JWKS."""
        return {"alg": keys.ALG, "kid": self.server.signing_key().kid, "typ": "JWT"}

    def get_client_claims(self, client: ClientApp) -> dict:
        """Issuer, audience and the ID token's short life."""
        now = int(self.server.now.timestamp())
        return {
            "iss": self.server.issuer,
            "aud": [client.get_client_id()],
            "iat": now,
            "exp": now + int(ID_TOKEN_TTL.total_seconds()),
        }

    @override
    def generate_user_info(self, user: User, scope: str) -> UserInfo:
        return UserInfo(sub=scopes.subject(user))  # everything else comes from /oauth/userinfo


class Refresh(grants.RefreshTokenGrant):
    """Refresh with rotation: every use gives a new refresh token and spends the old one."""

    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    INCLUDE_NEW_REFRESH_TOKEN = True
    server: Provider

    @override
    def authenticate_refresh_token(self, refresh_token: str) -> TokenRecord | None:
        db, now, key = self.server.db, self.server.now, token_hash(refresh_token)
        client_id = cast(ClientApp, self.request.client).get_client_id()
        claimed = db.exec(
            update(OidcToken)
            .where(
                col(OidcToken.refresh_hash) == key,
                col(OidcToken.client_id) == client_id,
                col(OidcToken.rotated_at).is_(None),
                col(OidcToken.revoked_at).is_(None),
                col(OidcToken.refresh_expires_at) > now,
            )
            .values(rotated_at=now)
        )
        row = db.exec(select(OidcToken).where(OidcToken.refresh_hash == key)).first()
        if claimed.rowcount == 1 and row is not None:
            db.refresh(row)
            return TokenRecord(row, db, now)
        if row is not None and row.rotated_at is not None and row.client_id == client_id:
            revoke_family(db, row.family_id, now, reuse="refresh_token")
        return None

    @override
    def authenticate_user(self, refresh_token: TokenRecord) -> User | None:
        return refresh_token.get_user()

    def revoke_old_credential(self, refresh_token: TokenRecord) -> None:
        """Nothing to do: the old refresh token was marked spent when it was claimed."""
