"""GET /api/exports/szn-payments.csv and .pdf: the signed-in citizen's payments statement for
the page's filters. The user comes from the session cookie only; without a live session the
answer is a redirect to the login page, before connecting the cabinet a 403, and no data."""

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from gosapp import routes
from gosapp.api.auth import request_actor
from gosapp.api.exports import NO_STORE, attachment
from gosapp.db import transaction
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.identity import sessions
from gosapp.services.social import payments, statement

FORMATS = {
    "csv": ("text/csv; charset=utf-8", statement.export_csv),
    "pdf": ("application/pdf", statement.export_pdf),
}


async def szn_payments_export(request: Request) -> Response:
    """The filtered payments as a CSV or PDF attachment."""
    kind = request.path_params["kind"]
    if kind not in FORMATS:
        return Response(status_code=404, headers=NO_STORE)
    try:
        filters = payments.parse_filter(request.query_params)
    except Invalid as exc:
        return PlainTextResponse(exc.message, status_code=400, headers=NO_STORE)
    media_type, build = FORMATS[kind]
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return RedirectResponse(routes.LOGIN, status_code=303, headers=NO_STORE)
        sessions.touch(session=db, key=key)
        actor = replace(request_actor(request), user_id=user.id)
        try:
            body = build(session=db, user=user, filters=filters, actor=actor)
        except NotAllowed as exc:
            return PlainTextResponse(exc.message, status_code=403, headers=NO_STORE)
    headers = {**NO_STORE, "Content-Disposition": attachment(f"vyplaty.{kind}")}
    return Response(body, media_type=media_type, headers=headers)
