"""GET /api/exports/labs.{csv,pdf,fhir}: the filtered lab results as a file (SPEC §2.2).

The /labs page links here with its query string (``lab_params``: panel, analyte, from, to,
abnormal, q, sort, order, and ``patient`` for a doctor). The viewer comes from the session cookie
only (without one: a redirect to the login page and no data); whose results and which of them is
decided by ``patient_access`` — a patient they may not see answers exactly like one that does not
exist. The file is built off the event loop (a large PDF takes a moment) and sent as an
attachment that is never cached.
"""

from dataclasses import replace

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from gosapp import routes
from gosapp.api.auth import request_actor
from gosapp.api.exports import NO_STORE, attachment
from gosapp.db import transaction
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.identity import sessions
from gosapp.services.identity.roles import acting_role, roles_of
from gosapp.services.medical import lab_params
from gosapp.services.medical.access import NOT_FOUND, patient_access
from gosapp.services.medical.lab_exports import KINDS, LabExport, TooManyRows, export_labs
from gosapp.services.medical.lab_query import LabFilter


async def lab_export(request: Request) -> Response:
    """The filtered set as a CSV, PDF or FHIR JSON attachment."""
    kind = request.path_params["kind"]
    if kind not in KINDS:
        return Response(status_code=404, headers=NO_STORE)
    try:
        flt = lab_params.to_filter(request.query_params)
    except Invalid as exc:
        return _refusal(exc.message, 400)
    try:
        built = await run_in_threadpool(_build, request, kind, flt)
    except NotFound:
        return _refusal(NOT_FOUND, 404)  # the refusal is audited already
    except TooManyRows as exc:
        return _refusal(exc.message, 413)
    if built is None:
        return RedirectResponse(routes.LOGIN, status_code=303, headers=NO_STORE)
    headers = {**NO_STORE, "Content-Disposition": attachment(built.filename)}
    return Response(built.body, media_type=built.media_type, headers=headers)


def _build(request: Request, kind: str, flt: LabFilter) -> LabExport | None:
    """The export for the cookie's user, or None without a live session."""
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return None
        sessions.touch(session=db, key=key)
        role = acting_role(roles_of(db, user.id)).value
        actor = replace(request_actor(request), user_id=user.id, role=role)
        wanted = request.query_params.get("patient") or user.id
        access = patient_access(db, user, wanted, actor)
        return export_labs(session=db, access=access, flt=flt, kind=kind, actor=actor)


def _refusal(message: str, status: int) -> Response:
    return PlainTextResponse(message, status_code=status, headers=NO_STORE)
