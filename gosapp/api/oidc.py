"""«Вход через Госуслуги»: the OpenID Connect endpoints (discovery, JWKS, authorize with the
consent screen, token, userinfo, revocation). The protocol is authlib's
(``services.identity.oidc``); this module only adapts Starlette requests and answers.

The consent screen is a small server-rendered page: it needs no websocket, carries a CSRF token
bound to the session and to the request, accepts only same-site posts, and has a policy of its
own (no script at all; the form may post only here and go on only to the client's address).
"""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from gosapp import routes
from gosapp.api.auth import request_actor, same_site
from gosapp.api.oidc_page import consent_page, refusal_page
from gosapp.db import transaction
from gosapp.services.identity import sessions
from gosapp.services.identity.oidc import authorize, keys
from gosapp.services.identity.oidc.server import HttpRequest, Provider, discovery
from gosapp.settings import get_settings

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
REFUSED = "Запрос отклонён: откройте вход из приложения ещё раз."
ENDPOINTS = {
    "authorization": routes.OAUTH_AUTHORIZE,
    "token": routes.OAUTH_TOKEN,
    "userinfo": routes.OAUTH_USERINFO,
    "revocation": routes.OAUTH_REVOKE,
    "jwks": routes.OIDC_JWKS,
}


async def _http(request: Request) -> HttpRequest:
    """The request as the provider reads it (query and, for posts, the urlencoded form)."""
    query: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        query.setdefault(name, []).append(value)
    form: dict[str, list[str]] = {}
    if request.method == "POST":
        for name, value in (await request.form()).multi_items():
            if isinstance(value, str):
                form.setdefault(name, []).append(value)
    url = get_settings().public_url.rstrip("/") + request.url.path
    url += f"?{request.url.query}" if request.url.query else ""
    headers = {k.title(): v for k, v in request.headers.items()}
    return HttpRequest(request.method, url, headers, query, form)


def _answer(result: tuple[int, object, list[tuple[str, str]]]) -> Response:
    status, body, headers = result
    content = json.dumps(body, ensure_ascii=False) if isinstance(body, dict) else str(body or "")
    response = Response(content, status_code=status, headers=dict(headers))
    response.headers.update(NO_STORE)
    return response


async def openid_configuration(_request: Request) -> JSONResponse:
    """``/.well-known/openid-configuration``: where everything is and what is supported."""
    return JSONResponse(discovery(get_settings().public_url, ENDPOINTS))


async def jwks(request: Request) -> JSONResponse:
    """``/.well-known/jwks.json``: the current signing key and the previous one."""

    def load() -> dict:
        with transaction(request.app.state.engine()) as db:
            return keys.jwks(session=db)

    return JSONResponse(await run_in_threadpool(load), headers={"Cache-Control": "max-age=300"})


async def authorize_endpoint(request: Request) -> Response:
    """GET: the consent screen (or sign in first); POST: the user's «Разрешить» / «Отказать»."""
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method == "POST" and not same_site(request):
        return _refused()
    http = await _http(request)

    def work() -> Response:
        with transaction(request.app.state.engine()) as db:
            who = authorize.signed_in(db, key)
            if who is None:
                silent = authorize.without_session(db, http)
                if isinstance(silent, authorize.Refusal):
                    return refusal_page(silent.message)
                if silent is not None:
                    return _answer(silent)
                return RedirectResponse(routes.login_to(here), status_code=303, headers=NO_STORE)
            sessions.touch(session=db, key=key)
            if request.method == "POST":
                return _decide(db, http, who, key, request)
            outcome = authorize.begin(db, http, who)
            if isinstance(outcome, authorize.Refusal):
                return refusal_page(outcome.message)
            if isinstance(outcome, authorize.Screen):
                token = authorize.consent_token(key, request.url.query)
                return consent_page(outcome, here, token, _origin(http))
            return _answer(outcome)

    return await run_in_threadpool(work)


def _decide(db, http: HttpRequest, who, key: str, request: Request) -> Response:
    posted = {k: v[0] for k, v in http.form.items()}
    if not authorize.consent_token_ok(key, request.url.query, posted.get("csrf", "")):
        return _refused()
    http = replace(http, form={})  # the authorization request is the query, never the form
    actor = replace(request_actor(request), user_id=who.user.id, role="citizen")
    allow = posted.get("decision") == "allow"
    return _answer(authorize.decide(db, http, who, allow=allow, actor=actor))


def _refused() -> Response:
    return PlainTextResponse(REFUSED, status_code=403, headers=NO_STORE)


def _origin(http: HttpRequest) -> str:
    redirect = (http.query.get("redirect_uri") or [""])[0]
    parts = urlsplit(redirect)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _provider_call(request: Request, call) -> Response:
    with transaction(request.app.state.engine()) as db:
        return _answer(call(Provider(db, get_settings().public_url, http=request.state.oidc)))


async def token_endpoint(request: Request) -> Response:
    """``POST /oauth/token``: authorization_code (PKCE S256) and refresh_token (rotated)."""
    request.state.oidc = http = await _http(request)
    return await run_in_threadpool(_provider_call, request, lambda p: p.create_token_response(http))


async def userinfo_endpoint(request: Request) -> Response:
    """``/oauth/userinfo``: the claims the token's scopes allow (Bearer token)."""
    request.state.oidc = http = await _http(request)
    return await run_in_threadpool(
        _provider_call, request, lambda p: p.create_endpoint_response("userinfo", http)
    )


async def revoke_endpoint(request: Request) -> Response:
    """``POST /oauth/revoke`` (RFC 7009): the token's whole family stops working."""
    request.state.oidc = http = await _http(request)
    return await run_in_threadpool(
        _provider_call, request, lambda p: p.create_endpoint_response("revocation", http)
    )
