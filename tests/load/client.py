"""One virtual patient: signs in through the real login flow, then acts like a person would.

A blocking ``tests.wsclient.ReflexSocket`` per user, in a thread of its own. The mix (weights
in ``MIX``) is what a patient does in the cabinet: open /history, /certificates and
/notifications (a page load: ``hydrate_and_load`` and the route's on_load chain), filter
/history by status, and order a certificate (``CertificatesState.choose`` then ``submit`` with
the form the page sends, on /certificates). Between actions the user thinks (exponential, mean
``think`` seconds, capped at five times the mean).

When the connection breaks (an error, a timeout, the server gone) the user does what the
browser's Socket.IO client does: reconnects with the same token after a growing delay and sends
the page's hydrate again; the time from the first error to a working page is an *outage*.
"""

from __future__ import annotations

import random
import re
import socket
import time
from dataclasses import dataclass

from reflex_base.utils.format import format_event_handler

from gosapp.services.requests import history
from tests import reflexflow
from tests.load.stats import Recorder
from tests.load.tally import OrderTally
from tests.load.users import Patient
from tests.reflexflow import boot_event, delta_key, hydrated, page_state
from tests.wsclient import ReflexSocket

MIX = {  # action: weight (per cent)
    "load /history": 20,
    "load /certificates": 15,
    "load /notifications": 15,
    "filter /history": 40,
    "order certificate": 10,
}
ORDER_FORM = {"purpose": "Для предъявления по месту работы (нагрузочный тест)", "delivery": ""}
NUMBER = re.compile(r"ОБР-\d{4}-\d+")
REFUSAL = re.compile(r'"name": "(\w+)"(?:.*?"path": "([^"?]*))?')
ID_SEGMENT = re.compile(r"/[0-9A-Fa-f-]{6,}(?=/|$)")  # /error/2373DF26: one kind, not one each
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 4.0, 5.0)  # seconds, then 5 s again (Socket.IO: 1..5 s)


@dataclass(frozen=True)
class LoadNames:
    """Event names and delta keys for the sign-in and the mix, derived from the app."""

    login_state: str
    submit_password: str
    submit_code: str
    login_step: str
    hydrate_and_load: str
    root_state: str
    is_hydrated: str
    history_choose: str
    cert_state: str
    cert_choose: str
    cert_submit: str
    cert_submitted: str
    cert_errors: str

    @classmethod
    def from_app(cls) -> LoadNames:
        """Derive the names from the app's routes (this imports and registers the pages)."""
        from gosapp.gosapp import app

        login, hist = page_state(app, "/login"), page_state(app, "/history")
        cert = page_state(app, "/certificates")
        return cls(
            login_state=login.get_full_name(),
            submit_password=format_event_handler(login.submit_password),
            submit_code=format_event_handler(login.submit_code),
            login_step=delta_key(login, "step"),
            hydrate_and_load=reflexflow.hydrate_name(),
            root_state=reflexflow.root_name(),
            is_hydrated=reflexflow.is_hydrated_key(),
            history_choose=format_event_handler(hist.choose),
            cert_state=cert.get_full_name(),
            cert_choose=format_event_handler(cert.choose),
            cert_submit=format_event_handler(cert.submit),
            cert_submitted=delta_key(cert, "submitted"),
            cert_errors=delta_key(cert, "form_errors"),
        )


def error_kind(exc: BaseException) -> str:
    """A short name for what went wrong, for the errors table."""
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timeout"
    if isinstance(exc, (ConnectionError, OSError)):
        return "connection"
    if isinstance(exc, RuntimeError) and "refused" in str(exc):
        # what the page got instead of an answer: an error toast, or a redirect (and where to)
        found = REFUSAL.search(str(exc))
        if found is None:
            return "refused"
        name, path = found.group(1), ID_SEGMENT.sub("/<id>", found.group(2) or "")
        return f"refused {name} {path}".rstrip()
    return type(exc).__name__


class VirtualUser:
    """One patient's tab: its cookie, its socket, the page it is on, its own random stream."""

    def __init__(self, base_url: str, names: LoadNames, patient: Patient, seed: int):
        self.base_url, self.names, self.patient = base_url, names, patient
        self.rng = random.Random(seed)
        self.cookie = ""
        self.tab: ReflexSocket | None = None
        self.token = ""
        self.path = "/history"
        self.tally = OrderTally()
        self.statuses = [code for code, _ in history.status_choices()]

    def sign_in(self) -> None:
        """The login page's two steps and the session cookie (the real flow, TOTP via pyotp)."""
        p = self.patient
        self.cookie = reflexflow.sign_in(
            self.base_url, self.names, p.login, p.password, p.totp_secret
        )

    def connect(self) -> None:
        """Open the tab on the current page: the hydrate in the CONNECT packet, then on_load."""
        self.tab = ReflexSocket(
            self.base_url,
            cookie=self.cookie,
            boot=boot_event(self.names, self.path),
            token=self.token,
        )
        self.token = self.tab.token  # a reconnect keeps the token, as the browser does
        self.tab.until(hydrated(self.names))

    def close(self) -> None:
        """Close the tab's socket (if open)."""
        if self.tab is not None:
            self.tab.close()
            self.tab = None

    def run(self, deadline: float, recorder: Recorder, think: float) -> None:
        """Act until ``deadline`` (monotonic); errors and reconnects go to ``recorder``."""
        while time.monotonic() < deadline:
            pause = min(self.rng.expovariate(1 / think), 5 * think) if think > 0 else 0
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))  # not past the end
            if time.monotonic() >= deadline:
                break
            action = self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
            try:
                self.act(action, recorder)
            except Exception as exc:  # any failure is what a user would see: count, recover
                recorder.error(error_kind(exc), time.monotonic())
                self.recover(deadline, recorder)
        self.close()

    def act(self, action: str, recorder: Recorder) -> None:
        """Run one action of the mix and record its latency."""
        verb, _, path = action.partition(" /")
        if verb == "load":
            self._timed(recorder, action, self._load, "/" + path)
        elif verb == "filter":
            if self.path != "/history":
                self._timed(recorder, "load /history", self._load, "/history")
            self._timed(recorder, action, self._filter)
        else:
            if self.path != "/certificates":
                self._timed(recorder, "load /certificates", self._load, "/certificates")
            self._timed(recorder, action, self._order, events=2)

    def _timed(self, recorder: Recorder, kind: str, func, *args, events: int = 1) -> None:
        started = time.perf_counter()
        func(*args)
        recorder.done(kind, time.perf_counter() - started, events)

    def _socket(self) -> ReflexSocket:
        if self.tab is None:
            raise ConnectionError("not connected")
        return self.tab

    def _load(self, path: str) -> None:
        tab = self._socket()
        tab.emit(self.names.hydrate_and_load, {}, path=path)
        tab.until(hydrated(self.names))
        self.path = path

    def _filter(self) -> None:
        tab, names = self._socket(), self.names
        payload = {"field": "status", "value": self.rng.choice([history_all(), *self.statuses])}
        tab.emit(names.history_choose, payload, path="/history")
        tab.until(reflexflow.touches(page_of(names.history_choose)))

    def _order(self) -> None:
        tab, names = self._socket(), self.names
        tab.emit(names.cert_choose, {"code": "cert_health"}, path="/certificates")
        tab.emit(names.cert_submit, {"form": ORDER_FORM}, path="/certificates")
        try:
            outcome = tab.until(self._order_answered)[-1]["delta"][names.cert_state]
        except Exception:
            self.tally.doubt(self.patient.user_id)  # sent; whether it committed is unknown
            raise
        found = NUMBER.search(str(outcome.get(names.cert_submitted, "")))
        if found is None:
            raise RuntimeError(f"order refused: {outcome.get(names.cert_errors)}")
        self.tally.accept(self.patient.user_id, found.group(0))

    def _order_answered(self, update: dict) -> bool:
        cert = (update.get("delta") or {}).get(self.names.cert_state, {})
        return bool(cert.get(self.names.cert_submitted) or cert.get(self.names.cert_errors))

    def recover(self, deadline: float, recorder: Recorder) -> None:
        """Reconnect with growing delays until the page loads again (or the run ends)."""
        self.close()
        broke, attempts = time.monotonic(), 0
        while time.monotonic() < deadline:
            time.sleep(RECONNECT_DELAYS[min(attempts, len(RECONNECT_DELAYS) - 1)])
            attempts += 1
            recorder.reconnect_attempt()
            try:
                self.connect()
            except Exception as exc:
                self.close()
                recorder.error("reconnect " + error_kind(exc), time.monotonic())
                continue
            recorder.recovered(time.monotonic() - broke)
            return


def history_all() -> str:
    """The status filter's «any» value."""
    from gosapp.pages.account.history.state import ALL

    return ALL


def page_of(handler: str) -> str:
    """The state part of a full handler name (``…history_state.choose`` → ``…history_state``)."""
    return handler.rpartition(".")[0]
