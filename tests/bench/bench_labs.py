"""Lab results (issue 14): filtering, sorting and keyset paging over 1,000,000 results.

A generated table of TOTAL results: PATIENTS patients, one of them (the «heavy» one) with HEAVY
results over ten years, the others about 98 each; every analyte of the catalogue, values around
the middle of each adult range with about 8 % out of it. Users go in with one executemany, results
with ``sqlite3.executemany`` (SQLite) or ``COPY`` (PostgreSQL), patient by patient so the
indexes (all of which lead with ``patient_id``) grow at their ends; then ``ANALYZE``.

a. Service vs raw SQL. ``lab_query.search`` for one patient (filter + sort + a page of 50), in a
   fresh session as a page event would, against the very statement and parameters it sent
   (captured with a cursor hook) executed again on a DBAPI cursor with ``fetchall``.
   Target: ≤ 2.5×.
b. Deep pages. The heavy patient's rows 15,000+ (the cursor reached by walking 200-row keyset
   pages), sorted by date and by value, against the first page of the same sort. Target ≤ 1.5×.
c. The page's handlers in-process (SQLite only: the app's own database is the seeded file):
   ``LabsState.choose`` (what a filter control sends: the first page of the new filter, in
   turns through ``CHOICES``, each one a change) followed by ``next_page``, then ``load`` for
   ``/labs?<filters>`` (an address opened: a link, a reload, the back button), against a
   trivial guarded event (``close_result`` with nothing open); and the size of the state delta
   each sends (JSON).
d. Round trips through the production app (``labs_events``: ``bench_events``'s websocket
   client; the demo database plus HEAVY results for the demo patient): the filter event
   (``choose``, until its ``pushState`` arrives), ``next_page`` and an address opened
   (``on_load_internal``), against the trivial guarded event; reply bytes per event. Builds the
   app (a minute or more): part d runs only when ``GOSAPP_BENCH_PARTS`` contains ``d``
   (default ``abc``).

``GOSAPP_BENCH_POSTGRESQL_URL`` (a server URL whose user may create databases) adds a run of a
and b on a throw-away PostgreSQL database. ``GOSAPP_BENCH_LAB_ROWS`` scales TOTAL down for a
quick try; ``GOSAPP_BENCH_LAB_DATABASES`` (default ``sqlite,postgresql``) picks the databases.
Run: ``python -m tests.bench labs``.

Seen 2026-12-02, 1,000,000 rows, 2 cores (first session at load 1.8–2.2; second at 1.2–1.9).
First session, the work on ``lab_query.search`` (column rows, a statement per shape with bound
parameters), the value and out-of-range indexes and the filter event as one event:
a — SQLite 2.0–2.6× → 1.4–1.5× where the query does work and 4.3–4.6× → 2.4× where it takes
0.11 ms; PostgreSQL 15 1.7–2.2× → 1.5–1.8×. b — 1.02–1.21× (SQLite), 1.08–1.39× (PostgreSQL).
d — a filter's whole round trip was choose + the filtered /labs loaded: 12.1 ms, 6.7× a trivial
event, 25.5 KB; then the one ``choose`` event: 2.95 ms, 1.65×, 10.2 KB.
Before the value and out-of-range indexes a panel sorted by value or «только отклонения» cost
6–8 ms of SQL alone on the heavy patient; now every choice's SQL is ~0.1 ms.
SQLite reads its planner statistics when a connection opens: with pooled connections opened
before ANALYZE the same pages took 15–27 ms (18× raw) — the app's database needs ANALYZE (or
``PRAGMA optimize``) and fresh connections.
Second session: a guarded handler reads in the guard's session (``state/auth.py``), the guard
reads the session row once, rows go as lists of cells, ``taken_at`` is read without SQLModel's
per-value UTC conversion, the page keeps its ``LabFilter``:
a — SQLite 1.34–1.42× where the query does work, 2.0× where it takes 0.10 ms; PostgreSQL
1.25–1.38×. b — 1.03–1.23× (SQLite), 1.07–1.26× (PostgreSQL).
c — trivial 0.52 ms; a filter chosen 0.96 ms (1.85×), «Вперёд» 1.03 ms, an address opened
1.26 ms; delta 6.9 KB.
d — trivial 1.31 ms (was 1.79: the guard's second read of the session row is gone); the filter
event 1.84 ms, 1.40× (1.39–1.43× by choice), 6.3 KB; «Вперёд» 2.07 ms (1.58×); an address
opened 6.3 ms. With a CPU-bound process competing for the two cores, 1.49×.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import event, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from gosapp.db import get_engine, make_engine
from gosapp.migrate import upgrade
from gosapp.models.accounts import Role, Sex, User, UserRole
from gosapp.services.medical.analytes import analytes, flag_for, search_text
from gosapp.services.medical.lab_query import LabFilter, LabScope, SortKey, cursor_of, search
from tests.bench import BENCH_DIR

TOTAL = int(os.environ.get("GOSAPP_BENCH_LAB_ROWS", "1000000"))
PATIENTS = max(2, TOTAL // 100)
HEAVY = min(20_000, TOTAL // 5)
DEEP = min(15_000, HEAVY * 3 // 4)
RUNS = 60  # of each timed kind, interleaved
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
LABS = ("КДЛ городской поликлиники № 3", "Лаборатория ФМБА России", "Инвитро")
COLUMNS = (
    "patient_id, analyte_code, analyte_name, panel_code, loinc, taken_at, value, units, ref_low, "
    "ref_high, flag, status, laboratory, method, equipment, comment, search_text, created_at"
)


# --- seeding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    heavy: int  # the patient with HEAVY results
    typical: int  # a patient with about 98
    rows: int
    seconds: float


def _users(engine: Engine) -> list[int]:
    now = NOW
    rows = [
        {
            "last_name": "Пациентова",
            "first_name": f"Анна{n}",
            "patronymic": "",
            "birth_date": date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            "sex": Sex.FEMALE if n % 2 else Sex.MALE,
            "phone": f"+7900{n:07d}",
            "email": f"lab{n}@bench.gosapp.ru",
            "password_hash": "!unusable",
            "level": "basic",
            "consent_version": "2026-01",
            "consent_at": now,
            "totp_enabled_at": now,
            "notify_email": True,
            "notify_sms": False,
            "is_demo": False,
            "created_at": now,
        }
        for n in range(PATIENTS)
    ]
    with engine.begin() as conn:
        conn.execute(insert(User), rows)
        ids = [r[0] for r in conn.exec_driver_sql('SELECT id FROM "user" ORDER BY id')]
        conn.execute(insert(UserRole), [{"user_id": i, "role": Role.CITIZEN} for i in ids])
    return ids[-PATIENTS:]


def _catalogue() -> list[tuple]:
    """Per analyte: the constant columns, the adult range and a value generator's centre."""
    found = []
    for a in analytes():
        ref = a.range_for("F", 40)
        low, high = (ref.low, ref.high) if ref else (None, None)
        centre = ((low or 0) + high) / 2 if high is not None else (low or 1) * 1.4
        spread = ((high - (low or 0)) / 4) if high is not None else centre * 0.15
        text = search_text(a, "", "")
        found.append((a, low, high, centre, spread, text))
    return found


def results_of(patient_id: int, count: int, rng: random.Random, years: float) -> Iterator[tuple]:
    """``count`` rows of one patient over ``years`` years, newest ``NOW``."""
    catalogue = _catalogue_cached()
    span = years * 365 * 86400
    for n in range(count):
        a, low, high, centre, spread, text = catalogue[n % len(catalogue)]
        value = round(rng.gauss(centre, spread), a.decimals)
        taken = NOW - timedelta(seconds=span * (count - n) / count)
        lab = LABS[n % len(LABS)]
        flag = flag_for(value, low, high)
        yield (
            patient_id, a.code, a.name, a.panel, a.loinc, taken, value, a.ucum, low, high,
            flag.value, "final", lab, a.method, "", "", f"{text} {lab.casefold()}", NOW,
        )  # fmt: skip


_CACHE: list[list[tuple]] = []


def _catalogue_cached() -> list[tuple]:
    if not _CACHE:
        _CACHE.append(_catalogue())
    return _CACHE[0]


def _plan(ids: list[int]) -> Iterator[tuple[int, int, float]]:
    """(patient, rows, years): the heavy one first, then the rest sharing what is left."""
    yield ids[0], HEAVY, 10.0
    rest, others = TOTAL - HEAVY, len(ids) - 1
    for k, pid in enumerate(ids[1:]):
        yield pid, rest // others + (1 if k < rest % others else 0), 2.0


def _sqlite_rows(rows: Iterator[tuple]) -> Iterator[tuple]:
    for r in rows:
        yield (*r[:5], r[5].strftime("%Y-%m-%d %H:%M:%S.%f"), *r[6:17],
               r[17].strftime("%Y-%m-%d %H:%M:%S.%f"))  # fmt: skip


def _insert_results(engine: Engine, ids: list[int]) -> int:
    rng = random.Random(14)
    total = 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "sqlite":
            marks = ", ".join("?" * 18)
            sql = f"INSERT INTO labresult ({COLUMNS}) VALUES ({marks})"
            for pid, count, years in _plan(ids):
                cur.executemany(sql, list(_sqlite_rows(results_of(pid, count, rng, years))))
                total += count
        else:
            with cur.copy(f"COPY labresult ({COLUMNS}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for pid, count, years in _plan(ids):
                    for row in results_of(pid, count, rng, years):
                        copy.write_row(row)
                    total += count
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    return total


def seed(engine: Engine) -> Seeded:
    started = time.perf_counter()
    ids = _users(engine)
    rows = _insert_results(engine, ids)
    # SQLite reads the planner's statistics (sqlite_stat1) when a connection opens: pooled
    # connections opened before ANALYZE would plan without them.
    engine.dispose()
    return Seeded(ids[0], ids[len(ids) // 2], rows, time.perf_counter() - started)


# --- a, b: the service against raw SQL, deep pages against the first ---------------------------


def captured(engine: Engine, func: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SELECT statements ``func`` sent on ``engine``."""
    seen: list[tuple[str, Any]] = []

    def hook(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", hook)
    try:
        func()
    finally:
        event.remove(engine, "before_cursor_execute", hook)
    return seen


def service_call(engine: Engine, scope: LabScope, flt: LabFilter, after=None) -> Callable[[], int]:
    def run() -> int:
        with Session(engine) as db:
            return len(search(db, scope, flt, after=after).rows)

    return run


def raw_call(engine: Engine, statements: list[tuple[str, Any]]) -> Callable[[], int]:
    def run() -> int:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            n = 0
            for sql, params in statements:
                cur.execute(sql, params)
                n += len(cur.fetchall())
            return n
        finally:
            raw.close()

    return run


def interleaved(kinds: dict[str, Callable[[], int]], runs: int = RUNS) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for f in kinds.values():  # warm-up
        f()
    for _ in range(runs):
        for name, f in kinds.items():
            started = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - started)
    return times


def scenarios(seeded: Seeded) -> list[tuple[str, LabScope, LabFilter]]:
    heavy, typical = LabScope(seeded.heavy), LabScope(seeded.typical)
    two_years = (NOW - timedelta(days=730)).date()
    return [
        ("heavy: biochem, 2 years, by value ↓", heavy,
         LabFilter(panel="biochem", date_from=two_years, sort=SortKey.VALUE)),
        ("heavy: only abnormal, newest first", heavy, LabFilter(abnormal_only=True)),
        ("heavy: glucose, by date ↑", heavy,
         LabFilter(analyte="GLU", sort=SortKey.DATE, descending=False)),
        ("heavy: text «инвитро», by name", heavy, LabFilter(text="инвитро", sort=SortKey.NAME)),
        ("typical: everything, newest first", typical, LabFilter()),
    ]  # fmt: skip


def bench_service(engine: Engine, seeded: Seeded) -> list[tuple[str, float, float]]:
    found = []
    for label, scope, flt in scenarios(seeded):
        statements = captured(engine, service_call(engine, scope, flt))
        t = interleaved({"service": service_call(engine, scope, flt),
                         "raw": raw_call(engine, statements)})  # fmt: skip
        found.append((label, ms(t["service"]), ms(t["raw"])))
    return found


def deep_cursor(engine: Engine, scope: LabScope, flt: LabFilter) -> tuple[Any, int]:
    """The cursor after row DEEP, reached by walking 200-row keyset pages."""
    after, seen = None, 0
    with Session(engine) as db:
        while seen < DEEP:
            page = search(db, scope, flt, after=after, limit=min(200, DEEP - seen))
            seen += len(page.rows)
            after = cursor_of(page.rows[-1], flt.sort)
    return after, seen


def bench_deep(engine: Engine, seeded: Seeded) -> list[tuple[str, float, float]]:
    scope = LabScope(seeded.heavy)
    found = []
    for label, flt in (
        ("by date, newest first", LabFilter()),
        ("by value, highest first", LabFilter(sort=SortKey.VALUE)),
        ("by value, lowest first", LabFilter(sort=SortKey.VALUE, descending=False)),
        ("by name, А–Я", LabFilter(sort=SortKey.NAME, descending=False)),
    ):
        cursor, _ = deep_cursor(engine, scope, flt)
        t = interleaved({"first": service_call(engine, scope, flt),
                         "deep": service_call(engine, scope, flt, cursor)})  # fmt: skip
        found.append((label, ms(t["first"]), ms(t["deep"])))
    return found


# --- c: the handlers in-process ------------------------------------------------------------------


def bench_handlers(seeded: Seeded) -> list[tuple[str, float, int]]:
    """LabsState's handlers on the seeded app database, as a connection calls them."""
    from reflex.istate.data import ReflexURL, URLData
    from reflex.state import State

    from gosapp.db import transaction
    from gosapp.pages.patient.labs import LabsState
    from gosapp.services.identity import sessions, signin
    from tests.security.test_handler_walk import call, state_instance

    with transaction() as db:
        ticket = signin.issue_ticket(session=db, user_id=seeded.heavy)
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
        key = sessions.key_of(token or "")
    fns = {n: h.fn for n, h in LabsState.event_handlers.items()}
    state = cast(LabsState, state_instance(LabsState, key))
    root = cast(State, state.parent_state)
    queries = itertools_cycle(
        ["panel=biochem&sort=value", "abnormal=1", "analyte=GLU&order=asc", "q=инвитро&sort=name",
         "from=2025-01-01&to=2025-12-31"]
    )  # fmt: skip

    def with_url(query: str) -> None:
        url = URLData.from_url(ReflexURL(f"http://localhost:3000/labs?{query}"))
        root.rx_router_url = state.rx_router_url = url

    choices = itertools_cycle(CHOICES)
    sizes: dict[str, list[int]] = {"filter": [], "address": [], "page": [], "trivial": []}

    def timed_call(kind: str, name: str, args: list) -> Callable[[], int]:
        def run() -> int:
            root._clean()
            if kind == "address":
                with_url(next(queries))
            result = call(fns[name], state, list(next(choices)) if kind == "filter" else args)
            delta = root.get_delta()
            sizes[kind].append(len(json.dumps(delta, default=str, ensure_ascii=False)))
            if kind in ("filter", "address") and not state.rows:
                raise RuntimeError(f"the filter showed nothing: {state.errors} {result}")
            return 0

        return run

    with_url("")
    call(fns["load"], state, [])
    # the filters chosen in turns, each followed by «Вперёд»; then addresses opened
    t = interleaved(
        {
            "trivial": timed_call("trivial", "close_result", []),
            "filter": timed_call("filter", "choose", []),
            "page": timed_call("page", "next_page", []),
        }
    )
    t |= interleaved({"address": timed_call("address", "load", [])})
    return [(k, ms(v), int(statistics.median(sizes[k]))) for k, v in t.items()]


# What the filter controls send, in turns: each changes the filter (the select's on_change fires
# only on a change), and six turns lead back to the default view.
CHOICES = [
    ("panel", "lipids"), ("sort", "value_desc"), ("panel", "all"), ("abnormal", "1"),
    ("sort", "date_desc"), ("abnormal", ""),
]  # fmt: skip


def itertools_cycle(items: list[Any]) -> Iterator[Any]:
    while True:
        yield from items


# --- reporting and running --------------------------------------------------------------------


def ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def print_a(rows: list[tuple[str, float, float]]) -> None:
    print("\na. filter + sort + page of 50: lab_query.search vs the same SQL on a DBAPI cursor")
    print(f"  {'':<40}{'service':>10}{'raw SQL':>10}{'ratio':>8}")
    for label, service, raw in rows:
        print(f"  {label:<40}{service:>7.2f} ms{raw:>7.2f} ms{service / raw:>7.2f}×")
    print("  target ≤ 2.5×")


def print_b(rows: list[tuple[str, float, float]]) -> None:
    print(f"\nb. heavy patient ({HEAVY} rows): rows {DEEP}+ vs the first page (50 rows)")
    print(f"  {'':<40}{'first':>10}{'deep':>10}{'ratio':>8}")
    for label, first, deep in rows:
        print(f"  {label:<40}{first:>7.2f} ms{deep:>7.2f} ms{deep / first:>7.2f}×")
    print("  target ≤ 1.5×")


def print_c(rows: list[tuple[str, float, int]]) -> None:
    print("\nc. LabsState handlers in-process (guard + access + query + display rows), heavy")
    labels = {
        "trivial": "trivial guarded event (close_result)",
        "filter": "a filter chosen (choose)",
        "address": "a filtered address opened (load)",
        "page": "next page (next_page)",
    }
    trivial = next(v for k, v, _ in rows if k == "trivial")
    for kind, value, size in rows:
        ratio = value / trivial
        print(f"  {labels[kind]:<40}{value:>7.2f} ms{ratio:>7.2f}×  delta {size / 1024:.1f} KB")


def databases() -> Iterator[tuple[str, Engine, bool]]:
    """The app's own SQLite file (so part c's handlers see it), then PostgreSQL if given."""
    only = os.environ.get("GOSAPP_BENCH_LAB_DATABASES", "sqlite,postgresql")
    if "sqlite" in only:
        (BENCH_DIR / "data").mkdir(parents=True, exist_ok=True)
        engine = get_engine()
        upgrade(engine)
        yield f"SQLite {sqlite3.sqlite_version}", engine, True
    url = os.environ.get("GOSAPP_BENCH_POSTGRESQL_URL")
    if not url or "postgresql" not in only:
        return
    from tests.databases import PostgresDatabases

    server = PostgresDatabases(url)
    try:
        pg = make_engine(server.url(server.create("bench_labs")))
        upgrade(pg)
        with pg.connect() as conn:
            version = conn.exec_driver_sql("SHOW server_version").scalar()
        yield f"PostgreSQL {version}", pg, False
        pg.dispose()
    finally:
        server.drop_all()


def timed(label: str, func: Callable, *args):
    started = time.perf_counter()
    result = func(*args)
    print(f"  [{label}: {time.perf_counter() - started:.1f} s]", flush=True)
    return result


def run() -> None:
    print(f"Python {platform.python_version()}; {load_line()}", flush=True)
    parts = os.environ.get("GOSAPP_BENCH_PARTS", "abc")
    for name, engine, in_app in databases() if set(parts) & set("abc") else []:
        print(f"\n--- {name} ---", flush=True)
        seeded = timed("seed", seed, engine)
        print(
            f"  {seeded.rows:,} results of {PATIENTS:,} patients in {seeded.seconds:.1f} s "
            f"({seeded.rows / seeded.seconds:,.0f} rows/s)".replace(",", " ")
        )
        if "a" in parts:
            print_a(timed("a", bench_service, engine, seeded))
        if "b" in parts:
            print_b(timed("b", bench_deep, engine, seeded))
        if "c" in parts and in_app:
            print_c(timed("c", bench_handlers, seeded))
        print(f"  {load_line()}")
    if "d" in parts:
        from tests.bench.labs_events import run as run_events

        run_events()


if __name__ == "__main__":
    run()
