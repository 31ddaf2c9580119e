"""The ``gosapp`` command: migrate, seed-demo, serve."""

from __future__ import annotations

import argparse
import json
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


def cmd_demo_accounts(args: argparse.Namespace) -> int:
    """List the demo accounts (demo mode only)."""
    from gosapp.services.demo import DEMO_ACCOUNTS, demo_code

    _require_demo()
    rows = [
        {
            "login": a.login,
            "password": a.password,
            "role": a.role.value,
            "totp_secret": a.totp_secret,
        }
        for a in DEMO_ACCOUNTS
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for a in DEMO_ACCOUNTS:
            print(f"{a.role.value:10} {a.login:28} {a.password:26} код: {demo_code(a)}")
    return 0


def cmd_demo_code(args: argparse.Namespace) -> int:
    """Print the current TOTP code of a demo account (demo mode only)."""
    from gosapp.services.demo import demo_account, demo_code

    _require_demo()
    account = demo_account(args.login)
    if account is None:
        print(f"gosapp: нет демо-учётной записи {args.login!r}", file=sys.stderr)
        return 1
    print(demo_code(account))
    return 0


def _require_demo() -> None:
    if not get_settings().demo:
        raise SettingsError("demo accounts exist only in demo mode (GOSAPP_DEMO=1)")


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
    "demo-accounts": cmd_demo_accounts,
    "demo-code": cmd_demo_code,
}

ARGUMENTS: dict[str, list[tuple[tuple, dict]]] = {
    "demo-accounts": [(("--json",), {"action": "store_true", "help": "print JSON"})],
    "demo-code": [(("login",), {"help": "e-mail or phone of a demo account"})],
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per entry of COMMANDS."""
    parser = argparse.ArgumentParser(prog="gosapp", description="gosapp administration")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in COMMANDS.items():
        command = sub.add_parser(name, help=(func.__doc__ or "").strip().splitlines()[0])
        for flags, options in ARGUMENTS.get(name, []):
            command.add_argument(*flags, **options)
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
