"""Login latency and throughput: argon2id + TOTP + ticket + session, the way the app runs it.

The app's path is a read, two write transactions and a read (gosapp/pages/account/login.py,
gosapp/api/auth.py, gosapp/state/auth.py): ``password_step`` (argon2 outside the write lock; only
a failure writes); ``second_step`` + ``issue_ticket``;
``exchange_ticket``; then ``resolve`` at the first event of the signed-in page. Each login gets
its own clock value, one TOTP step (30 s) after the previous one, so the replay protection
(one use per step and user) accepts every code; in the threaded run each user stays on one
thread so that a user's steps still arrive in order.

The argon2 share is measured inside each login: for the run, ``auth``'s references to
``verify_password`` and ``verify_against_dummy`` are wrapped with a stopwatch (thread-local), so
"argon2" and "the rest" come from the same login rather than from two runs minutes apart.

Run: ``python -m tests.bench login`` (or ``make bench`` for all benchmarks).
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count, pairwise

from sqlalchemy.engine import Engine

from gosapp.db import make_engine, session_scope, transaction
from gosapp.migrate import upgrade
from gosapp.models.accounts import utcnow
from gosapp.services.common.audit import Actor
from gosapp.services.identity import lockout, passwords, sessions, signin, totp
from tests.bench import BENCH_DIR
from tests.factories import make_user

USERS = 50
LOGINS = 200  # sequential, timed
THREADS = 2  # the machines have 2 cores
THREADED_LOGINS = 200
ARGON2_SAMPLES = 100
ROUNDS = 4  # the modes take turns, so background load on the machine hits each alike
FAILED_SAMPLES = 100  # of each kind: unknown account, known account with a wrong password
ACTOR = Actor(ip="10.0.0.7", user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 bench")

assert FAILED_SAMPLES < USERS * (lockout.LOCK_THRESHOLD - 1), "failures must not lock accounts"


@dataclass(frozen=True)
class BenchUser:
    """A user row's login data plus the secrets only the person knows."""

    index: int
    email: str
    password: str
    password_hash: str
    totp_secret: str


class Clock:
    """Login times one TOTP step apart, so that no code is ever refused as replayed."""

    def __init__(self, start: datetime):
        self._steps = count()
        self._start = start

    def tick(self) -> datetime:
        return self._start + next(self._steps) * timedelta(seconds=totp.STEP_S)


# --- setting up ---------------------------------------------------------------------------------


def fresh_database() -> Engine:
    """A new SQLite file in the bench folder, upgraded to the newest schema."""
    engine = make_engine(f"sqlite:///{BENCH_DIR / 'bench_login.db'}")
    upgrade(engine)
    return engine


def create_users(engine: Engine) -> list[BenchUser]:
    """USERS confirmed citizens with argon2id passwords and enrolled TOTP."""
    users = []
    with transaction(engine) as db:
        for i in range(USERS):
            password, secret = f"Скамейка-{i:03d}-Рассвет", totp.new_secret()
            row = make_user(
                db,
                email=f"bench{i:03d}@example.ru",
                password_hash=passwords.hash_password(password),
                totp_secret_enc=totp.encrypt_secret(secret),
                totp_enabled_at=utcnow(),
            )
            users.append(BenchUser(i, row.email, password, row.password_hash, secret))
    return users


# --- one login, the app's way -------------------------------------------------------------------


class Argon2Meter:
    """Stopwatch around the argon2 calls auth makes; per thread, read with ``take()``."""

    def __init__(self):
        self._local = threading.local()

    @contextmanager
    def installed(self) -> Iterator[Argon2Meter]:
        originals = signin.verify_password, signin.verify_against_dummy
        signin.verify_password, signin.verify_against_dummy = map(self._timed, originals)
        try:
            yield self
        finally:
            signin.verify_password, signin.verify_against_dummy = originals

    def _timed(self, func: Callable) -> Callable:
        def wrapper(*args):
            started = time.perf_counter()
            try:
                return func(*args)
            finally:
                self._local.spent = self.spent() + time.perf_counter() - started

        return wrapper

    def spent(self) -> float:
        return getattr(self._local, "spent", 0.0)

    def take(self) -> float:
        """Seconds spent in argon2 on this thread since the last take()."""
        spent, self._local.spent = self.spent(), 0.0
        return spent


METER = Argon2Meter()


def login_once(engine: Engine, user: BenchUser, now: datetime) -> list[float]:
    """One full login; seconds of its four parts, then of the argon2 work within part 1."""
    code = totp.code_at(user.totp_secret, now)  # the authenticator app's side: not timed
    METER.take()
    marks = [time.perf_counter()]
    with session_scope(engine) as db:
        pending = signin.password_step(
            session=db, login=user.email, password=user.password, actor=ACTOR, now=now
        )
    marks.append(time.perf_counter())
    with transaction(engine) as db:
        signed_in = signin.second_step(session=db, pending=pending, code=code, actor=ACTOR, now=now)
        ticket = signin.issue_ticket(session=db, user_id=signed_in.id, now=now)
    marks.append(time.perf_counter())
    with transaction(engine) as db:
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=ACTOR, now=now)
    marks.append(time.perf_counter())
    with session_scope(engine) as db:
        resolved = sessions.resolve(session=db, token=token or "", now=now)
    marks.append(time.perf_counter())
    if resolved is None or resolved.email != user.email:
        raise RuntimeError(f"login of {user.email} did not open a session")
    return [b - a for a, b in pairwise(marks)] + [METER.take()]


def failed_once(engine: Engine, login: str, password: str, now: datetime) -> tuple[float, float]:
    """Seconds of one refused password step (as the login page runs it), and of the argon2 work
    within it."""
    METER.take()
    started = time.perf_counter()
    try:
        with session_scope(engine) as db:
            signin.password_step(session=db, login=login, password=password, actor=ACTOR, now=now)
    except signin.LoginFailed:
        return time.perf_counter() - started, METER.take()
    raise RuntimeError(f"a wrong password for {login} was accepted")


Plan = list[tuple[BenchUser, datetime]]


def run_logins(engine: Engine, plan: Plan) -> list[list[float]]:
    """The logins of ``plan`` one after another; their part timings."""
    return [login_once(engine, user, now) for user, now in plan]


def run_threaded(engine: Engine, plan: Plan) -> tuple:
    """The logins of ``plan`` on THREADS threads (a user stays on one); wall seconds, timings."""
    lanes = [[(u, now) for u, now in plan if u.index % THREADS == t] for t in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        started = time.perf_counter()
        results = list(pool.map(lambda lane: run_logins(engine, lane), lanes))
        elapsed = time.perf_counter() - started
    return elapsed, [parts for lane in results for parts in lane]


def argon2_alone(users: list[BenchUser], samples: int, threads: int) -> tuple[float, list]:
    """``samples`` verifications alone on ``threads`` threads: wall seconds, each one's seconds."""

    def verify(i: int) -> float:
        user = users[i % len(users)]
        started = time.perf_counter()
        if not passwords.verify_password(user.password, user.password_hash):
            raise RuntimeError("argon2 verify failed")
        return time.perf_counter() - started

    with ThreadPoolExecutor(threads) as pool:
        started = time.perf_counter()
        durations = list(pool.map(verify, range(samples)))
        return time.perf_counter() - started, durations


def failed_logins(engine: Engine, users: list[BenchUser], clock: Clock) -> tuple[list, list]:
    """Alternating unknown-account and wrong-password attempts; (total, argon2) of each kind."""
    unknown, known = [], []
    for i in range(FAILED_SAMPLES):
        attempts = [
            (unknown, f"nobody{i:03d}@example.ru", "Скамейка-000-Рассвет"),
            (known, users[i % len(users)].email, "Неверный-Пароль-2026"),
        ]
        for times, login, password in attempts if i % 2 else attempts[::-1]:
            times.append(failed_once(engine, login, password, clock.tick()))
    return unknown, known


# --- reporting ----------------------------------------------------------------------------------


def ms(values: list[float]) -> float:
    """The median in milliseconds."""
    return statistics.median(values) * 1000


def p95_ms(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] * 1000


def line(label: str, *cells: str) -> None:
    print(f"  {label:<54}" + "".join(f"{c:>11}" for c in cells))


def timing(label: str, values: list[float], share_of: float | None = None) -> None:
    share = [f"{ms(values) / share_of:.0%}"] if share_of else []
    line(label, f"{ms(values):.1f} ms", f"{p95_ms(values):.1f} ms", *share)


def rate(label: str, per_second: float, baseline: float) -> None:
    line(label, f"{per_second:.1f}", f"{per_second / baseline:.2f}×")


def title(text: str, *columns: str) -> None:
    print(f"\n{text:<56}" + "".join(f"{c:>11}" for c in columns))


RUNS = {
    "sequential": "logins, sequential",
    "threaded": f"logins, {THREADS} threads (as the app)",
    "argon2_1": "argon2 verify alone, sequential",
    "argon2_n": f"argon2 verify alone, {THREADS} threads",
}


def print_report(r: dict) -> None:
    """The benchmark's results as one table."""
    print(
        f"{USERS} users, argon2id m={passwords.ARGON2_MEMORY_COST} KiB t="
        f"{passwords.ARGON2_TIME_COST} p={passwords.ARGON2_PARALLELISM}, SQLite "
        f"{sqlite3.sqlite_version} (WAL, BEGIN IMMEDIATE), Python {platform.python_version()}, "
        f"{r['cores']} cores"
    )
    before, after = r["load_before"], r["load_after"]
    print(f"load average (1 min) before {before:.2f}, after {after:.2f}")
    if before >= 0.5 * r["cores"]:
        print(f"NOTE: other work was running (load {before:.2f} on {r['cores']} cores): latencies")
        print("      are inflated and the thread figures understate the scaling.")
    seq = [list(column) for column in zip(*r["sequential"], strict=True)]
    totals = [sum(parts[:4]) for parts in r["sequential"]]
    argon2, rest = seq[4], [t - a for t, a in zip(totals, seq[4], strict=True)]
    title(f"Successful login, {LOGINS} sequential", "median", "p95", "share")
    labels = (
        "1 password step (read, argon2 inside)",
        "2 TOTP step + ticket (txn)",
        "3 ticket → session cookie (txn)",
        "4 resolve the session (read)",
    )
    for label, values in zip(labels, seq, strict=False):
        timing(label, values, ms(totals))
    timing("full login (1–4)", totals, ms(totals))
    timing("  of which argon2 verify", argon2, ms(totals))
    timing("  of which the rest: DB + TOTP + tokens", rest, ms(totals))
    timing("argon2 verify alone (outside any login)", r["argon2_1"])
    timing("first login of a user (adds the new-device notice)", r["first"])
    timing(f"full login, {THREADS} threads (as the app)", [sum(p[:4]) for p in r["threaded"]])
    title(f"Throughput ({ROUNDS} interleaved rounds)", "per second", "× seq")
    per_second = {name: len(r[name]) / r[f"{name}_s"] for name in RUNS}
    for name, label in RUNS.items():
        baseline = "argon2_1" if name.startswith("argon2") else "sequential"
        rate(label, per_second[name], per_second[baseline])
    print_failures(r["unknown"], r["known"])


def print_failures(unknown: list[tuple], known: list[tuple]) -> None:
    """Timing equality of refused password steps: totals, and the argon2 and DB parts."""
    title(f"Failed password step, {FAILED_SAMPLES} each, interleaved", "unknown", "known", "ratio")
    for label, pick in (
        ("median total", lambda t: t[0]),
        ("  of which argon2 verify (dummy / real hash)", lambda t: t[1]),
        ("  of which the rest: lookup, failure log, commit", lambda t: t[0] - t[1]),
    ):
        a, b = ms([pick(t) for t in unknown]), ms([pick(t) for t in known])
        line(label, f"{a:.1f} ms", f"{b:.1f} ms", f"{b / a:.3f}")
    a, b = p95_ms([t[0] for t in unknown]), p95_ms([t[0] for t in known])
    line("p95 total", f"{a:.1f} ms", f"{b:.1f} ms", f"{b / a:.3f}")
    ratio = ms([t[0] for t in known]) / ms([t[0] for t in unknown])
    verdict = "within" if abs(ratio - 1) <= 0.10 else "OUTSIDE"
    print(f"  known / unknown medians: {ratio:.3f} — {verdict} ±10 %")


def timed(label: str, func: Callable, *args):
    """``func(*args)``, printing how long it took (progress while the bench runs)."""
    started = time.perf_counter()
    result = func(*args)
    print(f"  [{label}: {time.perf_counter() - started:.1f} s]", flush=True)
    return result


def wall(func: Callable, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - started, result


def one_round(engine: Engine, users: list[BenchUser], clock: Clock, r: dict) -> None:
    """A ROUNDS-th of every throughput measurement, added to ``r``."""
    plan = lambda n: [(users[i % USERS], clock.tick()) for i in range(n // ROUNDS)]  # noqa: E731
    runs = {
        "sequential": (wall, run_logins, engine, plan(LOGINS)),
        "threaded": (run_threaded, engine, plan(THREADED_LOGINS)),
        "argon2_1": (argon2_alone, users, ARGON2_SAMPLES // ROUNDS, 1),
        "argon2_n": (argon2_alone, users, ARGON2_SAMPLES // ROUNDS, THREADS),
    }
    for name, (func, *args) in runs.items():
        seconds, samples = func(*args)
        r[f"{name}_s"] = r.get(f"{name}_s", 0.0) + seconds
        r.setdefault(name, []).extend(samples)


def measure(engine: Engine, users: list[BenchUser]) -> dict:
    """Every measurement; raw seconds."""
    clock = Clock(utcnow())
    passwords.verify_against_dummy("warm-up")  # computes the cached dummy hash once
    r: dict = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    first = [(u, clock.tick()) for u in users]
    r["first"] = [sum(p[:4]) for p in timed("first login of each user", run_logins, engine, first)]
    for i in range(ROUNDS):
        timed(f"round {i + 1}/{ROUNDS}", one_round, engine, users, clock, r)
    r["unknown"], r["known"] = timed("failed logins", failed_logins, engine, users, clock)
    r["load_after"] = os.getloadavg()[0]
    return r


def run() -> None:
    """Set up a fresh database, run every measurement, print the table."""
    engine = timed("migrate a fresh database", fresh_database)
    users = timed(f"create {USERS} users", create_users, engine)
    with METER.installed():
        results = measure(engine, users)
    engine.dispose()
    print()
    print_report(results)


if __name__ == "__main__":
    run()
