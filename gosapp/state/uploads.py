"""Staged uploads of the signed-in user, per upload widget (one state serves every form).

Each widget has a key (``certificate``, ``support``, ``answer``, ``passport``, ``portfolio``…).
Files go straight from the upload request into private storage (``storage.stage``), never into
Reflex's public upload folder. The browser sees only the user's own files, as small dicts
``{id, name, size_label}``; which document ids belong to a widget is kept server-side and
handed to the page's submit handler through ``_submit_with``. The request engine
checks ownership and limits again when it attaches them.

A page's submit handler::

    uploads = await self.get_state(UploadsState)  # before any transaction: see _submit_with
    request = uploads._submit_with("support", lambda db, user, ids: requests.create(...))
"""

import contextlib
import math
import re
from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from sqlmodel import Session

from gosapp.db import session_scope, transaction
from gosapp.models.accounts import User
from gosapp.models.requests import Document
from gosapp.services.common.display import file_size
from gosapp.services.common.errors import NotFound
from gosapp.services.documents import storage
from gosapp.state.auth import AuthMixin, guarded

T = TypeVar("T")
MAX_FILES = storage.MAX_STAGED_FILES
MAX_WIDGETS = 10  # widget keys come from the browser: bound how many one tab may create
MAX_ERRORS = 10
_WIDGET = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_ID = re.compile(r"[0-9]{1,18}")
DROP_REASONS = {  # react-dropzone's codes for files refused in the browser already
    "file-too-large": storage.TOO_BIG,
    "file-invalid-type": storage.BAD_TYPE,
    "too-many-files": f"Файл «{{name}}»: можно приложить не больше {MAX_FILES} файлов",
}


def _row(document: Document) -> dict[str, str]:
    return {
        "id": str(document.id),
        "name": document.original_name,
        "size_label": file_size(document.size),
    }


async def _stage_one(owner_id: int, file: rx.UploadFile, staged: dict[int, int]) -> Document:
    """Stage one uploaded file, or raise DocumentRefused with the reason."""
    name = storage.clean_name(file.filename or "")
    if len(staged) >= MAX_FILES:
        raise storage.DocumentRefused(DROP_REASONS["too-many-files"].format(name=name))
    if (file.size or 0) > storage.MAX_FILE_BYTES:  # refused without reading it
        raise storage.DocumentRefused(storage.TOO_BIG.format(name=name))
    data = await file.read(storage.MAX_FILE_BYTES + 1)
    if sum(staged.values()) + len(data) > storage.MAX_SUBMISSION_BYTES:
        raise storage.DocumentRefused(storage.TOO_MUCH.format(name=name))
    with transaction() as db:
        return storage.stage(session=db, owner_id=owner_id, filename=name, data=data)


def _drop_message(item: dict) -> str:
    """A Russian line for a file the browser refused: ``{name, codes}`` sent by the client."""
    name = storage.clean_name(str(item.get("name") or ""))
    codes = item.get("codes")
    codes = codes if isinstance(codes, list) else []
    reason = next((DROP_REASONS[c] for c in codes if c in DROP_REASONS), storage.BAD_TYPE)
    return reason.format(name=name)


class UploadsState(AuthMixin, rx.State):
    """Per widget: the staged files shown, the errors of the last attempt, upload progress."""

    files: rx.Field[dict[str, list[dict[str, str]]]] = rx.field(default_factory=dict)
    errors: rx.Field[dict[str, list[str]]] = rx.field(default_factory=dict)
    progress: rx.Field[dict[str, int]] = rx.field(default_factory=dict)
    _staged: dict[str, dict[int, int]] = {}  # widget -> {document id: size}, insertion order
    _owner_id: int = 0

    # --- for page handlers (not callable from the browser) ---

    def _staged_ids(self, widget: str) -> list[int]:
        """The document ids staged in ``widget``, in upload order."""
        return list(self._staged.get(widget, {}))

    def _clear_staged(self, widget: str) -> None:
        """Forget the widget's files (after a successful submit they belong to the request)."""
        self._set(widget, {}, [], [])

    def _submit_with(self, widget: str, act: Callable[[Session, User, list[int]], T]) -> T:
        """Run ``act(db, user, ids)`` in one write transaction with the files the signed-in user
        staged in ``widget``; once it commits the widget is emptied (the files belong to the
        request now), on an error they stay staged.

        Get this state (``await get_state``) before calling: awaiting inside the transaction
        would hold SQLite's write lock while other handlers on the event loop wait for it.
        """
        with self._signed_in(write=True) as (db, user):
            ids = self._staged_ids(widget) if self._owner_id == user.id else []
            result = act(db, user, ids)
        self._clear_staged(widget)
        return result

    # --- helpers ---

    def _open(self, widget: str, user_id: int) -> bool:
        """Adopt the user (another user's files are dropped) and accept a sane widget key."""
        if self._owner_id != user_id:
            self._staged, self.files, self.errors, self.progress = {}, {}, {}, {}
            self._owner_id = user_id
        if not isinstance(widget, str) or not _WIDGET.fullmatch(widget):
            return False
        if widget not in self._staged and len(self._staged) >= MAX_WIDGETS:
            return False
        self._staged = {**self._staged, widget: self._staged.get(widget, {})}
        return True

    def _set(
        self, widget: str, staged: dict[int, int], rows: list[dict[str, str]], errors: list[str]
    ) -> None:
        self._staged = {**self._staged, widget: staged}
        self.files = {**self.files, widget: rows}
        self.errors = {**self.errors, widget: errors[:MAX_ERRORS]}
        self.progress = {**self.progress, widget: 0}

    def _signed_in_user_id(self) -> int:
        with session_scope() as db:
            return self._require(db).id

    # --- events ---

    @rx.event
    @guarded
    async def upload(self, files: list[rx.UploadFile], widget: str):
        """Stage each file for the widget; each refused file gets a Russian reason under it."""
        if not self._open(widget, self._signed_in_user_id()):
            return
        staged, rows = dict(self._staged[widget]), list(self.files.get(widget, []))
        errors = []
        for file in files:
            try:
                document = await _stage_one(self._owner_id, file, staged)
            except storage.DocumentRefused as exc:
                errors.append(exc.message)
                continue
            staged[document.id] = document.size
            rows.append(_row(document))
        self._set(widget, staged, rows, errors)

    @rx.event
    @guarded
    def remove(self, widget: str, document_id: str):
        """Delete one of the widget's own staged files (row and bytes)."""
        with self._signed_in(write=True) as (db, user):
            if not self._open(widget, user.id):
                return
            staged = dict(self._staged[widget])
            doc_id = int(document_id) if _ID.fullmatch(str(document_id)) else 0
            if doc_id not in staged:
                return
            with contextlib.suppress(NotFound):  # attached or purged meanwhile: just hide it
                storage.discard_staged(session=db, owner_id=user.id, document_id=doc_id)
        del staged[doc_id]
        rows = [r for r in self.files.get(widget, []) if r["id"] != str(doc_id)]
        self._set(widget, staged, rows, [])

    @rx.event
    @guarded
    def refresh(self, widget: str):
        """On mount: show only the user's files still staged (not attached or purged)."""
        with self._signed_in() as (db, user):
            if not self._open(widget, user.id):
                return
            documents = storage.staged_documents(
                session=db, owner_id=user.id, document_ids=self._staged_ids(widget)
            )
        self._set(widget, {d.id: d.size for d in documents}, [_row(d) for d in documents], [])

    @rx.event
    @guarded
    def refuse_dropped(self, widget: str, rejected: list[dict]):
        """Files the browser refused (type, size, count): the same messages as the server's."""
        if not self._open(widget, self._signed_in_user_id()):
            return
        items = rejected[:MAX_ERRORS] if isinstance(rejected, list) else []
        messages = [_drop_message(item) for item in items if isinstance(item, dict)]
        self.errors = {**self.errors, widget: messages}

    @rx.event
    @guarded
    def track_progress(self, widget: str, progress: dict):
        """Upload progress in percent; hidden again once the bytes are sent."""
        if not self._open(widget, self._signed_in_user_id()):
            return
        value = progress.get("progress", 0) if isinstance(progress, dict) else 0
        finite = isinstance(value, int | float) and math.isfinite(value)
        percent = int(value * 100) if finite else 0
        self.progress = {**self.progress, widget: percent if 0 < percent < 100 else 0}
