"""The СЗН cabinet's shared page state: whether the citizen may use it (level), has connected
it, and the connect handler (consent with its text version)."""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import utcnow
from gosapp.services.common.errors import DomainError
from gosapp.services.common.workdays import local_date
from gosapp.services.social import cabinet, overview
from gosapp.state.auth import AuthMixin, guarded


def texts(row: object) -> dict[str, str]:
    """A service row (a dataclass) as the page's text fields."""
    return {k: v for k, v in vars(row).items() if isinstance(v, str)}


class SznState(AuthMixin, rx.State):
    """The overview: the gate, the connection form, and the connected citizen's blocks."""

    loaded: rx.Field[bool] = rx.field(False)
    connected: rx.Field[bool] = rx.field(False)
    gate: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    consent_error: rx.Field[str] = rx.field("")
    upcoming: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    in_progress: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    dates: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _reload(self) -> None:
        with self._signed_in() as (db, user):
            self.gate = cabinet.gate(user)
            self.connected = not self.gate and cabinet.connection(db, user) is not None
            if self.connected:
                data = overview.overview(session=db, user=user, today=local_date(utcnow()))
                self.upcoming = [texts(r) for r in data.upcoming]
                self.in_progress = [texts(r) for r in data.in_progress]
                self.dates = data.dates
        self.loaded = True

    @rx.event
    @guarded
    def load(self):
        """Who may connect, and the overview once connected."""
        self.consent_error = ""
        self._reload()

    @rx.event
    @guarded
    def connect(self, form: dict):
        """Connect the cabinet with the consent the page showed (its version is in the form)."""
        try:
            with self._signed_in(write=True) as (db, user):
                cabinet.connect(
                    session=db,
                    user=user,
                    agreed=str(form.get("consent", "")).lower() in ("on", "true", "1"),
                    consent_version=str(form.get("consent_version", "")),
                    actor=self._actor(user),
                )
        except DomainError as exc:
            self.consent_error = exc.message
            return
        self.consent_error = ""
        self._reload()
