"""GET /api/health: status, version and a database check (503 when the database is down)."""

from starlette.requests import Request
from starlette.responses import JSONResponse

from gosapp.services.common.health import health_report


async def health(request: Request) -> JSONResponse:
    """Report health; monitors read the HTTP status, people read the body."""
    report = health_report(request.app.state.engine())
    status = 200 if report["status"] == "ok" else 503
    return JSONResponse(report, status_code=status, headers={"Cache-Control": "no-store"})
