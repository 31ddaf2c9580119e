"""Part d of ``bench_labs``: /labs events over Reflex's websocket on the production build.

The app is built and served as ``bench_events`` does it (a fresh demo database), the demo patient
gets ``bench_labs.HEAVY`` more results (ten years of every analyte), signs in through the login
page's events and opens ``/labs``. Then, in turns:

* trivial: ``LabsState.close_result`` with nothing open (the guard, three assignments);
* filter: ``LabsState.choose(field, value)`` — what a filter control sends, and all a filter
  costs: the handler queries the first page and answers with one update (rows, form values,
  pager and the new ``address``, which the page pushes into the history); timed until it
  arrives. The choices come in turns (``bench_labs.CHOICES``), each one a real change;
* address: ``on_load_internal`` on ``/labs?<filters>`` — a filtered address opened (a link, a
  reload, the browser's back button): the on_load chain (``load_me``, ``LabsState.load``:
  access, query, 50 display rows); timed until ``is_hydrated`` is set;
* page: ``LabsState.next_page`` (each round's address starts again at page 1).

Reply bytes are what the server sent. Per choice the filter's p50 is printed too (the SQL of
some, e.g. a panel sorted by value, costs more than the rest of the event).
Not collected by ``python -m tests.bench`` on its own: ``bench_labs`` runs it for part d.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from reflex import constants
from reflex.state import OnLoadInternalState, State
from reflex_base.utils.format import format_event_handler

from tests.bench.bench_events import PATIENT, demo_patient, served
from tests.reflexflow import boot_event, delta_key, hydrated, page_state
from tests.reflexflow import sign_in as sign_in_events
from tests.wsclient import ReflexSocket

ITERATIONS = 120
WARMUP = 10
FILTERS = ("panel=biochem&sort=value", "abnormal=1", "analyte=GLU&order=asc", "q=инвитро")


@dataclass(frozen=True)
class Names:
    login_state: str
    submit_password: str
    submit_code: str
    login_step: str
    hydrate_and_load: str
    root_state: str
    is_hydrated: str
    page_state: str
    address: str
    rows: str
    close_result: str
    choose: str
    next_page: str
    previous_page: str
    on_load_internal: str

    @classmethod
    def from_app(cls) -> Names:
        from gosapp.gosapp import app

        login, page = page_state(app, "/login"), page_state(app, "/labs")
        return cls(
            login_state=login.get_full_name(),
            submit_password=format_event_handler(login.submit_password),
            submit_code=format_event_handler(login.submit_code),
            login_step=delta_key(login, "step"),
            hydrate_and_load=f"{State.get_full_name()}.{constants.CompileVars.HYDRATE_AND_LOAD}",
            root_state=State.get_full_name(),
            is_hydrated=delta_key(State, constants.CompileVars.IS_HYDRATED),
            page_state=page.get_full_name(),
            address=delta_key(page, "address"),
            rows=delta_key(page, "rows"),
            close_result=format_event_handler(page.close_result),
            choose=format_event_handler(page.choose),
            next_page=format_event_handler(page.next_page),
            previous_page=format_event_handler(page.previous_page),
            on_load_internal=format_event_handler(
                OnLoadInternalState.on_load_internal  # pyright: ignore[reportArgumentType]
            ),
        )


def add_heavy_history(data_dir: str, login: str) -> None:
    """bench_labs.HEAVY results for the demo patient, straight into the server's SQLite file."""
    from tests.bench.bench_labs import COLUMNS, HEAVY, _sqlite_rows, results_of

    conn = sqlite3.connect(f"{data_dir}/gosapp.db")
    try:
        (pid,) = conn.execute('SELECT id FROM "user" WHERE email = ?', (login,)).fetchone()
        marks = ", ".join("?" * 18)
        rows = _sqlite_rows(results_of(pid, HEAVY, random.Random(7), 10.0))
        conn.executemany(f"INSERT INTO labresult ({COLUMNS}) VALUES ({marks})", rows)
        conn.commit()
        conn.execute("ANALYZE")
    finally:
        conn.close()


def emit(tab: ReflexSocket, name: str, payload: dict, path: str = "/labs", query: str = ""):
    as_path = f"{path}?{query}" if query else path
    event = {"name": name, "payload": payload, "router_data": {"pathname": path, "asPath": as_path}}
    tab.ws.send(f"42{tab.NAMESPACE},{json.dumps(['event', event])}")


def final(_update: dict) -> bool:
    """The one update of a handler that changes vars and returns nothing."""
    return True


def scrolled(update: dict) -> bool:
    """The update carrying a page event's scroll (its delta comes in the update before)."""
    return any(e.get("name") == "_call_script" for e in update.get("events") or [])


@dataclass
class Sample:
    seconds: float
    reply_bytes: int


def timed(tab: ReflexSocket, send: Callable[[], None], done: Callable[[dict], bool]) -> Sample:
    received = tab.received_bytes
    started = time.perf_counter()
    send()
    tab.until(done)
    return Sample(time.perf_counter() - started, tab.received_bytes - received)


def applied(names: Names) -> Callable[[dict], bool]:
    """A filter event's one update: the new rows and the new address (the page pushes it into
    the browser's history); a toast instead would mean the filter was refused."""

    def done(update: dict) -> bool:
        if update.get("events"):
            raise RuntimeError(f"the filter was not applied: {json.dumps(update)[:300]}")
        page = (update.get("delta") or {}).get(names.page_state) or {}
        return names.address in page and names.rows in page

    return done


def kinds(tab: ReflexSocket, names: Names, chosen: list[str]) -> dict[str, Callable[[], Sample]]:
    from tests.bench.bench_labs import CHOICES

    loaded, filtered = hydrated(names), applied(names)
    queries = itertools.cycle(FILTERS)
    choices = itertools.cycle(CHOICES)

    def choose() -> None:
        field, value = next(choices)
        chosen.append(f"{field}={value}")
        emit(tab, names.choose, {"field": field, "value": value})

    return {
        "trivial": lambda: timed(tab, lambda: emit(tab, names.close_result, {}), final),
        "filter": lambda: timed(tab, choose, filtered),
        # each round's filter starts at page 1: the page event is always «Вперёд»
        "page": lambda: timed(tab, lambda: emit(tab, names.next_page, {}), scrolled),
        # measured after the others (an address sets the whole filter: the choices would no
        # longer be changes)
        "address": lambda: timed(
            tab, lambda: emit(tab, names.on_load_internal, {}, query=next(queries)), loaded
        ),
    }


def measure(runs: dict[str, Callable[[], Sample]]) -> dict[str, list[Sample]]:
    for run_one in runs.values():
        for _ in range(WARMUP):
            run_one()
    samples: dict[str, list[Sample]] = {k: [] for k in runs}
    for _ in range(ITERATIONS):
        for name, run_one in runs.items():
            samples[name].append(run_one())
    return samples


def report(samples: dict[str, list[Sample]], chosen: list[str]) -> None:
    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=20, method="inclusive")[q] * 1000

    print("\nd. /labs round trips on the production build (websocket, signed in)")
    trivial = [s.seconds for s in samples["trivial"]]
    for name, s in samples.items():
        secs = [x.seconds for x in s]
        p50, p95 = statistics.median(secs) * 1000, p(secs, -1)
        ratio = p50 / (statistics.median(trivial) * 1000)
        size = statistics.mean(x.reply_bytes for x in s) / 1024
        print(
            f"  {name:<10}p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  {ratio:5.2f}×  reply {size:.1f} KB"
        )
    per_choice: dict[str, list[float]] = {}
    for label, sample in zip(chosen[-len(samples["filter"]) :], samples["filter"]):
        per_choice.setdefault(label, []).append(sample.seconds)
    trivial_p50 = statistics.median(trivial)
    for label, secs in per_choice.items():
        p50 = statistics.median(secs)
        print(f"    filter {label:<20}p50 {p50 * 1000:7.2f} ms  {p50 / trivial_p50:5.2f}×")
    print("  target: the filter event ≤ 1.5× a trivial event")


def run() -> None:
    names = Names.from_app()
    started = time.perf_counter()
    with served() as server:
        print(f"  [build and serve: {time.perf_counter() - started:.1f} s]", flush=True)
        add_heavy_history(server.env["GOSAPP_DATA_DIR"], PATIENT)
        account = demo_patient(server)
        cookie = sign_in_events(
            server.url, names, account["login"], account["password"], account["totp_secret"]
        )
        tab = ReflexSocket(server.url, cookie=cookie, boot=boot_event(names, "/labs"))
        try:
            tab.until(hydrated(names))
            print(f"  load average before: {os.getloadavg()[0]:.2f}")
            chosen: list[str] = []
            runs = kinds(tab, names, chosen)
            address = runs.pop("address")
            samples = measure(runs) | measure({"address": address})
            print(f"  load average after: {os.getloadavg()[0]:.2f}")
        finally:
            tab.close()
    report(samples, chosen)
