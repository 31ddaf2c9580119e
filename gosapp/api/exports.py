"""GET /api/exports/history.csv and .pdf: the signed-in user's filtered request history.

The page links here with its filters in the query string (a plain link, so the browser
downloads the file). The user comes from the session cookie only; without a live session the
answer is a redirect to the login page and no data. ``signed_in_export`` is that route's
shape for other own-data statements (the СЗН and the medical worker's payments).
"""

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from gosapp import routes
from gosapp.api.auth import request_actor
from gosapp.db import transaction
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.identity import sessions
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import history
from gosapp.services.requests import history_export as export

FORMATS = {
    "csv": ("text/csv; charset=utf-8", export.export_csv),
    "pdf": ("application/pdf", export.export_pdf),
}
NO_STORE = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


async def history_export(request: Request) -> Response:
    """The filtered history as a CSV or PDF attachment."""
    kind = request.path_params["kind"]
    if kind not in FORMATS:
        return Response(status_code=404, headers=NO_STORE)
    try:
        filters = history.parse_filters(request.query_params)
    except InvalidForm as exc:
        return PlainTextResponse("; ".join(exc.errors.values()), status_code=400, headers=NO_STORE)
    media_type, build = FORMATS[kind]
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return RedirectResponse(routes.LOGIN, status_code=303, headers=NO_STORE)
        sessions.touch(session=db, key=key)
        actor = replace(request_actor(request), user_id=user.id)
        body = build(session=db, user=user, filters=filters, actor=actor)
    headers = {**NO_STORE, "Content-Disposition": attachment(f"history.{kind}")}
    return Response(body, media_type=media_type, headers=headers)


Formats = Mapping[str, tuple[str, Callable[..., bytes]]]  # kind: (media type, builder)


async def signed_in_export(
    request: Request,
    *,
    formats: Formats,
    parse: Callable[[Any], dict[str, Any]],
    filename: str,
) -> Response:
    """A signed-in user's own export as an attachment ``<filename>.<kind>``.

    ``parse(query)`` gives the builder's keyword arguments (Invalid: 400); the builder gets
    them with ``session``, ``user`` and ``actor`` and checks the user may have the data:
    NotAllowed is a 403, NotFound a 404. No live session: a redirect to the login page.
    """
    kind = request.path_params["kind"]
    if kind not in formats:
        return Response(status_code=404, headers=NO_STORE)
    try:
        arguments = parse(request.query_params)
    except Invalid as exc:
        return PlainTextResponse(exc.message, status_code=400, headers=NO_STORE)
    media_type, build = formats[kind]
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return RedirectResponse(routes.LOGIN, status_code=303, headers=NO_STORE)
        sessions.touch(session=db, key=key)
        actor = replace(request_actor(request), user_id=user.id)
        try:
            body = build(session=db, user=user, actor=actor, **arguments)
        except NotAllowed as exc:
            return PlainTextResponse(exc.message, status_code=403, headers=NO_STORE)
        except NotFound as exc:
            return PlainTextResponse(exc.message, status_code=404, headers=NO_STORE)
    headers = {**NO_STORE, "Content-Disposition": attachment(f"{filename}.{kind}")}
    return Response(body, media_type=media_type, headers=headers)


def attachment(filename: str) -> str:
    """``attachment`` with the plain name and its RFC 5987 twin (for clients that want it)."""
    return f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
