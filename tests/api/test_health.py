import socket

import httpx
import pytest

from gosapp.api.app import create_api
from gosapp.db import make_engine
from gosapp.settings import get_settings
from tests.stores import use_backend


async def _get(app, path):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


@pytest.mark.anyio
async def test_health_answers_ok_with_version(engine):
    response = await _get(create_api(lambda: engine), "/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "storage": "ok"}
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.anyio
async def test_health_is_503_when_the_database_is_down(tmp_path):
    broken = make_engine(f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}")
    response = await _get(create_api(lambda: broken), "/api/health")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.anyio
async def test_health_is_503_naming_storage_when_documents_cannot_be_written(
    engine, tmp_path, monkeypatch
):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(
        "gosapp.services.documents.backends.documents_dir", lambda: blocked / "documents"
    )
    response = await _get(create_api(lambda: engine), "/api/health")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "storage": "not writable"}


@pytest.mark.anyio
async def test_health_checks_the_chunk_table_with_database_storage(engine, monkeypatch):
    use_backend(monkeypatch, "database")
    response = await _get(create_api(lambda: engine), "/api/health")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok"}


@pytest.mark.anyio
async def test_health_is_503_naming_storage_when_the_chunk_table_is_unreachable(
    empty_database_url, monkeypatch
):
    use_backend(monkeypatch, "database")
    unmigrated = make_engine(empty_database_url)  # answers queries, has no chunk table
    response = await _get(create_api(lambda: unmigrated), "/api/health")
    unmigrated.dispose()
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"] == {"database": "ok", "storage": "unavailable"}


@pytest.mark.anyio
async def test_health_is_503_naming_redis_when_the_configured_one_is_down(engine, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(get_settings(), "redis_url", f"redis://127.0.0.1:{port}/0")
    response = await _get(create_api(lambda: engine), "/api/health")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "unavailable"
    assert response.json()["checks"]["database"] == "ok"
