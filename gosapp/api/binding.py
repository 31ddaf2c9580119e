"""What Reflex may learn of a browser's cookies: keyed hashes only, never the cookies.

Reflex keeps the websocket handshake's headers with each tab's state and hands that state to
whoever presents the tab's client token. So the raw cookies never reach it: for the websocket
(``/_event``) and uploads (``/_upload``) this middleware drops the ``Cookie`` header and puts
the database keys of our two cookies under headers only it may set. A key opens nothing: every
route that accepts a cookie hashes the raw value it was sent.

- ``gosapp_session`` (set at sign-in by ``/api/auth/session``) becomes ``x-gosapp-session``.
- ``gosapp_browser``, a random pre-login cookie this middleware gives every browser on its
  first page load, becomes ``x-gosapp-browser``. Login tickets and registration are bound to it.

An upload is an HTTP request of its own: it runs only when its own session cookie is the one the
tab's state is bound to (``state/binding.py``), so a copied client token cannot plant a file.
"""

from collections.abc import Awaitable, Callable
from http.cookies import CookieError, SimpleCookie

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gosapp.services.identity import sessions
from gosapp.services.identity.tokens import new_token, token_hash
from gosapp.settings import get_settings

BROWSER_COOKIE = "gosapp_browser"
SESSION_HEADER = "x-gosapp-session"
BROWSER_HEADER = "x-gosapp-browser"
OURS = (SESSION_HEADER.encode(), BROWSER_HEADER.encode(), b"cookie")
REFLEX_PATHS = ("/_event", "/_upload")
UPLOAD_PATH = "/_upload"
API_PREFIX = "/api/"  # our own routes (gosapp.routes): they read the raw cookies themselves

UploadOwner = Callable[[str], Awaitable[str]]  # client token -> the binding its state holds


def cookies_of(header: str) -> dict[str, str]:
    """Our two cookies from a Cookie header ({} when malformed)."""
    try:
        jar = SimpleCookie(header or "")
    except CookieError:
        return {}
    names = (sessions.COOKIE_NAME, BROWSER_COOKIE)
    return {name: jar[name].value for name in names if name in jar}


def keyed_headers(cookie_header: str) -> list[tuple[bytes, bytes]]:
    """The headers that stand in for the cookies: keyed hashes, never the raw values."""
    jar = cookies_of(cookie_header)
    pairs = [(SESSION_HEADER, sessions.COOKIE_NAME), (BROWSER_HEADER, BROWSER_COOKIE)]
    return [(h.encode(), token_hash(jar[c]).encode()) for h, c in pairs if jar.get(c)]


def binding_of(headers: dict[str, str]) -> str:
    """Who a connection speaks for: its session key and browser key (empty when absent)."""
    return f"{headers.get(SESSION_HEADER, '')}|{headers.get(BROWSER_HEADER, '')}"


def _header(scope: Scope, name: bytes) -> str:
    return next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == name), "")


class CookieShield:
    """ASGI middleware: keyed cookie headers for Reflex, the browser cookie for new visitors."""

    def __init__(self, app: ASGIApp, upload_owner: UploadOwner | None = None) -> None:
        self.app = app
        self.upload_owner = upload_owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite Reflex's requests; give page loads the browser cookie."""
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if path.startswith(REFLEX_PATHS):
            return await self._to_reflex(scope, receive, send)
        if scope["type"] == "http" and not path.startswith(API_PREFIX):
            return await self.app(scope, receive, self._with_browser_cookie(scope, send))
        return await self.app(scope, receive, send)

    async def _to_reflex(self, scope: Scope, receive: Receive, send: Send) -> None:
        cookie = _header(scope, b"cookie")
        headers = [(k, v) for k, v in scope.get("headers", []) if k not in OURS]
        scope = {**scope, "headers": headers + keyed_headers(cookie)}
        upload = scope["type"] == "http" and scope.get("method") == "POST"
        if (
            upload
            and scope["path"].startswith(UPLOAD_PATH)
            and not await self._upload_allowed(scope)
        ):
            refusal = PlainTextResponse("Сеанс не совпадает: обновите страницу", status_code=403)
            return await refusal(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _upload_allowed(self, scope: Scope) -> bool:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if self.upload_owner is None or not headers.get(SESSION_HEADER):
            return False
        owner = await self.upload_owner(headers.get("reflex-client-token", ""))
        return owner == binding_of(headers)

    def _with_browser_cookie(self, scope: Scope, send: Send) -> Send:
        if cookies_of(_header(scope, b"cookie")).get(BROWSER_COOKIE):
            return send
        secure = "; Secure" if get_settings().public_url.startswith("https://") else ""
        value = f"{BROWSER_COOKIE}={new_token()}; Path=/; HttpOnly; SameSite=Lax{secure}"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"set-cookie", value.encode())]
                message = {**message, "headers": headers}
            await send(message)

        return send_with_cookie
