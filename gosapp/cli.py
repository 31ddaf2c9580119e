"""The ``gosapp`` command: migrate, seed-demo, serve, create-staff, lab-key, oidc-client."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from gosapp.settings import SettingsError, get_settings

if TYPE_CHECKING:
    from gosapp.services.common.audit import Actor
    from gosapp.services.identity.staff_accounts import StaffCreated
    from gosapp.settings import Settings


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
    from gosapp.services.demo.accounts import seed_demo
    from gosapp.services.demo.career import seed_career
    from gosapp.services.demo.oidc_client import seed_demo_client
    from gosapp.services.demo.portfolio import seed_portfolios
    from gosapp.services.demo.record import seed_records
    from gosapp.services.demo.requests import seed_requests
    from gosapp.services.demo.scheduling import seed_schedules

    with transaction() as session:
        added = seed_demo(session=session)
    with transaction() as session:  # after the accounts: the requests are theirs
        added["requests"] = seed_requests(session=session)
    with transaction() as session:
        added["schedules"] = seed_schedules(session=session)
    if get_settings().demo:  # its key is public: never outside demo mode
        from gosapp.services.demo.lab_key import seed_demo_laboratory

        with transaction() as session:
            added["laboratories"] = seed_demo_laboratory(session=session)
    with transaction() as session:
        added["oidc_clients"] = seed_demo_client(session=session)
    with transaction() as session:  # after the schedules: notes go on the demo doctor's visits
        added["records"] = seed_records(session=session)
    with transaction() as session:  # after the requests: seeding them stops once any exists
        added["portfolios"] = seed_portfolios(session=session)
    with transaction() as session:  # НМО history and experience periods of the demo doctor
        added["career"] = seed_career(session=session)
    summary = ", ".join(f"{name}: +{count}" for name, count in added.items())
    print(f"Демо-данные: {summary}")
    return 0


def cmd_demo_accounts(args: argparse.Namespace) -> int:
    """List the demo accounts (demo mode only)."""
    from gosapp.services.demo.accounts import DEMO_ACCOUNTS, demo_code
    from gosapp.services.demo.oidc_client import describe

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
        from gosapp.services.demo.lab_key import DEMO_LAB_KEY, DEMO_LAB_NAME

        for a in DEMO_ACCOUNTS:
            print(f"{a.role.value:10} {a.login:28} {a.password:26} код: {demo_code(a)}")
        print(f"Ключ API лаборатории ({DEMO_LAB_NAME}): {DEMO_LAB_KEY}")
        print()  # --json stays the list of accounts; the demo client is in this output only
        print("\n".join(describe(get_settings().public_url)))
    return 0


def cmd_demo_code(args: argparse.Namespace) -> int:
    """Print the current TOTP code of a demo account (demo mode only)."""
    from gosapp.services.demo.accounts import demo_account, demo_code

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


STAFF_FIELDS = {
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "birth_date": "Дата рождения",
    "sex": "Пол",
    "phone": "Телефон",
    "email": "E-mail",
    "role": "Роль",
    "password": "Пароль",
}


def cmd_create_staff(args: argparse.Namespace) -> int:
    """Create a staff account (registrar, admin or doctor) with TOTP enrolled."""
    from sqlalchemy.exc import IntegrityError

    from gosapp.db import transaction
    from gosapp.services.identity.accounts import InvalidForm
    from gosapp.services.identity.staff_accounts import CONTACT_TAKEN, StaffForm, create_staff

    password = _read_new_password(args.password_stdin)
    if password is None:
        return 1
    form = StaffForm(
        email=args.email,
        phone=args.phone,
        last_name=args.last_name,
        first_name=args.first_name,
        patronymic=args.patronymic,
        birth_date=args.birth_date,
        sex=args.sex,
        role=args.role,
        password=password,
    )
    try:
        with transaction() as db:
            created = create_staff(session=db, form=form, actor=_cli_actor())
    except InvalidForm as exc:
        for field, message in exc.errors.items():
            print(f"gosapp: {STAFF_FIELDS.get(field, field)}: {message}", file=sys.stderr)
        return 1
    except IntegrityError:  # a concurrent create-staff took the phone or e-mail first
        print(f"gosapp: {CONTACT_TAKEN}", file=sys.stderr)
        return 1
    _print_staff_secrets(created)
    return 0


def _read_new_password(from_stdin: bool) -> str | None:
    """The new password: one line of stdin, or typed twice without echo."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Пароль: ")
        if getpass.getpass("Пароль ещё раз: ") != password:
            print("gosapp: Пароли не совпадают", file=sys.stderr)
            return None
    if not password:
        print("gosapp: Пароль не может быть пустым", file=sys.stderr)
        return None
    return password


def _cli_actor(command: str = "create-staff") -> Actor:
    from gosapp.services.common.audit import Actor

    try:
        operator = getpass.getuser()
    except (OSError, KeyError):
        operator = "?"
    return Actor(role="cli", user_agent=f"gosapp {command} (OS user {operator})")


def _print_staff_secrets(created: StaffCreated) -> None:
    roles = ", ".join(r.value for r in created.roles)
    print(f"Учётная запись сотрудника создана: {created.login} (роли: {roles}).")
    print("Ниже — ключ TOTP и резервные коды. Они показываются ОДИН раз и нигде не хранятся")
    print("в открытом виде: передайте их сотруднику лично.")
    print()
    print("Добавьте ключ в приложение-аутентификатор (ссылка для QR-кода или ключ вручную):")
    print(f"  {created.provisioning_uri}")
    print(f"  Ключ: {created.grouped_key}")
    print()
    print("Резервные коды (каждый действует один раз):")
    for code in created.recovery_codes:
        print(f"  {code}")


def cmd_lab_key(args: argparse.Namespace) -> int:
    """Laboratory API keys: add NAME, list, rotate NAME, revoke NAME."""
    from gosapp.db import transaction
    from gosapp.services.common.errors import DomainError
    from gosapp.services.medical import lab_keys

    if args.action != "list" and not args.name:
        print(f"gosapp: lab-key {args.action}: укажите название лаборатории", file=sys.stderr)
        return 2
    actor = _cli_actor("lab-key")
    try:
        with transaction() as db:
            if args.action == "list":
                _print_labs(lab_keys.list_labs(session=db))
            elif args.action == "revoke":
                done = lab_keys.revoke(session=db, name=args.name, actor=actor)
                print("Ключ отозван." if done else "Ключ уже был отозван.")
            else:
                if args.action == "add":
                    key = lab_keys.create(session=db, name=args.name, actor=actor)[1]
                else:
                    key = lab_keys.rotate(session=db, name=args.name, actor=actor)
                print("Ключ API лаборатории (показывается ОДИН раз, храните как пароль):")
                print(key)
    except DomainError as exc:
        print(f"gosapp: {exc.message}", file=sys.stderr)
        return 1
    return 0


def _print_labs(labs) -> None:
    if not labs:
        print("Лабораторий нет: добавьте ключ командой gosapp lab-key add НАЗВАНИЕ")
    for lab in labs:
        state = "действует" if lab.active else f"отозван {lab.revoked_at:%d.%m.%Y}"
        print(f"lab_{lab.key_prefix}_…  {state:20} {lab.name}")


def cmd_oidc_client(args: argparse.Namespace) -> int:
    """Manage «Вход через Госуслуги» client applications: add, list, revoke."""
    from gosapp.db import transaction
    from gosapp.services.common.errors import DomainError
    from gosapp.services.identity.oidc import clients

    try:
        with transaction() as db:
            if args.action == "add":
                new = clients.add(
                    session=db,
                    name=args.name or "",
                    redirect_uris=args.redirect_uri or [],
                    scope=" ".join(args.scopes or []),
                    actor=_cli_actor(),
                )
            elif args.action == "revoke":
                clients.revoke(session=db, client_id=args.client_id or "", actor=_cli_actor())
            else:
                _print_clients(clients.listing(db))
    except DomainError as exc:
        print(f"gosapp: {exc.message}", file=sys.stderr)
        return 1
    if args.action == "add":
        print(f"Приложение зарегистрировано: {args.name}")
        print(f"  client_id:     {new.client_id}")
        print(f"  client_secret: {new.client_secret}")
        print("Секрет показывается ОДИН раз и хранится только в виде хэша: передайте его")
        print("разработчику приложения по защищённому каналу.")
    elif args.action == "revoke":
        print(f"Приложение {args.client_id} отключено; его токены больше не действуют.")
    return 0


def _print_clients(rows) -> None:
    from gosapp.services.common.display import display_time

    if not rows:
        print("Приложений пока нет: gosapp oidc-client add --name … --redirect-uri …")
    for row in rows:
        state = f"отключено {display_time(row.revoked_at)}" if row.revoked_at else "действует"
        uris = ", ".join(row.redirect_uris.splitlines())
        print(f"{row.client_id:22} {row.name} [{row.scopes}] {uris} — {state}")


def cmd_serve(_args: argparse.Namespace) -> int:
    """Build the production frontend and serve the whole app on one port."""
    from gosapp.toolchain import reflex_environment

    settings = get_settings()
    settings.secret()  # fail fast, before a long build, when the key is missing
    workers = settings.backend_workers
    print(f"gosapp: {settings.public_url} ({_workers_phrase(settings)})", flush=True)
    env = reflex_environment()
    env.update(workers_environment(workers))
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


def workers_environment(workers: int) -> dict[str, str]:
    """What makes Reflex's production server run ``workers`` backend processes.

    ``reflex run --env prod`` serves with Granian and takes the worker count from
    ``GRANIAN_WORKERS`` (``reflex/utils/exec.py``); without it Reflex picks its own count
    whenever a Redis URL is configured. Granian is named explicitly so that installing uvicorn
    and gunicorn one day (Reflex's other server) cannot silently ignore the count.
    """
    return {"GRANIAN_WORKERS": str(workers), "REFLEX_USE_GRANIAN": "true"}


def _workers_phrase(settings: Settings) -> str:
    workers = settings.backend_workers
    where = "Redis" if settings.redis_url else "memory"
    return f"{workers} worker{'s' if workers > 1 else ''}, tab states in {where}"


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "migrate": cmd_migrate,
    "seed-demo": cmd_seed_demo,
    "serve": cmd_serve,
    "demo-accounts": cmd_demo_accounts,
    "demo-code": cmd_demo_code,
    "create-staff": cmd_create_staff,
    "lab-key": cmd_lab_key,
    "oidc-client": cmd_oidc_client,
}

ARGUMENTS: dict[str, list[tuple[tuple, dict]]] = {
    "demo-accounts": [(("--json",), {"action": "store_true", "help": "print JSON"})],
    "demo-code": [(("login",), {"help": "e-mail or phone of a demo account"})],
    "create-staff": [
        (("--email",), {"required": True, "help": "e-mail (the login)"}),
        (("--phone",), {"required": True, "help": "mobile phone, +7 XXX XXX-XX-XX"}),
        (("--last-name",), {"required": True}),
        (("--first-name",), {"required": True}),
        (("--patronymic",), {"default": ""}),
        (("--birth-date",), {"required": True, "help": "ДД.ММ.ГГГГ"}),
        (("--sex",), {"required": True, "choices": ["M", "F"]}),
        (("--role",), {"required": True, "choices": ["registrar", "admin", "doctor"]}),
        (("--password-stdin",), {"action": "store_true", "help": "read the password from stdin"}),
    ],
    "lab-key": [
        (("action",), {"choices": ["add", "list", "rotate", "revoke"]}),
        (("name",), {"nargs": "?", "help": "the laboratory's name"}),
    ],
    "oidc-client": [
        (("action",), {"choices": ["add", "list", "revoke"]}),
        (("--name",), {"help": "the application's name, shown on the consent screen"}),
        (("--redirect-uri",), {"action": "append", "help": "exact redirect URI (repeatable)"}),
        (("--scopes",), {"nargs": "+", "help": "allowed scopes (default: all)"}),
        (("--client-id",), {"help": "the client to revoke"}),
    ],
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
