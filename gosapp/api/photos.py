"""GET /api/frmr/photos/{document_id}: a doctor's profile photo, for the booking cards and the
doctor's own cabinet.

A doctor's photo is public to patients choosing a doctor, but the portal shows it only to
signed-in users, and only a document that is some profile's *current* photo is ever sent:
any other document id (a certificate, a scan, an old photo) is the same bare 404 as junk.
The bytes are the portal's own metadata-free JPEG (``services/frmr/photos``), sent inline with
nosniff and a deny-all CSP; a new photo is a new document, so the address can be cached.
"""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from gosapp.db import session_scope
from gosapp.services.documents import backends, storage
from gosapp.services.frmr import photos
from gosapp.services.identity import sessions

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
    "Cache-Control": "private, max-age=86400",
    "Content-Disposition": "inline",
}


async def doctor_photo(request: Request) -> Response:
    """The photo to a signed-in user when it is a profile's current photo; else a bare 404."""
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with session_scope(request.app.state.engine()) as db:
        if sessions.signed_in_user(session=db, key=key) is None:
            return _not_found()
        document = photos.served_photo(db, request.path_params["document_id"])
    if document is None:
        return _not_found()
    try:
        store = backends.get_storage(request.app.state.engine())
        data = await run_in_threadpool(storage.read, document, store)
    except FileNotFoundError:
        return _not_found()
    return Response(data, media_type=storage.JPEG, headers=HEADERS)


def _not_found() -> Response:
    return Response(status_code=404, headers={**HEADERS, "Cache-Control": "private, no-store"})
