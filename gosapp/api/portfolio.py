"""GET /api/portfolio/preview/{id}: a portfolio file's first page (or image) as a PNG.

Only the file's owner (a doctor) and back-office staff get it; anyone else, a missing file and
a file that cannot be drawn all get the same bare 404 (``api/documents.py``'s rules). The PNG is
drawn from the stored bytes in a helper process (``services/frmr/preview_worker.py``: a file
that crashes or hangs the parsers costs that helper, not this worker), so nothing the user
uploaded reaches the browser as it is; it is shown inline (an <img>) with nosniff and a
deny-all CSP.
"""

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from gosapp.api.documents import SECURITY_HEADERS
from gosapp.db import transaction
from gosapp.models.requests import Document
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.documents import backends, storage
from gosapp.services.frmr import portfolio_files
from gosapp.services.identity import sessions

log = logging.getLogger(__name__)


async def preview(request: Request) -> Response:
    """Send the preview PNG of one portfolio file to its owner or to staff."""
    document = _authorised(request, request.path_params["document_id"])
    if document is None:
        return _not_found()
    store = backends.get_storage(request.app.state.engine())
    try:
        data = await run_in_threadpool(storage.read, document, store)
        png = await run_in_threadpool(portfolio_files.render_preview, data, document.content_type)
    except FileNotFoundError:
        log.error("document %s: bytes missing from storage", document.id)
        return _not_found()
    except ValueError:
        return _not_found()  # a file pdfium or Pillow cannot draw: the page says so
    return Response(png, media_type="image/png", headers=SECURITY_HEADERS)


def _authorised(request: Request, document_id: object) -> Document | None:
    try:
        parse_id(document_id)
    except NotFound:
        return None
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return None
        sessions.touch(session=db, key=key)
        try:
            return portfolio_files.preview_document(session=db, user=user, document_id=document_id)
        except NotFound:
            return None


def _not_found() -> Response:
    return Response(status_code=404, headers=SECURITY_HEADERS)
