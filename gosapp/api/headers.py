"""Security headers on every HTTP answer: pages, static assets, /api/*, /_upload.

Pages get a Content-Security-Policy built for the Reflex production build:

- ``script-src``: the built asset folder of the app's own origin(s) plus the sha256 of every
  inline ``<script>`` in the built HTML (React Router's bootstrap, the theme and scroll
  restorers, the streamed hydration chunks), computed at serve time from the files Reflex
  serves. No ``'unsafe-inline'``: an injected ``<script>`` or ``onerror=`` attribute does not
  run. ``'unsafe-eval'`` is needed: Reflex runs what the server sends in ``_call_script`` and
  ``_call_function`` events (``rx.call_script``, ``rx.toast`` from a handler, the sign-in
  redirect) through ``eval`` in ``state.js``. Those strings come from our own handlers over the
  websocket, never from page content.
- ``style-src 'unsafe-inline'``: emotion (Reflex's CSS-in-JS) inserts ``<style>`` elements at
  run time and Radix sets ``style=`` attributes; neither can carry a nonce or a stable hash.
- ``connect-src``: the app's origin(s) and their websocket twins (the origins the websocket
  accepts, see ``Settings.allowed_origins``).
- ``frame-ancestors 'none'`` (and ``X-Frame-Options: DENY`` for old browsers): no page renders
  inside another site's frame (clickjacking of /login).

Everything that is not HTML gets ``default-src 'none'`` (nothing it contains may load or run if a
browser opens it as a document). A route that sets its own policy keeps it (downloads send a
deny-all one for attachments, which X-Frame-Options still keeps out of frames). HSTS is sent only
when the public URL is https.
"""

from __future__ import annotations

import hashlib
from base64 import b64encode
from collections.abc import Callable, Iterable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gosapp.settings import Settings, get_settings

ASSETS_PATH = "/assets/"  # where the Vite build puts every script
NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
HSTS = "max-age=31536000; includeSubDomains"


class _InlineScripts(HTMLParser):
    """Collects the text of every ``<script>`` without a ``src`` attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_script_hashes(html: str) -> set[str]:
    """CSP source expressions (``'sha256-…'``) for the inline scripts of one HTML document."""
    parser = _InlineScripts()
    parser.feed(html.replace("\r\n", "\n"))  # browsers hash the newline-normalised text
    parser.close()
    return {_sha256_source(script) for script in parser.scripts if script}


def _sha256_source(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{b64encode(digest).decode()}'"


def build_script_hashes(build_dir: Path | None) -> frozenset[str]:
    """The inline-script hashes of every HTML file of a build (empty when there is none)."""
    if build_dir is None or not build_dir.is_dir():
        return frozenset()
    return _cached_build_hashes(str(build_dir), build_dir.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _cached_build_hashes(build_dir: str, _mtime_ns: int) -> frozenset[str]:
    found: set[str] = set()
    for path in sorted(Path(build_dir).rglob("*.html")):
        found |= inline_script_hashes(path.read_text(encoding="utf-8"))
    return frozenset(found)


def reflex_build_dir() -> Path | None:
    """The folder Reflex serves the production frontend from (`reflex run --env prod`)."""
    from reflex.utils.prerequisites import get_web_dir
    from reflex_base.constants import Dirs

    return get_web_dir() / Dirs.STATIC


def page_policy(settings: Settings, script_hashes: Iterable[str]) -> str:
    """The Content-Security-Policy of an HTML page."""
    origins = settings.allowed_origins
    sockets = [_websocket_origin(origin) for origin in origins]
    scripts = [*(origin + ASSETS_PATH for origin in origins), "'unsafe-eval'"]
    directives = {
        "default-src": ["'self'"],
        "script-src": [*scripts, *sorted(script_hashes)],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *origins, *sockets],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _websocket_origin(origin: str) -> str:
    scheme = "wss" if urlsplit(origin).scheme == "https" else "ws"
    return f"{scheme}://{urlsplit(origin).netloc}"


def common_headers(settings: Settings) -> dict[str, str]:
    """Headers every answer carries, whatever its type."""
    headers = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if urlsplit(settings.public_url).scheme == "https":
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeaders:
    """Pure ASGI middleware adding the headers above to every HTTP response start.

    Headers a route set itself win; the websocket upgrade passes untouched.
    """

    def __init__(
        self,
        app: ASGIApp,
        settings: Settings | None = None,
        build_dir: Callable[[], Path | None] = reflex_build_dir,
    ) -> None:
        self.app, self.build_dir = app, build_dir
        self.settings = settings or get_settings()
        self.common = common_headers(self.settings)
        self._page_policies: dict[frozenset[str], str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and add the headers to its response start (HTTP only)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._add_headers(MutableHeaders(scope=message), message["status"])
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _add_headers(self, headers: MutableHeaders, status: int) -> None:
        for name, value in self.common.items():
            headers.setdefault(name, value)
        # A 304 has no content type, and browsers merge its headers into the cached page's:
        # a deny-all policy here would replace the page's own and break it.
        if status != 304 and "content-security-policy" not in headers:
            headers["Content-Security-Policy"] = self._policy_for(headers.get("content-type", ""))

    def _policy_for(self, content_type: str) -> str:
        if not content_type.lower().startswith("text/html"):
            return NON_HTML_POLICY
        hashes = build_script_hashes(self._build_dir())
        if hashes not in self._page_policies:
            self._page_policies[hashes] = page_policy(self.settings, hashes)
        return self._page_policies[hashes]

    def _build_dir(self) -> Path | None:
        try:
            return self.build_dir()
        except (ImportError, OSError):
            return None
