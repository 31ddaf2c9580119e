"""``DoctorSharedState``: the live shares patients gave the signed-in doctor, and the results
of the one opened.

Every handler is guarded by the doctor role and the service (``sharing_received``) checks the
share is this doctor's and still live; each opening is logged for the patient. The results are
in ``rows`` only while the share is open on this page; the next page's cursor stays on the
server (``_cursor``).
"""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import Role
from gosapp.services.common.errors import DomainError
from gosapp.services.medical import sharing_received
from gosapp.services.medical.lab_query import Cursor
from gosapp.services.medical.sharing import ResultLine
from gosapp.services.medical.sharing_received import SharedWithMe
from gosapp.state.auth import AuthMixin, guarded

DOCTOR = Role.DOCTOR
PAGE = 100


class DoctorSharedState(AuthMixin, rx.State):
    """«Доступ от пациентов»: shares, and the opened one's results."""

    owner: rx.Field[int] = rx.field(0)
    shares: rx.Field[list[SharedWithMe]] = rx.field(default_factory=list)
    opened: rx.Field[str] = rx.field("")  # the open share's id
    opened_title: rx.Field[str] = rx.field("")
    rows: rx.Field[list[ResultLine]] = rx.field(default_factory=list)
    more: rx.Field[bool] = rx.field(False)
    _cursor: Cursor | None = None

    def _close(self) -> None:
        self.opened, self.opened_title, self.rows, self.more, self._cursor = "", "", [], False, None

    def _list(self) -> None:
        with self._signed_in(DOCTOR) as (db, user):
            self.shares = sharing_received.doctor_shares(db, user)
            self.owner = user.id

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """The live shares given to the doctor (nothing open)."""
        self._close()
        self._list()

    def _page(self, share_id: str, after: Cursor | None) -> None:
        with self._signed_in(DOCTOR, write=True) as (db, user):
            lines, self._cursor = sharing_received.shared_rows(
                db, user, share_id, self._actor(user, DOCTOR.value), after=after, limit=PAGE
            )
        self.more = self._cursor is not None
        self.rows = [*self.rows, *lines] if after is not None else lines

    @rx.event
    @guarded(DOCTOR)
    def open_share(self, share_id: str):
        """Show exactly the results of one live share (logged for the patient)."""
        self._close()
        try:
            self._page(str(share_id), None)
        except DomainError as exc:
            self._close()
            self._list()
            return rx.toast.error(exc.message)
        share = next((s for s in self.shares if s.id == str(share_id)), None)
        self.opened, self.opened_title = str(share_id), share.title if share else ""
        return rx.scroll_to("doctor-shared-open")

    @rx.event
    @guarded(DOCTOR)
    def show_more(self):
        """The next rows of the open share."""
        if not self.opened or self._cursor is None:
            return None
        try:
            self._page(self.opened, self._cursor)
        except DomainError as exc:
            self._close()
            self._list()
            return rx.toast.error(exc.message)
        return None

    @rx.event
    @guarded(DOCTOR)
    def close(self):
        """«К списку»: forget the open share's results."""
        self._close()
