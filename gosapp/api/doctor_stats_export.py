"""GET /api/exports/doctor-stats.csv?period=month|quarter|year: the signed-in doctor's own
visit statistics for the current period. The doctor comes from the session cookie only (there
is no way to name another doctor); without a live session the answer is a redirect to the
login page, for anyone but a doctor a 403, and no data."""

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from gosapp import routes
from gosapp.api.auth import request_actor
from gosapp.api.exports import NO_STORE, attachment
from gosapp.db import transaction
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.identity import sessions
from gosapp.services.scheduling import doctor_stats_export as export


async def doctor_stats_export(request: Request) -> Response:
    """The chosen period's statistics as a CSV attachment."""
    if request.path_params["kind"] != "csv":
        return Response(status_code=404, headers=NO_STORE)
    period = request.query_params.get("period", "month")
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return RedirectResponse(routes.LOGIN, status_code=303, headers=NO_STORE)
        sessions.touch(session=db, key=key)
        actor = replace(request_actor(request), user_id=user.id)
        try:
            body = export.export_csv(session=db, user=user, period=period, actor=actor)
        except NotAllowed as exc:
            return PlainTextResponse(exc.message, status_code=403, headers=NO_STORE)
        except Invalid as exc:
            return PlainTextResponse(exc.message, status_code=400, headers=NO_STORE)
    headers = {**NO_STORE, "Content-Disposition": attachment(f"statistika-{period}.csv")}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
