"""Event round trips over Reflex's websocket, as a signed-in patient, on the production build.

The app is served the way the end-to-end tests serve it (``tests/e2e/conftest.py``): a fresh
demo database (``gosapp migrate``, ``gosapp seed-demo``), then ``gosapp serve`` on a free port,
with its own Reflex work folders (``.web-bench``, ``.states-bench``) so that neither ``make run``
nor the browser tests in the same checkout are disturbed. The first run also installs the
frontend's packages there; every run compiles and builds the frontend (under a minute).

No browser: a small Socket.IO client (Engine.IO 4 framing over a blocking ``wsproto`` websocket,
the library Reflex's python-socketio already brings) speaks Reflex's wire format. The patient
signs in the way the login page does it: ``LoginState.submit_password`` and ``submit_code`` as
events; the code step answers with a ``_call_script`` that navigates to
``/api/auth/session?ticket=…``, which httpx then opens to receive the HttpOnly session cookie. A
second websocket carries that cookie in its handshake, as a browser's would, and every
measurement runs on it:

* a trivial guarded event: ``HistoryState.toggle("")`` with no timeline open — the guard (the
  session resolved from the cookie) and two assignments, no query of its own;
* the status filter of ``/history`` (``HistoryState.choose("status", …)``, the select with id
  ``history-filter-status``): guard, count and one page of rows;
* a page load of ``/history``: ``hydrate_and_load``, the event a page sends when its socket
  connects, here on the open socket; it sends the whole state tree, then the server runs the
  route's on_load chain (``load_me``, ``HistoryState.load``, ``set_is_hydrated``). Timed until the
  delta that sets ``is_hydrated`` arrives, the last of the chain.

For comparison it also times a client-side navigation to ``/history`` (``on_load_internal``: the
on_load chain without the snapshot) and a full page load's socket part (a new connection with the
hydrate in its CONNECT packet, as the browser sends it).

Each figure is the time from sending the event to receiving the reply that completes it,
measured in this process (the client's JSON encoding and decoding included; it reads the
socket in the same thread, so no thread wake-up is). The kinds take turns in ROUNDS rounds, so
background load on the machine hits each alike. A reply that refuses the event (the guard's
redirect to /login, an error toast) stops the benchmark rather than being timed.

Event and state names are not written here: the page state is the one whose ``load`` is the
``/history`` route's on_load handler in the app, and the names come from Reflex
(``format_event_handler``), so moving page modules or re-parenting their states does not break
the benchmark. Handler, argument and var names (``submit_password(form)``, ``toggle(request_id)``,
``choose(field, value)``, ``step``, ``owner``, ``total``) are written here and fail loudly.

Run: ``python -m tests.bench events`` (or ``make bench`` for all benchmarks).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from reflex import constants
from reflex.state import OnLoadInternalState, State
from reflex_base.utils.format import format_event_handler

from gosapp.services.requests import history
from tests import reflexflow
from tests.bench import BENCH_DIR
from tests.e2e.conftest import LiveServer, serve_demo
from tests.reflexflow import boot_event, delta_key, hydrated, page_state, touches
from tests.wsclient import ReflexSocket

PATIENT = "patient@demo.gosapp.ru"
ITERATIONS = 200  # of each of the three main kinds, timed
NAVIGATIONS = 100  # client-side navigations, timed
RECONNECTS = 48  # new connections with a hydrate, timed
WARMUP = 20  # of each kind, not timed
ROUNDS = 4


# --- the app, served --------------------------------------------------------------------------


def served() -> contextlib.AbstractContextManager[LiveServer]:
    """The production build on a free port with a fresh demo database (as the e2e tests)."""
    data = BENCH_DIR / "events-data"
    data.mkdir(parents=True)
    return serve_demo(data, "bench")


# --- the app's names, from the app itself ---------------------------------------------------


@dataclass(frozen=True)
class Names:
    """Full event names and delta keys, derived from the app's routes and Reflex."""

    login_state: str
    submit_password: str
    submit_code: str
    page_state: str
    toggle: str
    choose: str
    hydrate_and_load: str
    on_load_internal: str
    root_state: str
    is_hydrated: str
    login_step: str
    page_owner: str
    page_total: str

    @classmethod
    def from_app(cls) -> Names:
        from gosapp.gosapp import app  # registers the pages: the routes know their states

        login, page = page_state(app, "/login"), page_state(app, "/history")
        root = State.get_full_name()
        return cls(
            login_state=login.get_full_name(),
            submit_password=format_event_handler(login.submit_password),
            submit_code=format_event_handler(login.submit_code),
            page_state=page.get_full_name(),
            toggle=format_event_handler(page.toggle),
            choose=format_event_handler(page.choose),
            hydrate_and_load=f"{root}.{constants.CompileVars.HYDRATE_AND_LOAD}",
            on_load_internal=format_event_handler(OnLoadInternalState.on_load_internal),
            root_state=root,
            is_hydrated=delta_key(State, constants.CompileVars.IS_HYDRATED),
            login_step=delta_key(login, "step"),
            page_owner=delta_key(page, "owner"),
            page_total=delta_key(page, "total"),
        )


def demo_patient(server: LiveServer) -> dict:
    """The demo patient's login, password and TOTP secret (``gosapp demo-accounts --json``)."""
    accounts = json.loads(server.gosapp("demo-accounts", "--json"))
    return next(a for a in accounts if a["login"] == PATIENT)


def sign_in(
    server: LiveServer, names: Names, login: str = "", password: str = "", code: str = ""
) -> str:
    """The demo patient (or ``login`` with ``password`` and ``code``, a TOTP or recovery code)
    signed in through the login page's events; the Cookie header."""
    if login:
        return reflexflow.sign_in(server.url, names, login, password, code=code)
    account = demo_patient(server)
    return reflexflow.sign_in(
        server.url, names, account["login"], account["password"], account["totp_secret"]
    )


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    updates: int
    reply_bytes: int


def timed_event(tab: ReflexSocket, name: str, payload: dict, done: Callable[[dict], bool]):
    """Send one event and wait for the update that completes it."""
    received = tab.received_bytes
    started = time.perf_counter()
    tab.emit(name, payload)
    updates = tab.until(done)
    return Sample(time.perf_counter() - started, len(updates), tab.received_bytes - received)


def timed_reconnect(server: LiveServer, cookie: str, names: Names) -> Sample:
    """A new connection with the hydrate in its CONNECT packet, until the on_load chain ends."""
    started = time.perf_counter()
    tab = ReflexSocket(server.url, cookie=cookie, boot=boot_event(names, "/history"))
    try:
        updates = tab.until(hydrated(names))
        return Sample(time.perf_counter() - started, len(updates), tab.received_bytes)
    finally:
        tab.close()


class Kinds:
    """The measured kinds of event: a label and a function that runs and times one of each."""

    def __init__(self, server: LiveServer, tab: ReflexSocket, cookie: str, names: Names):
        statuses = [code for code, _ in history.status_choices()]
        picks = itertools.cycle(statuses)  # every event really changes the filter
        page, loaded = touches(names.page_state), hydrated(names)
        self.runs: dict[str, tuple[str, int, Callable[[], Sample]]] = {
            "trivial": (
                "a  trivial guarded event: HistoryState.toggle('')",
                ITERATIONS,
                lambda: timed_event(tab, names.toggle, {"request_id": ""}, page),
            ),
            "filter": (
                "b  status filter: HistoryState.choose('status', …)",
                ITERATIONS,
                lambda: timed_event(
                    tab,
                    names.choose,
                    {"field": "status", "value": next(picks)},
                    page,
                ),
            ),
            "hydrate": (
                "c  page load /history: hydrate_and_load + on_load chain",
                ITERATIONS,
                lambda: timed_event(tab, names.hydrate_and_load, {}, loaded),
            ),
            "navigate": (
                "   client-side navigation to /history: on_load_internal",
                NAVIGATIONS,
                lambda: timed_event(tab, names.on_load_internal, {}, loaded),
            ),
            "reconnect": (
                "   new connection, hydrate in its CONNECT packet",
                RECONNECTS,
                lambda: timed_reconnect(server, cookie, names),
            ),
        }
        self.statuses = statuses

    def warm_up(self) -> None:
        for _label, _count, run_one in self.runs.values():
            for _ in range(WARMUP):
                run_one()

    def measure(self) -> dict[str, list[Sample]]:
        samples: dict[str, list[Sample]] = {name: [] for name in self.runs}
        for _ in range(ROUNDS):
            for name, (_label, count, run_one) in self.runs.items():
                samples[name].extend(run_one() for _ in range(count // ROUNDS))
        return samples


def check_signed_in(tab: ReflexSocket, names: Names) -> int:
    """The first hydrate of /history: the page state must hold the patient's own rows; their
    number."""
    merged: dict = {}
    for update in tab.until(hydrated(names)):
        for state, values in (update.get("delta") or {}).items():
            merged.setdefault(state, {}).update(values)
    page = merged.get(names.page_state, {})
    if not page.get(names.page_owner):
        raise RuntimeError("the /history on_load chain did not load the patient's requests")
    return page[names.page_total]


# --- reporting --------------------------------------------------------------------------------


def ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p95_ms(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] * 1000


def print_report(kinds: Kinds, samples: dict[str, list[Sample]], r: dict) -> None:
    """The figures as one table, then the ratios to the trivial event."""
    print(
        f"gosapp serve (Reflex {constants.Reflex.VERSION}, --env prod), Python "
        f"{platform.python_version()}, {r['cores']} cores; the client runs in this process"
    )
    before, after = r["load_before"], r["load_after"]
    print(f"load average (1 min) before {before:.2f}, after {after:.2f}")
    if before >= 0.5 * r["cores"]:
        print(f"NOTE: other work was running (load {before:.2f} on {r['cores']} cores):")
        print("      the latencies are inflated.")
    print(f"{PATIENT}: {r['total']} requests on /history; the status filter cycles through")
    print(f"  {', '.join(kinds.statuses)}")
    columns = f"{'n':>5}{'p50':>10}{'p95':>10}{'updates':>9}{'reply':>10}"
    print(f"\n{'Round trip, signed in':<58}{columns}")
    for name, (label, _count, _run) in kinds.runs.items():
        s = samples[name]
        seconds = [x.seconds for x in s]
        print(
            f"  {label:<56}{len(s):>5}{ms(seconds):>7.2f} ms{p95_ms(seconds):>7.2f} ms"
            f"{statistics.mean(x.updates for x in s):>9.1f}"
            f"{statistics.mean(x.reply_bytes for x in s) / 1024:>7.1f} KB"
        )
    trivial = [x.seconds for x in samples["trivial"]]
    for name, label in (("filter", "status filter"), ("hydrate", "page load")):
        values = [x.seconds for x in samples[name]]
        print(
            f"  {label + ' ÷ trivial event:':<32} p50 {ms(values) / ms(trivial):.2f}×, "
            f"p95 {p95_ms(values) / p95_ms(trivial):.2f}×"
        )


def timed(label: str, func: Callable, *args):
    """``func(*args)``, printing how long it took (progress while the bench runs)."""
    started = time.perf_counter()
    result = func(*args)
    print(f"  [{label}: {time.perf_counter() - started:.1f} s]", flush=True)
    return result


def bench(server: LiveServer, names: Names) -> None:
    """Sign the patient in on ``server``, time the events, print the table."""
    cookie = timed("sign in over the websocket + ticket", sign_in, server, names)
    tab = ReflexSocket(server.url, cookie=cookie, boot=boot_event(names, "/history"))
    try:
        r: dict = {"cores": os.cpu_count(), "total": check_signed_in(tab, names)}
        kinds = Kinds(server, tab, cookie, names)
        timed(f"warm-up, {WARMUP} of each", kinds.warm_up)
        r["load_before"] = os.getloadavg()[0]
        samples = timed(f"measure, {ROUNDS} rounds", kinds.measure)
        r["load_after"] = os.getloadavg()[0]
    finally:
        tab.close()
    print()
    print_report(kinds, samples, r)


def run() -> None:
    """Build and serve the app, then run the benchmark against it."""
    names = timed("derive event names from the app", Names.from_app)
    started = time.perf_counter()
    with served() as server:
        print(f"  [build and serve: {time.perf_counter() - started:.1f} s]", flush=True)
        bench(server, names)


if __name__ == "__main__":
    run()
