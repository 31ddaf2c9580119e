"""Appointments (issue 13): month availability, bookings per second, first-load bytes of a page.

a. Month availability. 30 doctors of one specialty over four clinics (one in Владивосток),
   Monday–Friday shifts as the demo has them (``demo.scheduling.SHIFTS``; 15/20/30-minute slots,
   a pause in the morning shifts, a Saturday for some), about 30 % of the month's slots booked.
   ``calendar.month_counts`` for the 30 doctors (a fresh session each time, as a page load
   would) against the raw SQL it needs: the very statements and parameters it sent (captured
   with a cursor hook), executed again on a DBAPI cursor with ``fetchall``. A middle row times
   the same queries through the ORM (``load_schedules`` + ``taken_starts``), so the ratio splits
   into row mapping and slot computation.
b. Bookings per second: CLIENTS threads, each booking its own distinct free slots the way the
   app does it, a hold and a confirm in two write transactions (``db.transaction``) through the
   app's engine (``make_engine``: its connection pool, SQLite's BEGIN IMMEDIATE). Every booking
   has its own patient (one future visit per specialty). Against the same done by one client.
   Seen on a loaded 2-core machine (2026-12-02): the median stays near one client's, but the
   tail is long (p95 ~5–6 s, max 13–16 s) on both databases. Waiters are not served in order:
   SQLAlchemy's pool lets a thread that just gave a connection back take it again, and on
   SQLite a writer waiting in BEGIN IMMEDIATE polls (SQLite's busy handler sleeps up to 100 ms
   between tries) while a newcomer takes the free lock at once. With a pool large enough for
   all 50 (pool_size=60) SQLite starved some writers past the 15 s busy timeout: "database is
   locked" for 17–44 of 600 bookings; a FIFO queue in front of BEGIN IMMEDIATE (an experiment,
   not in gosapp.db) removed those errors and bounded the tail. On PostgreSQL every confirm
   also queues on the year's row of the number counter (gap-free numbers).
c. First-load JS+CSS of a route of the production build, as a ratio to a blank Reflex app
   (``reflex init --template blank``, built and served the same way, ``reflex run --env
   prod``): Debian's Chromium through Playwright sums the script and stylesheet responses of
   one cold load (a new browser context) until the network is idle — the bytes on the wire
   (the server gzips) and decoded. The portal's routes are loaded signed in as the demo patient
   (``bench_events.sign_in``). Routes: ``GOSAPP_BENCH_ROUTES`` (comma-separated, default
   ``/appointments,/certificates,/login``); a route the app does not have yet is reported
   and skipped.

``GOSAPP_BENCH_PARTS`` (default ``abc``) picks the parts. a and b run on an SQLite file and,
when ``GOSAPP_BENCH_POSTGRESQL_URL`` is given (a server URL whose user may create databases, e.g.
the private cluster of ``scripts/services.sh``), also on a throw-away database there.

Run: ``python -m tests.bench booking`` (or ``make bench`` for all benchmarks).
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import signal
import sqlite3
import statistics
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, col, select

from gosapp.db import make_engine, session_scope, transaction
from gosapp.migrate import upgrade
from gosapp.models.accounts import User
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource, ScheduleTemplate
from gosapp.services.common.audit import Actor
from gosapp.services.demo.scheduling import SHIFTS
from gosapp.services.scheduling import booking, calendar
from tests.bench import BENCH_DIR
from tests.factories import give_documents, make_clinic, make_specialty, make_user

NOW = datetime(2027, 3, 1, 6, 0, tzinfo=UTC)  # Monday 01.03.2027 09:00 in Moscow
MONTH = (2027, 3)
DOCTORS = 30
BOOKED_SHARE = 0.30
MONTH_RUNS = 60  # of each kind, interleaved
CLIENTS = 50
BOOKINGS_PER_CLIENT = 12
SEQUENTIAL_BOOKINGS = 100
FILLERS = 40  # patients of the pre-booked 30 %
ACTOR = Actor(ip="10.0.0.7", user_agent="bench")
BLANK_TIMEOUT_S = 900
DEFAULT_ROUTES = "/appointments,/certificates,/login"


# --- seeding ------------------------------------------------------------------------------------


@dataclass
class Seeded:
    specialty_id: int
    resource_ids: list[int]
    month_slots: int  # the month's slots before any booking
    booked: int
    free: list[calendar.Slot]  # in a shuffled order, for the booking clients
    patients: list[int]  # standard-level patients with no visit yet


def seed(engine: Engine) -> Seeded:
    """30 doctors of one specialty, ~30 % of the month booked, patients for the bookings."""
    rng = random.Random(13)
    with transaction(engine) as db:
        specialty = make_specialty(db)
        clinics = [make_clinic(db) for _ in range(3)]
        clinics.append(make_clinic(db, timezone="Asia/Vladivostok", name="КДЦ Владивосток"))
        ids = [_doctor(db, rng, specialty.id, clinics[i % 4].id, i) for i in range(DOCTORS)]
        fillers = [give_documents(db, make_user(db)).id for _ in range(FILLERS)]
        first, last = _month()
        slots = calendar.free_slots(db, ids, first, last, NOW)
        every = [s for rid in ids for s in slots.get(rid, [])]
        booked = [s for s in every if rng.random() < BOOKED_SHARE]
        db.execute(
            insert(Appointment),
            [
                {
                    "resource_id": s.resource_id,
                    "patient_id": rng.choice(fillers),
                    "specialty_id": specialty.id,
                    "service_code": "consultation",
                    "starts_at": s.starts_utc,
                    "ends_at": s.ends.astimezone(UTC),
                    "status": AppointmentStatus.SCHEDULED,
                    "booked_at": NOW - timedelta(days=1),
                }
                for s in booked
            ],
        )
        needed = CLIENTS * BOOKINGS_PER_CLIENT + SEQUENTIAL_BOOKINGS
        patients = [give_documents(db, make_user(db)).id for _ in range(needed)]
        taken = {(s.resource_id, s.starts) for s in booked}
        free = [s for s in every if (s.resource_id, s.starts) not in taken]
    rng.shuffle(free)
    return Seeded(specialty.id, ids, len(every), len(booked), free, patients)


def _doctor(db: Session, rng: random.Random, specialty_id: int, clinic_id: int, n: int) -> int:
    resource = Resource(clinic_id=clinic_id, specialty_id=specialty_id, name=f"Врач {n:02d}")
    db.add(resource)
    db.flush()
    minutes = rng.choice((15, 20, 20, 30))
    days = [*range(5), *([5] if rng.random() < 0.3 else [])]
    for weekday in days:
        starts, ends = rng.choice(SHIFTS) if weekday < 5 else (clock(9), clock(13))
        pause = starts.hour < 11 and weekday < 5
        db.add(
            ScheduleTemplate(
                resource_id=resource.id,
                weekday=weekday,
                starts=starts,
                ends=ends,
                slot_minutes=minutes,
                break_starts=clock(11, 0) if pause else None,
                break_ends=clock(11, 30) if pause else None,
            )
        )
    return resource.id


def _month() -> tuple[date, date]:
    first = date(*MONTH, 1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


# --- a. month availability ----------------------------------------------------------------------


@contextlib.contextmanager
def captured(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The SELECT statements (text, DBAPI parameters) sent on ``engine`` meanwhile."""
    seen: list[tuple[str, Any]] = []

    def hook(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", hook)


def month_counts(engine: Engine, ids: list[int]) -> dict[date, int]:
    with session_scope(engine) as db:
        return calendar.month_counts(db, ids, *MONTH, NOW)


def orm_queries(engine: Engine, ids: list[int]) -> int:
    """The same queries through the ORM, without computing any slot."""
    first, last = _month()
    with session_scope(engine) as db:
        schedules = calendar.load_schedules(db, ids)
        since = datetime.combine(first, clock(0), tzinfo=UTC) - timedelta(days=1)
        until = datetime.combine(last, clock(0), tzinfo=UTC) + timedelta(days=2)
        return len(calendar.taken_starts(db, schedules.zones, since, until, NOW))


def raw_sql(engine: Engine, statements: list[tuple[str, Any]]) -> Callable[[], int]:
    """Run ``statements`` on one pooled DBAPI connection: ``fetchall`` each; rows fetched."""

    def run() -> int:
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            rows = 0
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                rows += len(cursor.fetchall())
            cursor.close()
            connection.rollback()
            return rows
        finally:
            connection.close()

    return run


@dataclass
class MonthResult:
    queries: int
    rows: int
    days: int
    free: int
    times: dict[str, list[float]] = field(default_factory=dict)


def bench_month(engine: Engine, seeded: Seeded) -> MonthResult:
    ids = seeded.resource_ids
    with captured(engine) as statements:
        counts = month_counts(engine, ids)
    raw = raw_sql(engine, statements)
    kinds: dict[str, Callable[[], object]] = {
        "raw": raw,
        "orm": lambda: orm_queries(engine, ids),
        "month_counts": lambda: month_counts(engine, ids),
    }
    result = MonthResult(len(statements), raw(), len(counts), sum(counts.values()))
    for run in kinds.values():  # warm-up
        for _ in range(5):
            run()
    result.times = {name: [] for name in kinds}
    for _ in range(MONTH_RUNS):
        for name, run in kinds.items():
            started = time.perf_counter()
            run()
            result.times[name].append(time.perf_counter() - started)
    return result


# --- b. bookings per second ---------------------------------------------------------------------


def book_one(engine: Engine, patient_id: int, slot: calendar.Slot) -> None:
    """Hold, then confirm, in two write transactions (the picker's two steps)."""
    with transaction(engine) as db:
        held = booking.hold(
            session=db,
            patient=db.get_one(User, patient_id),
            resource_id=slot.resource_id,
            starts_at=slot.starts_utc,
            service_code="consultation",
            actor=ACTOR,
            now=NOW,
        ).id
    with transaction(engine) as db:
        booking.confirm(
            session=db,
            patient=db.get_one(User, patient_id),
            appointment_id=held,
            actor=ACTOR,
            now=NOW,
        )


@dataclass
class BookingRun:
    clients: int
    wall: float
    latencies: list[float]
    errors: Counter[str]


def run_clients(engine: Engine, plans: list[list[tuple[int, calendar.Slot]]]) -> BookingRun:
    """Each plan on a thread of its own, all released together; every booking timed."""
    barrier = threading.Barrier(len(plans) + 1)
    latencies: list[list[float]] = [[] for _ in plans]
    errors: Counter[str] = Counter()
    lock = threading.Lock()

    def client(i: int) -> None:
        barrier.wait()
        for patient_id, slot in plans[i]:
            started = time.perf_counter()
            try:
                book_one(engine, patient_id, slot)
            except Exception as exc:  # counted and shown, not fatal: that is the measurement
                with lock:
                    errors[f"{type(exc).__name__}: {str(exc)[:60]}"] += 1
                continue
            latencies[i].append(time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(plans))]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return BookingRun(len(plans), wall, [x for lane in latencies for x in lane], errors)


def bench_bookings(engine: Engine, seeded: Seeded) -> list[BookingRun]:
    pairs = list(zip(seeded.patients, seeded.free, strict=False))
    sequential, concurrent = pairs[:SEQUENTIAL_BOOKINGS], pairs[SEQUENTIAL_BOOKINGS:]
    plans = [concurrent[i::CLIENTS] for i in range(CLIENTS)]
    return [run_clients(engine, [sequential]), run_clients(engine, plans)]


def pool_size(engine: Engine) -> str:
    """The app engine's connection pool: how many of the clients can be in a transaction."""
    pool = engine.pool
    size = pool.size() if isinstance(pool, QueuePool) else "?"
    overflow = getattr(pool, "_max_overflow", "?")
    return f"the app's engine: {type(pool).__name__} of {size} + {overflow} overflow connections"


def booked_visits(engine: Engine, seeded: Seeded) -> int:
    with Session(engine) as db:
        rows = db.exec(
            select(Appointment.id).where(
                col(Appointment.resource_id).in_(seeded.resource_ids),
                col(Appointment.status) == AppointmentStatus.SCHEDULED,
            )
        ).all()
        return len(rows)


# --- c. first-load JS+CSS -----------------------------------------------------------------------


@dataclass
class Load:
    label: str
    files: list[tuple[str, str, int, int]]  # kind, url, bytes on the wire, decoded bytes
    final_url: str = ""
    note: str = ""

    def total(self, kind: str | None = None, wire: bool = True) -> int:
        return sum(
            (w if wire else raw) for k, _u, w, raw in self.files if kind is None or k == kind
        )


def first_load(browser, base_url: str, path: str, label: str, cookie: str = "") -> Load:
    """One cold load of ``path`` in a new context: its script and stylesheet responses."""
    context = browser.new_context(base_url=base_url, locale="ru-RU")
    if cookie:
        context.add_cookies(
            [
                {"name": name, "value": value, "url": base_url}
                for name, _, value in (part.strip().partition("=") for part in cookie.split(";"))
            ]
        )
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(path, wait_until="networkidle")
    load = Load(label, [], final_url=page.url)
    for request in finished:
        if request.resource_type not in ("script", "stylesheet"):
            continue
        response = request.response()
        body = response.body() if response else b""
        kind = "js" if request.resource_type == "script" else "css"
        load.files.append((kind, request.url, request.sizes()["responseBodySize"], len(body)))
    context.close()
    return load


def _browser():
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    @contextlib.contextmanager
    def launched():
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()

    return launched()


def portal_loads(routes: list[str]) -> list[Load]:
    """The production build of the portal, signed in as the demo patient."""
    from gosapp.gosapp import app
    from tests.bench.bench_events import Names, sign_in
    from tests.e2e.conftest import serve_demo

    pages = set(app._unevaluated_pages)
    names = Names.from_app()
    data = BENCH_DIR / "booking-data"
    data.mkdir(parents=True)
    loads = []
    started = time.perf_counter()
    with serve_demo(data, "bench") as server, _browser() as browser:
        print(f"  [build and serve the portal: {time.perf_counter() - started:.1f} s]", flush=True)
        cookie = sign_in(server, names)
        for route in routes:
            if (route.strip("/") or "index") not in pages:
                loads.append(Load(route, [], note="not a page of this build yet"))
                continue
            signed = "" if route == "/login" else cookie
            first_load(browser, server.url, route, route, signed)  # warm the server's caches
            loads.append(first_load(browser, server.url, route, route, signed))
    return loads


def blank_load() -> Load:
    """``reflex init --template blank`` in a temp folder, built and served as the portal is."""
    from gosapp.toolchain import reflex_environment
    from tests.e2e.conftest import BIN, _free_port, _stop

    folder = BENCH_DIR / "blank"
    folder.mkdir()
    env = reflex_environment()
    reflex = str(BIN / "reflex")
    log = folder.parent / "blank.log"
    with log.open("w") as out:
        subprocess.run(
            [reflex, "init", "--template", "blank"],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=BLANK_TIMEOUT_S,
        )
        port = str(_free_port())
        serve = ["run", "--env", "prod", "--single-port", "--frontend-port", port]
        proc = subprocess.Popen(
            [reflex, *serve, "--backend-port", port],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://localhost:{port}"
    try:
        _wait_for(url, proc, log)
        with _browser() as browser:
            first_load(browser, url, "/", "blank")
            return first_load(browser, url, "/", "blank Reflex app (/)")
    finally:
        _stop(proc)


def _wait_for(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + BLANK_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the blank app exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/", timeout=2).status_code == 200:
                return
        time.sleep(1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError(f"the blank app did not answer in time:\n{log.read_text()[-3000:]}")


# --- reporting ----------------------------------------------------------------------------------


def ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p95_ms(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] * 1000


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def print_month(db: str, seeded: Seeded, r: MonthResult) -> None:
    print(
        f"\na. Month availability {MONTH[1]:02d}.{MONTH[0]} on {db}: {DOCTORS} doctors, "
        f"{seeded.month_slots} slots, {seeded.booked} booked "
        f"({seeded.booked / seeded.month_slots:.0%}); {r.free} free on {r.days} days; "
        f"{r.queries} SELECTs, {r.rows} rows"
    )
    print(f"  {'':<52}{'p50':>10}{'p95':>10}{'× raw':>8}")
    labels = {
        "raw": "raw SQL: its statements on a DBAPI cursor",
        "orm": "the same queries through the ORM (no slots)",
        "month_counts": "calendar.month_counts (session + queries + slots)",
    }
    base = ms(r.times["raw"])
    for name, label in labels.items():
        values = r.times[name]
        print(
            f"  {label:<52}{ms(values):>7.2f} ms{p95_ms(values):>7.2f} ms{ms(values) / base:>7.1f}×"
        )


def print_bookings(db: str, pool: str, runs: list[BookingRun], booked: int, expected: int) -> None:
    print(f"\nb. Bookings (hold + confirm, two transactions each) on {db}, {pool}")
    print(f"  {'':<14}{'bookings':>9}{'per s':>8}{'p50':>10}{'p95':>10}{'max':>10}{'errors':>8}")
    for run in runs:
        label = f"{run.clients} client{'s' if run.clients > 1 else ''}"
        done = len(run.latencies)
        print(
            f"  {label:<14}{done:>9}{done / run.wall:>8.1f}"
            f"{ms(run.latencies):>7.1f} ms{p95_ms(run.latencies):>7.1f} ms"
            f"{max(run.latencies) * 1000:>7.0f} ms{sum(run.errors.values()):>8}"
        )
        for error, n in run.errors.most_common(5):
            print(f"    {n} × {error}")
    verdict = "" if booked == expected else "  MISMATCH"
    print(
        f"  scheduled visits of the 30 doctors afterwards: {booked} (expected {expected}){verdict}"
    )


def print_loads(loads: list[Load], blank: Load | None) -> None:
    print("\nc. First load, JS + CSS (one cold load, bytes on the wire = gzip as served)")
    print(
        f"  {'':<34}{'files':>6}{'JS wire':>10}{'CSS wire':>10}{'wire':>10}{'decoded':>10}"
        f"{'wire ×':>8}{'decoded ×':>10}"
    )
    for load in ([blank] if blank else []) + loads:
        if load.note:
            print(f"  {load.label:<34}  {load.note}")
            continue
        wire, raw = load.total(), load.total(wire=False)
        ratio = (
            f"{wire / blank.total():>7.2f}×{raw / blank.total(wire=False):>9.2f}×"
            if blank and load is not blank
            else ""
        )
        print(
            f"  {load.label:<34}{len(load.files):>6}{load.total('js') / 1024:>7.0f} KB"
            f"{load.total('css') / 1024:>7.0f} KB{wire / 1024:>7.0f} KB{raw / 1024:>7.0f} KB"
            + ratio
        )
        ended = load.final_url.rstrip("/")
        if load is not blank and ended and not ended.endswith(load.label.rstrip("/")):
            print(f"    (ended on {load.final_url}: the bytes include that page's)")
    print("  target: /appointments ≤ 1.5× the blank app")


# --- running ------------------------------------------------------------------------------------


def timed(label: str, func: Callable, *args):
    started = time.perf_counter()
    result = func(*args)
    print(f"  [{label}: {time.perf_counter() - started:.1f} s]", flush=True)
    return result


def databases() -> Iterator[tuple[str, Engine]]:
    """An SQLite file, then (with GOSAPP_BENCH_POSTGRESQL_URL) a new PostgreSQL database."""
    engine = make_engine(f"sqlite:///{BENCH_DIR / 'bench_booking.db'}")
    upgrade(engine)
    yield f"SQLite {sqlite3.sqlite_version} (WAL, BEGIN IMMEDIATE)", engine
    engine.dispose()
    url = os.environ.get("GOSAPP_BENCH_POSTGRESQL_URL")
    if not url:
        return
    from tests.databases import PostgresDatabases

    server = PostgresDatabases(url)
    try:
        engine = make_engine(server.url(server.create("bench_booking")))
        upgrade(engine)
        with engine.connect() as conn:
            version = conn.exec_driver_sql("SHOW server_version").scalar()
        yield f"PostgreSQL {version} (READ COMMITTED)", engine
        engine.dispose()
    finally:
        server.drop_all()


def run() -> None:
    """Seed, measure a and b on each database, then c; print the tables."""
    print(f"Python {platform.python_version()}; {load_line()}", flush=True)
    parts = os.environ.get("GOSAPP_BENCH_PARTS", "abc")
    reports: list[Callable[[], None]] = []
    for db, engine in databases() if "a" in parts or "b" in parts else []:
        print(f"  {db}", flush=True)
        seeded = timed("seed", seed, engine)
        if "a" in parts:
            month = timed("month availability", bench_month, engine, seeded)
            reports.append(lambda db=db, s=seeded, m=month: print_month(db, s, m))
            print(f"  {load_line()}")
        if "b" in parts:
            runs = timed("bookings", bench_bookings, engine, seeded)
            print(f"  {load_line()}")
            expected = seeded.booked + sum(len(r.latencies) for r in runs)
            booked = booked_visits(engine, seeded)
            pool = pool_size(engine)
            reports.append(
                lambda db=db, p=pool, r=runs, b=booked, e=expected: print_bookings(db, p, r, b, e)
            )
    if "c" in parts:
        routes = os.environ.get("GOSAPP_BENCH_ROUTES", DEFAULT_ROUTES).split(",")
        blank = timed("blank Reflex app: init, build, load", blank_load)
        loads = timed(
            "portal: build, serve, sign in, load", portal_loads, [r.strip() for r in routes]
        )
        print(f"  {load_line()}")
        reports.append(lambda: print_loads(loads, blank))
    for report in reports:
        report()
    print(f"\n{load_line()}")


if __name__ == "__main__":
    run()
