import httpx
import pytest

from gosapp.api.app import create_api
from gosapp.db import make_engine


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
    assert body["checks"]["database"] == "ok"
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.anyio
async def test_health_is_503_when_the_database_is_down(tmp_path):
    broken = make_engine(f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}")
    response = await _get(create_api(lambda: broken), "/api/health")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
