"""GET /api/documents/{id}: the only way stored documents leave the server.

The user comes from the session cookie; anyone without a session, without the right, or asking
for a document that does not exist gets the same bare 404. Files are always sent as
attachments with nosniff and a CSP that forbids everything, so nothing uploaded can run as a
page of the portal's origin.
"""

import logging
import re
import unicodedata
from dataclasses import replace
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from gosapp.api.auth import request_actor
from gosapp.db import transaction
from gosapp.models.requests import Document
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.documents import backends, downloads, storage
from gosapp.services.identity import sessions
from gosapp.services.identity.roles import acting_role, roles_of

log = logging.getLogger(__name__)

_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._ -]+")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'",
}


async def download(request: Request) -> Response:
    """Send one document to a user allowed to have it."""
    document = _authorised_document(request, request.path_params["document_id"])
    if document is None:
        return _not_found()
    try:
        # Streamed: the database backend never holds the whole file (nor a connection) while
        # a slow client downloads it. Missing bytes are known before the first one is sent.
        pieces = await run_in_threadpool(
            storage.chunks, document, backends.get_storage(request.app.state.engine())
        )
    except FileNotFoundError:
        log.error("document %s: bytes missing from storage", document.id)
        return _not_found()
    headers = {
        **SECURITY_HEADERS,
        "Content-Disposition": content_disposition(document),
        "Content-Length": str(document.size),
    }
    return StreamingResponse(pieces, media_type=document.content_type, headers=headers)


def _authorised_document(request: Request, document_id: object) -> Document | None:
    """The document when the session's user may download it (a refusal is audited)."""
    try:
        parse_id(document_id)
    except NotFound:
        return None  # not an id at all: nothing to look up, nothing to audit
    key = sessions.key_of(request.cookies.get(sessions.COOKIE_NAME, ""))
    with transaction(request.app.state.engine()) as db:
        user = sessions.signed_in_user(session=db, key=key)
        if user is None:
            return None
        sessions.touch(session=db, key=key)
        actor = replace(
            request_actor(request), user_id=user.id, role=acting_role(roles_of(db, user.id)).value
        )
        try:
            return downloads.document_for_download(
                session=db, user_id=user.id, document_id=document_id, actor=actor
            )
        except NotFound:
            return None  # the "access.denied" row is already committed


def _not_found() -> Response:
    return Response(status_code=404, headers=SECURITY_HEADERS)


def content_disposition(document: Document) -> str:
    """``attachment`` with an ASCII fallback name and the exact UTF-8 name (RFC 6266); the
    extension is the detected type's (``storage.download_name``)."""
    name = storage.download_name(document)
    return (
        f'attachment; filename="{ascii_fallback(name, document.content_type)}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )


def ascii_fallback(name: str, content_type: str) -> str:
    """A plain ASCII name for old clients (quotes, slashes and non-ASCII letters dropped)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, ext = plain.rpartition(".")
    if not dot:
        stem, ext = plain, ""
    stem = _UNSAFE_ASCII.sub("_", stem).strip("._ ")
    ext = _UNSAFE_ASCII.sub("", ext).strip("._ ")
    if not any(ch.isalnum() for ch in stem):
        return "document" + storage.EXTENSIONS.get(content_type, "")
    return f"{stem}.{ext}" if ext else stem
