"""Upload bodies are capped before Reflex's /_upload route reads them."""

import httpx
import pytest
from starlette.responses import PlainTextResponse

from gosapp.api.app import create_api
from gosapp.api.binding import SESSION_HEADER, binding_of
from gosapp.api.limits import MAX_UPLOAD_BODY, UploadBodyLimit
from gosapp.services.identity.tokens import token_hash


class Reflex:
    """Stands in for the Reflex app mounted inside: reads the whole body, says how much came."""

    def __init__(self):
        self.bodies: list[int] = []

    async def __call__(self, scope, receive, send):
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.bodies.append(-1)  # cut off
                return
            size += len(message.get("body", b""))
            more = message.get("more_body", False)
        self.bodies.append(size)
        await PlainTextResponse(f"read {size}")(scope, receive, send)


async def own_tab(token: str) -> str:
    """Every tab here belongs to the session of the cookie ``post`` sends."""
    return binding_of({SESSION_HEADER: token_hash("s")})


def app_with(reflex: Reflex):
    api = create_api(owner=own_tab)
    api.mount("", reflex)
    return api


async def post(app, path, **kwargs):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", cookies={"gosapp_session": "s"}
    ) as client:
        return await client.post(path, **kwargs)


@pytest.mark.anyio
async def test_an_upload_within_the_cap_reaches_reflex_whole():
    reflex = Reflex()
    response = await post(app_with(reflex), "/_upload", content=b"x" * 100_000)
    assert (response.status_code, reflex.bodies) == (200, [100_000])


@pytest.mark.anyio
async def test_an_upload_over_the_cap_is_refused_unread():
    reflex = Reflex()
    response = await post(app_with(reflex), "/_upload", content=b"x" * (MAX_UPLOAD_BODY + 1))
    assert response.status_code == 413
    assert "не больше 51 МБ" in response.text
    assert reflex.bodies == []


@pytest.mark.anyio
async def test_an_upload_without_a_declared_size_is_refused():
    async def chunks():
        yield b"x" * 10

    reflex = Reflex()
    response = await post(app_with(reflex), "/_upload", content=chunks())  # chunked encoding
    assert response.status_code == 411
    assert reflex.bodies == []


@pytest.mark.anyio
async def test_a_body_longer_than_declared_is_cut_off():
    reflex = Reflex()
    declared = 10  # the client says 10 bytes and sends 16
    limit = UploadBodyLimit(reflex, max_bytes=1000)
    messages = iter(
        [
            {"type": "http.request", "body": b"x" * 8, "more_body": True},
            {"type": "http.request", "body": b"x" * 8, "more_body": False},
        ]
    )

    async def receive():
        return next(messages)

    async def send(message):
        pass

    scope = {
        "type": "http",
        "path": "/_upload",
        "headers": [(b"content-length", str(declared).encode())],
    }
    await limit(scope, receive, send)
    assert reflex.bodies == [-1]


@pytest.mark.anyio
async def test_other_routes_are_not_limited():
    reflex = Reflex()
    response = await post(app_with(reflex), "/anything", content=b"x" * (MAX_UPLOAD_BODY + 1))
    assert (response.status_code, reflex.bodies) == (200, [MAX_UPLOAD_BODY + 1])
