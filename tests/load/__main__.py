"""``python -m tests.load``: websocket load against a base URL, or against a demo server it starts.

    python -m tests.load --base-url http://localhost:3000 --users 200 --duration 60
    python -m tests.load --serve --users 50,200 --duration 60 --json load.json   (make load)

With ``--base-url`` this process must see the server's ``GOSAPP_*`` database settings (the
patients are written into its database): run it with the same environment as the server, e.g.
``env $(scripts/services.sh env) python -m tests.load --base-url …`` for the scaled mode.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from tests.load.client import MIX
from tests.load.serve import demo_server


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
    with demo_server() if args.serve else contextlib.nullcontext() as server:
        base_url = server.url if server else args.base_url
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
            )
            results.append(run_load(config, names))
            print_result(results[-1])
            if args.json:
                write_json(results, args.json)
    return 0 if all(r["tally"].ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
