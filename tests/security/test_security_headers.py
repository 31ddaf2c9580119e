"""Security headers on every HTTP answer, checked on the ASGI app (no browser, no build).

Attacks these stand for:
- clickjacking: another site frames /login (or any page) and overlays it — every answer says
  ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``;
- script injection (XSS): an injected ``<script>`` or ``onerror=`` must not run — pages allow
  scripts only from the build's asset folder and the inline scripts whose sha256 the built HTML
  has (never ``'unsafe-inline'`` for scripts);
- MIME sniffing of downloads and uploads, leaking the URL (with a login ticket) in Referer,
  powerful browser features (camera, microphone, geolocation) used from a hijacked page;
- protocol downgrade: HSTS once the public URL is https.
The browser check of the same policy against the production build is tests/e2e/security/.
"""

import hashlib
from base64 import b64encode

import httpx
import pytest
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from gosapp.api.app import create_api
from gosapp.api.headers import (
    NON_HTML_POLICY,
    SecurityHeaders,
    inline_script_hashes,
    page_policy,
)
from gosapp.settings import Settings

INLINE = 'window.__reactRouterContext = {"ssr":false};'
PAGE = f"""<!DOCTYPE html><html lang="ru"><head>
<script>{INLINE}</script>
<script type="module" async="">import "/assets/manifest-1.js";</script>
<script src="/assets/entry.client-1.js"></script>
</head><body><div id="root"></div></body></html>"""


def sha256_source(text: str) -> str:
    return "'sha256-" + b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: values for name, *values in parts}


async def fake_reflex(scope, receive, send):
    """Stands in for the Reflex app mounted inside: a page, an asset and an upload answer."""
    path = scope["path"]
    if path.startswith("/assets/"):
        response = PlainTextResponse("export {}", media_type="text/javascript")
    elif path.startswith("/_upload"):
        response = JSONResponse([])
    else:
        response = HTMLResponse(PAGE)
    await response(scope, receive, send)


@pytest.fixture
def build(tmp_path, monkeypatch):
    """A production build folder as Reflex lays it out, with one page in it."""
    client = tmp_path / "web" / "build" / "client"
    (client / "login").mkdir(parents=True)
    (client / "login.html").write_text(PAGE)
    (client / "index.html").write_text("<html><script>let a = 1;</script></html>")
    monkeypatch.setenv("REFLEX_WEB_WORKDIR", str(tmp_path / "web"))
    return client


async def fetch(path: str, method: str = "GET", engine=None) -> httpx.Response:
    api = create_api(lambda: engine)
    api.mount("", fake_reflex)
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:3000") as client:
        return await client.request(method, path)


COMMON = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


@pytest.mark.anyio
async def test_a_page_carries_a_csp_with_the_hashes_of_the_builds_inline_scripts(build):
    response = await fetch("/login")
    assert response.status_code == 200
    for name, value in COMMON.items():
        assert response.headers[name] == value
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert sha256_source(INLINE) in policy["script-src"]
    assert sha256_source("let a = 1;") in policy["script-src"]  # every built page counts
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "http://localhost:3000/assets/" in policy["script-src"]
    assert "ws://localhost:3000" in policy["connect-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "camera=()" in response.headers["permissions-policy"]
    assert "geolocation=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers  # http: no HSTS


@pytest.mark.anyio
async def test_an_api_answer_gets_the_deny_all_policy_and_the_common_headers(build, engine):
    response = await fetch("/api/health", engine=engine)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == NON_HTML_POLICY
    for name, value in COMMON.items():
        assert response.headers[name] == value


@pytest.mark.anyio
async def test_assets_uploads_and_refusals_carry_the_headers_too(build):
    for response in (
        await fetch("/assets/entry.client-1.js"),
        await fetch("/_upload/x.txt"),
        await fetch("/_upload", method="POST"),  # refused by the body cap (411): still headed
        await fetch("/api/auth/logout", method="GET"),  # 405 from the router
    ):
        assert response.headers["x-frame-options"] == "DENY", response.request.url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.anyio
async def test_a_routes_own_stricter_headers_are_kept_and_not_doubled():
    async def download(scope, receive, send):
        headers = {"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "x"}
        await PlainTextResponse("%PDF", headers=headers)(scope, receive, send)

    transport = httpx.ASGITransport(app=SecurityHeaders(download, settings=Settings()))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/api/documents/1")
    assert response.headers.get_list("content-security-policy") == ["default-src 'none'"]
    assert response.headers.get_list("x-content-type-options") == ["x"]
    assert response.headers.get_list("x-frame-options") == ["DENY"]  # the rest is added


@pytest.mark.anyio
async def test_hsts_and_wss_only_under_an_https_public_url():
    settings = Settings(base_url="https://gosapp.example.ru")

    async def page(scope, receive, send):
        await HTMLResponse(PAGE)(scope, receive, send)

    app = SecurityHeaders(page, settings=settings, build_dir=lambda: None)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://gosapp.example.ru") as c:
        response = await c.get("/")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    policy = directives(response.headers["content-security-policy"])
    assert policy["connect-src"] == [
        "'self'",
        "https://gosapp.example.ru",
        "wss://gosapp.example.ru",
    ]
    assert policy["script-src"] == ["https://gosapp.example.ru/assets/", "'unsafe-eval'"]


@pytest.mark.anyio
async def test_the_websocket_upgrade_passes_untouched():
    seen = []

    async def socket_app(scope, receive, send):
        seen.append(scope["type"])
        await send({"type": "websocket.close", "code": 1000})

    app = SecurityHeaders(socket_app, settings=Settings())
    sent = []

    async def send(message):
        sent.append(message)

    await app({"type": "websocket", "path": "/_event", "headers": []}, None, send)
    assert seen == ["websocket"] and sent == [{"type": "websocket.close", "code": 1000}]


def test_only_inline_scripts_are_hashed_and_newlines_are_normalised():
    html = '<script src="/a.js"></script><script>\r\nx()\r\n</script><script></script>'
    assert inline_script_hashes(html) == {sha256_source("\nx()\n")}


def test_the_page_policy_never_allows_inline_script_without_a_hash():
    policy = directives(page_policy(Settings(), ["'sha256-abc'"]))
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'self'" not in policy["script-src"]  # only the asset folder, not /_upload
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # emotion and Radix inline styles


@pytest.mark.anyio
async def test_a_not_modified_answer_leaves_the_cached_pages_policy_alone():
    """Browsers merge a 304's headers into the cached page: a deny-all CSP there broke pages."""

    async def not_modified(scope, receive, send):
        await Response(status_code=304, headers={"etag": '"1"'})(scope, receive, send)

    transport = httpx.ASGITransport(app=SecurityHeaders(not_modified, settings=Settings()))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/patient", headers={"if-none-match": '"1"'})
    assert response.status_code == 304
    assert "content-security-policy" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"
