"""GET /api/health: status, version and a database check (503 when the database is down)."""

from collections.abc import Callable

from sqlalchemy.engine import Engine
from starlette.requests import Request
from starlette.responses import JSONResponse

from gosapp.services.health import health_report


def health_endpoint(engine: Callable[[], Engine]):
    """The health route handler, checking the database behind ``engine()``."""

    async def health(_request: Request) -> JSONResponse:
        report = health_report(engine())
        status = 200 if report["status"] == "ok" else 503
        return JSONResponse(report, status_code=status, headers={"Cache-Control": "no-store"})

    return health
