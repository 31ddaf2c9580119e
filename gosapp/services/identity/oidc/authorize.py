"""The authorization endpoint's decisions: who is asking, what the consent screen shows, and
the answer once the user allows or refuses. The web layer renders and redirects.

Only a signed-in session counts, and a session exists only after the password and the second
factor (``sessions.signed_in_user`` also requires an enrolled authenticator).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from authlib.oauth2 import OAuth2Error
from authlib.oidc.core.errors import ConsentRequiredError
from sqlmodel import Session

from gosapp.models.accounts import AuthSession, User
from gosapp.services.common.audit import Actor
from gosapp.services.identity import sessions
from gosapp.services.identity.oidc import consents, scopes
from gosapp.services.identity.oidc.server import HttpRequest, Provider
from gosapp.settings import get_settings

Answer = tuple[int, object, list[tuple[str, str]]]  # status, body, headers


@dataclass(frozen=True)
class SignedIn:
    """The user of a live session and when that session passed the second factor."""

    user: User
    auth_time: datetime


@dataclass(frozen=True)
class Screen:
    """The consent screen: which application asks for what."""

    client_name: str
    scope_labels: list[str]
    redirect_host: str
    user_name: str  # who is signed in: a shared computer may still hold someone else's session


@dataclass(frozen=True)
class Refusal:
    """A request that cannot be sent back to any client (unknown client, foreign redirect URI)."""

    message: str


def signed_in(db: Session, session_key: str) -> SignedIn | None:
    """The session's user with the second factor done, or None (then: sign in first)."""
    user = sessions.signed_in_user(session=db, key=session_key)
    row = db.get(AuthSession, session_key) if user is not None else None
    return SignedIn(user, row.created_at) if user is not None and row is not None else None


def _prompts(http: HttpRequest) -> set[str]:
    return set(" ".join(http.query.get("prompt", [])).split())


def without_session(db: Session, http: HttpRequest) -> Refusal | Answer | None:
    """No signed-in user: None (then the login page, and back), or, for ``prompt=none``, the
    client's ``login_required`` (the request is checked first, so only to a known address)."""
    if "none" not in _prompts(http):
        return None
    provider = Provider(db, get_settings().public_url)
    try:
        provider.get_consent_grant(http, end_user=None)
    except OAuth2Error as error:
        return _error(provider, http, error)
    return None  # not reached: authlib refuses prompt=none without a user


def begin(db: Session, http: HttpRequest, who: SignedIn) -> Screen | Refusal | Answer:
    """Check the request; the consent screen, or at once an answer (an error for the client,
    or a code when the user already allowed all of it and ``prompt`` does not ask again)."""
    provider = Provider(db, get_settings().public_url, auth_time=who.auth_time)
    try:
        grant = provider.get_consent_grant(http, end_user=who.user)
        request = grant.request
        client = request.client
        allowed = consents.covers(db, who.user.id, client.get_client_id(), request.scope)
        if "none" in _prompts(http) and not allowed:
            raise ConsentRequiredError(redirect_uri=request.payload.redirect_uri)
    except OAuth2Error as error:
        error.state = http.query.get("state", [None])[0]
        return _error(provider, http, error)
    if allowed and "consent" not in _prompts(http):
        answer = provider.create_authorization_response(http, grant_user=who.user, grant=grant)
        return cast(Answer, answer)
    redirect = request.payload.redirect_uri or ""
    user = who.user
    initials = "".join(f"{part[0]}." for part in (user.first_name, user.patronymic) if part)
    name = f"{user.last_name} {initials}"
    return Screen(client.row.name, scopes.labels(request.scope), _host(redirect), name)


def decide(db: Session, http: HttpRequest, who: SignedIn, *, allow: bool, actor: Actor) -> Answer:
    """«Разрешить» (a code, consent recorded) or «Отказать» (access_denied) to the client."""
    provider = Provider(db, get_settings().public_url, auth_time=who.auth_time)
    try:
        grant = provider.get_consent_grant(http, end_user=who.user)
    except OAuth2Error as error:
        result = _error(provider, http, error)
        return result if not isinstance(result, Refusal) else (400, result.message, [])
    if allow:
        consents.grant(
            db=db,
            user_id=who.user.id,
            client_id=grant.request.client.get_client_id(),
            scope=grant.request.scope,
            actor=actor,
        )
    user = who.user if allow else None
    return cast(Answer, provider.create_authorization_response(http, grant_user=user, grant=grant))


def _error(provider: Provider, http: HttpRequest, error: OAuth2Error) -> Refusal | Answer:
    if error.redirect_uri:  # the client and its redirect URI are known: tell the client
        return cast(
            Answer, provider.handle_error_response(provider.create_oauth2_request(http), error)
        )
    return Refusal(_REFUSALS.get(error.error or "", "Запрос на вход составлен неверно."))


_REFUSALS = {
    "invalid_client": "Приложение не зарегистрировано на портале или отключено.",
    "invalid_request": "Адрес возврата приложения не совпадает с зарегистрированным.",
}


def _host(uri: str) -> str:
    return uri.split("//", 1)[-1].split("/", 1)[0]


def consent_token(session_key: str, query: str, salt: str = "") -> str:
    """The CSRF token of a consent form: bound to the session and to this very request.

    A fresh random salt per page: the page is gzipped and reflects the request's parameters,
    so a token that never changed could be read out through the compressed length (BREACH).
    """
    salt = salt or secrets.token_hex(8)
    key = get_settings().secret().encode()
    message = f"oidc-consent|{salt}|{session_key}|{query}".encode()
    return f"{salt}.{hmac.new(key, message, hashlib.sha256).hexdigest()}"


def consent_token_ok(session_key: str, query: str, token: str) -> bool:
    """Constant-time check of a consent form's CSRF token."""
    salt, _, _ = token.partition(".")
    if not session_key or not salt:
        return False
    return hmac.compare_digest(consent_token(session_key, query, salt), token)
