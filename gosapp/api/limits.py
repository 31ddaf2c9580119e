"""A cap on upload request bodies, checked before Reflex's `/_upload` route reads them.

The storage rules (5 MB a file, 20 MB a submission) run on the bytes once they have arrived;
without this cap a tampered client could still stream gigabytes into the server's temporary
files first. The browser's own checks keep honest uploads far below it.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gosapp.services.documents import storage

UPLOAD_PATH = "/_upload"
# Everything the widget lets a user pick at once, plus room for the multipart framing.
MAX_UPLOAD_BODY = storage.MAX_STAGED_FILES * storage.MAX_FILE_BYTES + storage.MB
TOO_LARGE = f"Слишком много данных за один раз: не больше {MAX_UPLOAD_BODY // storage.MB} МБ"
NO_LENGTH = "Не указан размер загружаемых данных"


class UploadBodyLimit:
    """Refuses an upload whose declared size is over the cap (413) or missing (411), and cuts
    off one that sends more than it declared."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_UPLOAD_BODY) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check an upload's declared length before Reflex reads its body; pass the rest on."""
        if scope["type"] != "http" or not scope["path"].rstrip("/").endswith(UPLOAD_PATH):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if not declared.isdigit():
            await PlainTextResponse(NO_LENGTH, status_code=411)(scope, receive, send)
            return
        if int(declared) > self.max_bytes:
            await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)
            return
        await self.app(scope, _counted(receive, int(declared)), send)


def _counted(receive: Receive, allowed: int) -> Receive:
    """``receive`` that ends the request if the body grows past its declared length."""
    seen = 0

    async def receive_within_length() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > allowed:
                return {"type": "http.disconnect"}
        return message

    return receive_within_length
