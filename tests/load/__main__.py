"""``python -m tests.load``: websocket load against a base URL, or against a demo server it starts.

    python -m tests.load --base-url http://localhost:3000 --users 200 --duration 60
    python -m tests.load --serve --users 50,200 --duration 60 --json load.json   (make load)
    python -m tests.load --two-hosts --workers 1 --users 50,200,1000 --duration 60

With ``--base-url`` this process must see the server's ``GOSAPP_*`` database settings (the
patients are written into its database): run it with the same environment as the server, e.g.
``env $(scripts/services.sh env) python -m tests.load --base-url …`` for the scaled mode.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.load.client import MIX
from tests.load.serve import demo_server, two_host_server


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(
        prog="python -m tests.load", description=(__doc__ or "").splitlines()[0]
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--base-url", help="the running server, e.g. http://localhost:3000")
    where.add_argument(
        "--serve", action="store_true", help="start a demo server on SQLite (a /tmp data folder)"
    )
    where.add_argument(
        "--two-hosts",
        action="store_true",
        help="start the scaled mode: two hosts behind nginx, PostgreSQL, Redis (needs nginx)",
    )
    p.add_argument("--workers", type=int, default=1, help="backend workers per host (--two-hosts)")
    p.add_argument("--users", default="50", help="N, or several: 50,200,1000 (one run each)")
    p.add_argument("--duration", type=float, default=60, help="seconds of load per run")
    p.add_argument("--think", type=float, default=3.0, help="mean think time, seconds")
    p.add_argument("--ramp", type=float, default=10.0, help="seconds over which tabs open")
    p.add_argument("--sign-in-workers", type=int, default=8, help="sign-ins at a time")
    p.add_argument("--scenario", choices=["mixed"], default="mixed", help=f"mix: {MIX}")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return p


def main(argv: list[str]) -> int:
    """Run the load once per N and print (and optionally save) the figures."""
    args = build_parser().parse_args(argv)
    counts = [int(n) for n in args.users.split(",")]
    with _server(args) as (base_url, server_ports):
        from tests.load.client import LoadNames
        from tests.load.report import print_result, write_json
        from tests.load.runner import RunConfig, run_load

        names = LoadNames.from_app()
        results = []
        for n in counts:
            config = RunConfig(
                base_url=base_url.rstrip("/"),
                users=n,
                duration=args.duration,
                think=args.think,
                ramp=args.ramp,
                sign_in_workers=args.sign_in_workers,
                server_ports=server_ports,
            )
            results.append(run_load(config, names))
            print_result(results[-1])
            if args.json:
                write_json(results, args.json)
    return 0 if all(r["tally"].ok for r in results) else 1


@contextlib.contextmanager
def _server(args: argparse.Namespace) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The base URL to load and the ports of the server's hosts on this machine."""
    if args.two_hosts:
        with two_host_server(args.workers) as (url, ports):
            yield url, ports
    elif args.serve:
        with demo_server() as server:
            yield server.url, ()
    else:
        yield args.base_url, ()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
