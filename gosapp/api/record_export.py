"""GET /api/exports/record.pdf: the health record extract («Выписка из медицинской карты»).

The page links here with its filters in the query string (``from``, ``to``, ``diagnosis``,
``status``), and the doctor's card adds ``patient``. The viewer comes from the session cookie
only; ``record_pdf.export_pdf`` decides the access (the owner, or a doctor with a visit — never
a share alone), logs a doctor's look for the patient and audits the export. Without a live
session the answer is a redirect to the login page; without the right, a 404 and no data.
"""

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from gosapp import routes
from gosapp.api.auth import request_actor
from gosapp.api.exports import NO_STORE, attachment
from gosapp.db import transaction
from gosapp.services.common.errors import NotFound
from gosapp.services.identity import sessions
from gosapp.services.medical import record, record_pdf


async def record_export(request: Request) -> Response:
    """The signed-in viewer's allowed record as a PDF attachment."""
    flt = record.parse_filter(request.query_params)
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return RedirectResponse(
                routes.login_to(routes.RECORD), status_code=303, headers=NO_STORE
            )
        sessions.touch(session=db, key=key)
        actor = replace(request_actor(request), user_id=user.id)
        patient_id = request.query_params.get("patient") or user.id
        try:
            body = record_pdf.export_pdf(
                session=db, viewer=user, patient_id=patient_id, flt=flt, actor=actor
            )
        except NotFound as exc:
            return PlainTextResponse(exc.message, status_code=404, headers=NO_STORE)
    headers = {**NO_STORE, "Content-Disposition": attachment("medical-record.pdf")}
    return Response(body, media_type="application/pdf", headers=headers)
