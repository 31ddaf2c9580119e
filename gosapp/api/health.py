"""GET /api/health: status, version and the checks — database, Redis (when configured),
document storage (the configured backend: the local folder takes a file, or the database's
chunk table answers); 503 naming the failed check when one fails."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from gosapp.services.common.health import health_report
from gosapp.services.documents.backends import get_storage
from gosapp.settings import get_settings


async def health(request: Request) -> JSONResponse:
    """Report health; monitors read the HTTP status, people read the body."""
    engine = request.app.state.engine()
    report = await run_in_threadpool(
        health_report,
        engine,
        redis_url=get_settings().redis_url,
        storage=get_storage(engine).check,
    )
    status = 200 if report["status"] == "ok" else 503
    return JSONResponse(report, status_code=status, headers={"Cache-Control": "no-store"})
