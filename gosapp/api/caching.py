"""How long browsers keep what we send, and compressing it on the way (SPEC §7).

The production build names its JS and CSS by content (``/assets/<name>-<hash>.js``): a file at
such an address never changes, so browsers keep it a year without asking again. Pages (HTML)
keep their address across deploys, so browsers must ask every time (``no-cache`` still lets them
reuse a copy the server confirms with a 304). An answer that set its own Cache-Control (API
routes say ``no-store``) keeps it.

Compression is gzip for the frontend only. Reflex already serves pre-compressed sidecars of
most build files (``PrecompressedStaticFiles``); GZipMiddleware covers the rest above ~1 KB and
leaves alone what already has a Content-Encoding. It never wraps the websocket (``/_event``),
uploads (``/_upload``) or the API: API answers hold personal data, and compressing a secret next
to text an attacker can reflect leaks it through the length (BREACH); downloads and exports are
sent as they are.
"""

from __future__ import annotations

import re

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
ASSETS_PREFIX = "/assets/"
# Vite's content hash: ``-`` and 8+ URL-safe characters before the extension.
_HASHED = re.compile(r"-[A-Za-z0-9_-]{8,}\.(?:m?js|css)(?:\.map)?$")
UNCOMPRESSED = ("/api/", "/_event", "/_upload")
MIN_COMPRESSED_SIZE = 1024


def is_hashed_asset(path: str) -> bool:
    """Whether ``path`` is a content-named build file (safe to keep forever)."""
    return path.startswith(ASSETS_PREFIX) and bool(_HASHED.search(path))


def cache_control(path: str, status: int, content_type: str) -> str | None:
    """The Cache-Control an answer gets when it set none; None to leave it without."""
    if is_hashed_asset(path) and status in (200, 304):  # never keep a 404 for a year
        return IMMUTABLE
    if content_type.lower().startswith("text/html"):
        return NO_CACHE
    return None


class CachePolicy:
    """Pure ASGI middleware setting Cache-Control on HTTP answers (see the module text)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add Cache-Control to its response start (HTTP only)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    value = cache_control(path, message["status"], headers.get("content-type", ""))
                    if value:
                        headers["Cache-Control"] = value
            await send(message)

        await self.app(scope, receive, send_with_policy)


class Compression:
    """GZip (Starlette's) for frontend answers of ~1 KB and more; everything under
    UNCOMPRESSED, and every websocket, passes untouched."""

    def __init__(self, app: ASGIApp, minimum_size: int = MIN_COMPRESSED_SIZE) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Compress an HTTP answer outside UNCOMPRESSED when the client accepts gzip."""
        if scope["type"] == "http" and not str(scope["path"]).startswith(UNCOMPRESSED):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
