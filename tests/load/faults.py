"""``python -m tests.load.faults``: a load run with one fault injected part-way through.

    python -m tests.load.faults --kill-worker --serve --users 50 --duration 90
    python -m tests.load.faults --restart-postgresql --serve --database postgresql ...
    python -m tests.load.faults --restart-redis --base-url http://localhost:3000 ...

* ``--kill-worker``: ``kill -9`` one backend worker (found by the URL's port). Granian's
  supervisor starts a new one (``gosapp/serving.py``); if none serves the port after a few
  seconds, the runner starts the server again (``--serve``: ``gosapp serve`` with the same
  settings; ``--base-url``: ``--restart-cmd``, if given).
* ``--restart-postgresql`` / ``--restart-redis``: ``scripts/services.sh stop <name>``, a pause
  of ``--down`` seconds, ``start <name>`` — the private instances of this checkout only (set
  ``GOSAPP_PG_PORT``/``GOSAPP_REDIS_PORT`` as for ``scripts/services.sh`` when another
  checkout holds the default ports).

The report adds what users saw after the fault: errors by kind, reconnect attempts, the time
until the first user and the last user had a working page again, and the tally check (no
accepted order lost or duplicated).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.load import procs
from tests.load.serve import demo_server

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services.sh"


def services(action: str, name: str) -> float:
    """``scripts/services.sh <action> <name>``; the seconds it took."""
    started = time.monotonic()
    subprocess.run([SERVICES, action, name], check=True, cwd=ROOT)
    return time.monotonic() - started


def restart_service(name: str, down: float) -> Callable[[], dict]:
    """A fault: stop one private service, wait ``down`` seconds, start it again."""

    def fault() -> dict:
        stopped = services("stop", name)
        time.sleep(down)
        return {"fault": f"restart {name}", "stop_s": stopped, "start_s": services("start", name)}

    return fault


def wait_for_port(port: int, timeout: float) -> float | None:
    """Seconds until something listens on ``port`` again (None: not within ``timeout``)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if procs.listening_inodes(port):
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def kill_worker(port: int, restart: Callable[[], None] | None) -> Callable[[], dict]:
    """A fault: kill -9 one worker serving ``port``; restart the server if it does not come
    back by itself within a few seconds."""

    def fault() -> dict:
        victims = procs.workers(port)
        if not victims:
            return {"fault": "kill -9 worker", "error": f"no process serves port {port}"}
        procs.kill_hard(victims[0])
        time.sleep(3)
        result: dict = {"fault": "kill -9 worker", "killed": victims[0], "workers": victims}
        result["survivors"] = sorted(set(procs.workers(port)) - {victims[0]})
        if not result["survivors"] and restart is not None:
            started = time.monotonic()
            restart()
            result["restart_s"] = round(time.monotonic() - started, 1)
        return result

    return fault


@contextlib.contextmanager
def pg_database() -> Iterator[str]:
    """A fresh database on this checkout's private PostgreSQL; its URL (dropped afterwards)."""
    port = os.environ.get("GOSAPP_PG_PORT", "55432")
    name = f"gosapp_load_{uuid.uuid4().hex[:8]}"
    admin = ["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-qc"]
    subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"
    finally:
        subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(prog="python -m tests.load.faults", description=__doc__)
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    what = p.add_mutually_exclusive_group(required=True)
    for flag in ("--kill-worker", "--restart-postgresql", "--restart-redis"):
        what.add_argument(flag, action="store_true")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--base-url", help="the running server")
    where.add_argument("--serve", action="store_true", help="start a demo server (as make load)")
    p.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                   help="with --serve: the demo's database (postgresql: this checkout's private "
                        "cluster, a fresh database)")  # fmt: skip
    p.add_argument("--restart-cmd", help="with --base-url: shell command that starts the server")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--duration", type=float, default=90, help="seconds of load")
    p.add_argument("--fault-at", type=float, default=20, help="seconds into the load")
    p.add_argument("--down", type=float, default=5, help="seconds a service stays stopped")
    p.add_argument("--think", type=float, default=3.0)
    p.add_argument("--json", type=Path)
    return p


class Restarts:
    """``gosapp serve`` started again with the demo server's settings; stopped at the end."""

    def __init__(self, server):
        self.server, self.procs = server, []

    def __call__(self) -> None:
        from tests.e2e.conftest import BIN, _wait_until_healthy

        with self.server.log.open("a") as log:
            proc = subprocess.Popen(
                [BIN / "gosapp", "serve"],
                env=self.server.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.procs.append(proc)
        _wait_until_healthy(self.server.url, proc, self.server.log)

    def stop(self) -> None:
        """Stop what was started here."""
        from tests.e2e.conftest import _stop

        for proc in self.procs:
            _stop(proc)


def shell_restart(command: str) -> Callable[[], None]:
    """Start the server with a shell command, in the background (its output in /tmp)."""

    def restart() -> None:
        log = Path("/tmp") / f"gosapp-load-restart-{os.getpid()}.log"
        with log.open("a") as out:
            subprocess.Popen(command, shell=True, stdout=out, stderr=subprocess.STDOUT)

    return restart


def choose_fault(args, url: str, restart: Callable[[], None] | None) -> Callable[[], dict]:
    """The fault the command line asked for."""
    if args.kill_worker:
        return kill_worker(procs_port(url), restart)
    return restart_service("postgresql" if args.restart_postgresql else "redis", args.down)


def procs_port(url: str) -> int:
    """The port of a server on this host (a worker can only be killed here)."""
    from tests.load.runner import local_port

    port = local_port(url)
    if port is None:
        raise SystemExit("--kill-worker needs a server on this host")
    return port


def run_fault(args, url: str, restart: Callable[[], None] | None) -> int:
    """The load with the fault, the report, and the outcome of the tally check."""
    from tests.load.client import LoadNames
    from tests.load.report import print_fault, print_result, write_json
    from tests.load.runner import RunConfig, run_load

    config = RunConfig(base_url=url, users=args.users, duration=args.duration, think=args.think)
    fault = choose_fault(args, url, restart)
    result = run_load(config, LoadNames.from_app(), fault=fault, fault_at=args.fault_at)
    print_result(result)
    print_fault(result)
    if args.json:
        write_json([result], args.json)
    return 0 if result["tally"].ok else 1


def main(argv: list[str]) -> int:
    """Start (or find) the server, run the load with the fault, report."""
    args = build_parser().parse_args(argv)
    if args.base_url:
        restart = shell_restart(args.restart_cmd) if args.restart_cmd else None
        return run_fault(args, args.base_url.rstrip("/"), restart)
    with contextlib.ExitStack() as stack:
        extra = {}
        if args.database == "postgresql":
            extra["GOSAPP_DATABASE_URL"] = stack.enter_context(pg_database())
        server = stack.enter_context(demo_server(**extra))
        restarts = Restarts(server)
        stack.callback(restarts.stop)
        return run_fault(args, server.url, restarts)
    return 1  # not reached: the with block returns


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
