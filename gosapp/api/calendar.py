"""GET /api/appointments/{id}.ics and /api/calendar/{token}.ics: visits for calendar apps.

A visit's file goes only to its patient with a live session; anyone else, and any id that is
not a visit with a calendar entry, gets the same bare 404 (a signed-in user's miss is audited
as ``access.denied``, rate-limited, like document downloads). The feed needs no session — its
secret token is the credential — so an unknown or revoked token is a bare 404, and misses are
counted per client address: past the limit the route answers 429 without looking tokens up.
Nothing is cached on the way (``private, no-store``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from gosapp.api.auth import request_actor
from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.services.common.audit import access_denied
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.identity import sessions, throttle
from gosapp.services.scheduling import feeds, ics

CALENDAR_TYPE = "text/calendar; charset=utf-8"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'",
}
FEED_MISSES = (throttle.Rule(20, timedelta(minutes=15)), throttle.Rule(200, timedelta(days=1)))


async def visit_ics(request: Request) -> Response:
    """One visit's ``.ics`` as an attachment, for its patient only."""
    try:
        visit_id = parse_id(request.path_params["appointment_id"])
    except NotFound:
        return _not_found()
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return _not_found()
        sessions.touch(session=db, key=key)
        row = ics.own_visit(session=db, patient=user, appointment_id=visit_id)
        if row is None:
            actor = replace(request_actor(request), user_id=user.id)
            access_denied(session=db, actor=actor, object_type="appointment", object_id=visit_id)
            return _not_found()
        body, name = ics.visit_file(row), ics.file_name(row)
    return Response(body, media_type=CALENDAR_TYPE, headers={**HEADERS, **_attachment(name)})


async def feed_ics(request: Request) -> Response:
    """The personal feed of the patient whose token is in the address."""
    token = str(request.path_params["token"])
    miss_key = "calendar-feed-miss:" + request_actor(request).ip
    now = utcnow()
    with transaction(request.app.state.engine()) as db:
        if throttle.left(session=db, key=miss_key, rules=FEED_MISSES, now=now) <= 0:
            return Response(status_code=429, headers={**HEADERS, "Retry-After": "900"})
        patient = feeds.owner_of(session=db, token=token)
        if patient is None:
            throttle.take(session=db, keys=[(miss_key, FEED_MISSES)], now=now)
            return _not_found()
        body = ics.feed_file(session=db, patient=patient, now=now)
    return Response(body, media_type=CALENDAR_TYPE, headers={**HEADERS, **_inline("gosapp.ics")})


def _not_found() -> Response:
    return Response(status_code=404, headers=HEADERS)


def _attachment(name: str) -> dict[str, str]:
    """``attachment`` with an ASCII name and the exact UTF-8 one (RFC 6266)."""
    return {
        "Content-Disposition": f'attachment; filename="visit.ics"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    }


def _inline(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'inline; filename="{name}"'}
