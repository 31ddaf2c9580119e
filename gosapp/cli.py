"""The ``gosapp`` command: migrate, seed-demo, serve."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from gosapp.settings import SettingsError, get_settings


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Upgrade the database to the newest schema."""
    from gosapp.db import get_engine
    from gosapp.migrate import upgrade

    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(get_engine())
    print("База данных обновлена до последней версии схемы.")
    return 0


def cmd_seed_demo(_args: argparse.Namespace) -> int:
    """Create the demo data set (idempotent)."""
    from gosapp.db import transaction
    from gosapp.services.demo import seed_demo

    with transaction() as session:
        added = seed_demo(session=session)
    summary = ", ".join(f"{name}: +{count}" for name, count in added.items())
    print(f"Демо-данные: {summary}")
    return 0


def cmd_serve(_args: argparse.Namespace) -> int:
    """Build the production frontend and serve the whole app on one port."""
    from gosapp.toolchain import reflex_environment

    settings = get_settings()
    settings.secret()  # fail fast, before a long build, when the key is missing
    print(f"gosapp: {settings.public_url}", flush=True)
    env = reflex_environment()
    reflex = os.path.join(os.path.dirname(sys.executable), "reflex")
    argv = [
        reflex,
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(settings.port),
        "--backend-port",
        str(settings.port),
    ]
    os.execve(reflex, argv, env)  # noqa: S606 -- replace this process with the server
    return 0  # not reached


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "migrate": cmd_migrate,
    "seed-demo": cmd_seed_demo,
    "serve": cmd_serve,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per entry of COMMANDS."""
    parser = argparse.ArgumentParser(prog="gosapp", description="gosapp administration")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in COMMANDS.items():
        sub.add_parser(name, help=(func.__doc__ or "").strip().splitlines()[0])
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``gosapp`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SettingsError as exc:
        print(f"gosapp: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
