"""Shared steps of the OIDC tests: a registered client, a real OIDC client library (authlib's
httpx ``AsyncOAuth2Client``) talking to the ASGI app, and the consent screen's form."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client

from gosapp import routes
from gosapp.services.common.audit import Actor
from gosapp.services.identity.oidc import clients

REDIRECT = "http://127.0.0.1:8765/callback"
ALL_SCOPES = "openid profile snils contacts"
SAME_SITE = {"sec-fetch-site": "same-origin"}


def register(session, name="Кабинет СЗН (тест)", scope="") -> clients.NewClient:
    new = clients.add(
        session=session, name=name, redirect_uris=[REDIRECT], scope=scope, actor=Actor()
    )
    session.commit()
    return new


def oauth_client(app, new: clients.NewClient, base_url: str, scope=ALL_SCOPES, **kw):
    """authlib's OIDC client with PKCE S256 talking to ``app`` (ASGI) or a live server."""
    transport = httpx.ASGITransport(app=app) if app is not None else None
    return AsyncOAuth2Client(
        client_id=new.client_id,
        client_secret=new.client_secret,
        scope=scope,
        redirect_uri=kw.pop("redirect_uri", REDIRECT),
        code_challenge_method="S256",
        token_endpoint=base_url + routes.OAUTH_TOKEN,
        base_url=base_url,
        transport=transport,
        **kw,
    )


def authorization_url(client: AsyncOAuth2Client, base_url: str, **extra) -> tuple[str, str, str]:
    """The authorization URL with a fresh PKCE verifier and nonce: (url, verifier, nonce)."""
    verifier, nonce = generate_token(48), generate_token(20)
    url, _state = client.create_authorization_url(
        base_url + routes.OAUTH_AUTHORIZE, code_verifier=verifier, nonce=nonce, **extra
    )
    return url, verifier, nonce


def consent_form(html: str) -> dict[str, str]:
    """The hidden CSRF token of the consent screen."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return {"csrf": unescape(found.group(1))}


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
