"""GET /api/health: status, version and the checks — database, Redis (when configured),
document storage; 503 naming the failed check when one fails."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from gosapp.services.common.health import health_report
from gosapp.services.documents.backends import documents_dir
from gosapp.settings import get_settings


async def health(request: Request) -> JSONResponse:
    """Report health; monitors read the HTTP status, people read the body."""
    report = await run_in_threadpool(
        health_report,
        request.app.state.engine(),
        redis_url=get_settings().redis_url,
        storage=documents_dir(),
    )
    status = 200 if report["status"] == "ok" else 503
    return JSONResponse(report, status_code=status, headers={"Cache-Control": "no-store"})
