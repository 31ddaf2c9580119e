"""Static assets: content-named JS/CSS kept a year, pages revalidated, gzip for the frontend;
the websocket, uploads and the API's (streamed) answers pass through untouched."""

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from gosapp.api.app import create_api
from gosapp.api.binding import SESSION_HEADER, binding_of
from gosapp.api.caching import IMMUTABLE, NO_CACHE
from gosapp.services.identity.tokens import token_hash

SCRIPT = "export const x = 1;\n" * 200  # ~4 KB of JS
PAGE = "<!doctype html><html><body>" + "<p>Госпортал</p>" * 100 + "</body></html>"
CHUNKS = [b"number;status\n", b"x" * 2000 + b"\n", b"end\n"]


async def script(_request: Request) -> Response:
    return Response(SCRIPT, media_type="text/javascript")


async def page(_request: Request) -> Response:
    return HTMLResponse(PAGE)


async def upload(request: Request) -> Response:
    body = await request.body()
    return PlainTextResponse(f"got {len(body)} " + "y" * 2000)


async def stream(_request: Request) -> Response:
    async def parts():
        for chunk in CHUNKS:
            yield chunk

    return StreamingResponse(parts(), media_type="text/csv")


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("echo " + await websocket.receive_text())
    await websocket.close()


def reflex_stand_in() -> Starlette:
    """What Reflex serves: build files, pages, uploads, the socket; and a streamed answer."""
    return Starlette(
        routes=[
            Route("/assets/_index-szCWNXJD.js", script),
            Route("/assets/logo.js", script),  # not content-named
            Route("/", page),
            Route("/_upload", upload, methods=["POST"]),
            Route("/api/stream", stream),
            Route("/stream", stream),
            WebSocketRoute("/_event", echo),
        ]
    )


async def owner(token):
    return binding_of({SESSION_HEADER: token_hash("s1")}) if token == "tab" else ""


def app():
    api = create_api(owner=owner)
    api.mount("", reflex_stand_in())
    return api


async def get(path, method="GET", cookies=None, **kwargs):
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        client.cookies.update(cookies or {})
        return await client.request(method, path, **kwargs)


@pytest.mark.anyio
async def test_hashed_assets_are_kept_a_year_and_gzipped():
    response = await get("/assets/_index-szCWNXJD.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in response.headers["vary"].lower()
    assert response.text == SCRIPT  # httpx decodes it
    assert int(response.headers["content-length"]) < len(SCRIPT) / 4


@pytest.mark.anyio
async def test_a_missing_or_unhashed_asset_is_never_kept_a_year():
    missing = await get("/assets/_index-Abcdefgh.js")
    assert missing.status_code == 404
    assert missing.headers.get("cache-control") != IMMUTABLE
    unhashed = await get("/assets/logo.js")
    assert "cache-control" not in unhashed.headers


@pytest.mark.anyio
async def test_pages_are_revalidated_and_gzipped():
    response = await get("/", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["cache-control"] == NO_CACHE
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == PAGE
    plain = await get("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == PAGE


@pytest.mark.anyio
async def test_api_answers_keep_their_own_cache_control_and_are_not_compressed():
    response = await get("/api/health", headers={"Accept-Encoding": "gzip"})
    assert response.headers["cache-control"] == "no-store"
    assert "content-encoding" not in response.headers


@pytest.mark.anyio
async def test_streamed_api_answers_pass_untouched_and_frontend_streams_decode():
    api = await get("/api/stream", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in api.headers
    assert api.content == b"".join(CHUNKS)
    other = await get("/stream", headers={"Accept-Encoding": "gzip"})
    assert other.headers["content-encoding"] == "gzip"
    assert other.content == b"".join(CHUNKS)


@pytest.mark.anyio
async def test_uploads_are_not_compressed_and_get_their_body():
    body = b"%PDF-" + b"z" * 5000
    tab = {"reflex-client-token": "tab", "reflex-event-handler": "x", "Accept-Encoding": "gzip"}
    response = await get("/_upload", "POST", {"gosapp_session": "s1"}, content=body, headers=tab)
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert response.text.startswith(f"got {len(body)} ")


@pytest.mark.anyio
async def test_the_websocket_is_not_wrapped():
    """A websocket scope goes through every middleware to Reflex's socket and back intact."""
    incoming = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": "ping"},
        {"type": "websocket.disconnect", "code": 1000},
    ]
    sent = []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/_event",
        "raw_path": b"/_event",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"accept-encoding", b"gzip"), (b"host", b"test")],
        "scheme": "ws",
        "server": ("test", 80),
        "client": ("127.0.0.1", 1),
        "subprotocols": [],
        "asgi": {"version": "3.0"},
    }
    await app()(scope, receive, send)
    assert [m["type"] for m in sent] == ["websocket.accept", "websocket.send", "websocket.close"]
    assert sent[1]["text"] == "echo ping"
