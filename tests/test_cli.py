"""The ``gosapp`` command, run as an operator would: a separate process on its own data folder.

Settings are read once per process, so each command runs in a subprocess with GOSAPP_DATA_DIR
pointing at a throw-away folder. The subprocesses share this process's secret key, so that the
TOTP secret they store can be checked here by logging in through the auth services.
"""

import io
import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlmodel import func, select

from gosapp import cli
from gosapp.db import make_engine, session_scope, transaction
from gosapp.models.accounts import RecoveryCode, Role, User
from gosapp.models.audit import AuditEvent
from gosapp.services.common.audit import Actor
from gosapp.services.demo.accounts import DEMO_ACCOUNTS
from gosapp.services.identity import sessions, signin
from gosapp.services.identity.roles import roles_of
from gosapp.services.identity.staff_accounts import EMAIL_TAKEN, PHONE_TAKEN
from gosapp.settings import get_settings

ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
PASSWORD = "Журнал-Приёма-2026"


def staff_args(email="registrar@clinic.example.ru", phone="+7 916 555-01-01", **overrides):
    """create-staff arguments for a registrar; ``overrides`` replace options by name."""
    options = {
        "--email": email,
        "--phone": phone,
        "--last-name": "Орлова",
        "--first-name": "Регина",
        "--patronymic": "Олеговна",
        "--birth-date": "21.02.1990",
        "--sex": "F",
        "--role": "registrar",
        **{f"--{k.replace('_', '-')}": v for k, v in overrides.items()},
    }
    return ["create-staff", *(x for pair in options.items() for x in pair), "--password-stdin"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A data folder migrated by ``gosapp migrate``, shared by this module's tests."""
    folder = tmp_path_factory.mktemp("cli-data")
    result = run_gosapp(folder, "migrate")
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def cli_engine(data_dir):
    """An engine on the CLI's database file."""
    eng = make_engine(f"sqlite:///{data_dir / 'gosapp.db'}")
    yield eng
    eng.dispose()


def run_gosapp(data_dir, *args, stdin="", env=None):
    """Run ``python -m gosapp.cli *args`` in demo mode on ``data_dir`` (``env``: more settings)."""
    env = {
        **os.environ,
        "GOSAPP_DEMO": "1",
        "GOSAPP_DATA_DIR": str(data_dir),
        "GOSAPP_SECRET_KEY": get_settings().secret(),
        "PYTHONIOENCODING": "utf-8",
        **(env or {}),
    }
    env.pop("GOSAPP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "gosapp.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=data_dir,
        timeout=120,
    )


def printed_secret(stdout: str) -> str:
    """The TOTP secret create-staff printed; the URI and the grouped key must agree."""
    uri = re.search(r"otpauth://\S+", stdout).group(0)
    from_uri = parse_qs(urlsplit(uri).query)["secret"][0]
    grouped = re.search(r"Ключ: ([A-Z2-7 ]+)", stdout).group(1)
    assert grouped.replace(" ", "") == from_uri
    return from_uri


def printed_recovery_codes(stdout: str) -> list[str]:
    return re.findall(r"^\s+([A-Z2-9]{5}-[A-Z2-9]{5})$", stdout, flags=re.MULTILINE)


def log_in(engine, login, password, code, now):
    """The app's login path on the CLI's database; returns the signed-in user."""
    with transaction(engine) as db:
        pending = signin.password_step(
            session=db, login=login, password=password, actor=ACTOR, now=now
        )
    with transaction(engine) as db:
        user = signin.second_step(session=db, pending=pending, code=code, actor=ACTOR, now=now)
        ticket = signin.issue_ticket(session=db, user_id=user.id, now=now)
    with transaction(engine) as db:
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=ACTOR, now=now)
    with session_scope(engine) as db:
        return sessions.resolve(session=db, token=token, now=now)


def user_count(engine) -> int:
    with session_scope(engine) as db:
        return db.exec(select(func.count()).select_from(User)).one()


def test_created_staff_logs_in_with_the_printed_key(data_dir, cli_engine):
    result = run_gosapp(data_dir, *staff_args(), stdin=PASSWORD + "\n")

    assert result.returncode == 0, result.stderr
    secret = printed_secret(result.stdout)
    now = datetime.now(UTC)
    user = log_in(
        cli_engine, "registrar@clinic.example.ru", PASSWORD, pyotp.TOTP(secret).at(now), now
    )
    assert user is not None and user.email == "registrar@clinic.example.ru"
    assert user.phone == "+79165550101"
    assert (user.last_name, user.first_name, user.patronymic) == ("Орлова", "Регина", "Олеговна")


def test_created_staff_holds_the_role_and_confirmed_contacts(data_dir, cli_engine):
    result = run_gosapp(
        data_dir,
        *staff_args("doctor@clinic.example.ru", "89165550102", role="doctor", sex="M"),
        stdin="Стетоскоп-Утро-2026\n",
    )

    assert result.returncode == 0, result.stderr
    with session_scope(cli_engine) as db:
        user = db.exec(select(User).where(User.email == "doctor@clinic.example.ru")).one()
        assert roles_of(db, user.id) == {Role.CITIZEN, Role.DOCTOR}
        assert user.phone_confirmed_at and user.email_confirmed_at and user.consent_at
        assert user.totp_enabled_at and user.totp_secret_enc
        assert printed_secret(result.stdout) not in user.totp_secret_enc
        audit = db.exec(
            select(AuditEvent).where(
                AuditEvent.action == "staff.create", AuditEvent.object_id == str(user.id)
            )
        ).all()
        assert [e.role for e in audit] == ["cli"]
        codes = db.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all()
        assert len(codes) == 10


def test_a_printed_recovery_code_logs_in(data_dir, cli_engine):
    result = run_gosapp(
        data_dir,
        *staff_args("admin@clinic.example.ru", "+79165550103", role="admin"),
        stdin="Администратор-Смены-2026\n",
    )

    assert result.returncode == 0, result.stderr
    codes = printed_recovery_codes(result.stdout)
    assert len(codes) == 10 and len(set(codes)) == 10
    now = datetime.now(UTC)
    user = log_in(cli_engine, "+7 916 555-01-03", "Администратор-Смены-2026", codes[0], now)
    assert user is not None and user.email == "admin@clinic.example.ru"


@pytest.fixture(scope="module")
def existing_staff(data_dir):
    """A registrar created once: first@clinic.example.ru, +7 916 555-02-01."""
    result = run_gosapp(
        data_dir, *staff_args("first@clinic.example.ru", "+79165550201"), stdin=PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("email", "phone", "message"),
    [
        ("other@clinic.example.ru", "8 (916) 555-02-01", PHONE_TAKEN),
        ("FIRST@Clinic.Example.RU", "+79165550299", EMAIL_TAKEN),
    ],
)
def test_duplicate_phone_or_email_is_refused(
    data_dir, cli_engine, existing_staff, email, phone, message
):
    before = user_count(cli_engine)

    result = run_gosapp(data_dir, *staff_args(email, phone), stdin=PASSWORD + "\n")

    assert result.returncode == 1
    assert message in result.stderr
    assert "otpauth://" not in result.stdout
    assert user_count(cli_engine) == before


@pytest.mark.parametrize("password", ["Аб1", "Qwerty123", "Orlova1990", "Регина21021990"])
def test_weak_password_is_refused(data_dir, cli_engine, password):
    before = user_count(cli_engine)

    result = run_gosapp(
        data_dir, *staff_args("weak@clinic.example.ru", "+79165550301"), stdin=password + "\n"
    )

    assert result.returncode == 1
    assert "gosapp: Пароль:" in result.stderr
    assert user_count(cli_engine) == before


def test_passwords_typed_twice_must_match(monkeypatch, capsys):
    typed = iter(["Журнал-Приёма-2026", "Журнал-Приема-2026"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda _prompt="": next(typed))

    argv = [a for a in staff_args() if a != "--password-stdin"]

    assert cli.main(argv) == 1
    assert "Пароли не совпадают" in capsys.readouterr().err


def test_empty_password_on_stdin_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))

    assert cli.main(staff_args()) == 1
    assert "Пароль не может быть пустым" in capsys.readouterr().err


def test_demo_accounts_json_lists_logins_passwords_roles_and_secrets(data_dir):
    result = run_gosapp(data_dir, "demo-accounts", "--json")

    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(set(row) == {"login", "password", "role", "totp_secret"} for row in rows)
    assert {row["role"] for row in rows} == {"citizen", "doctor", "registrar", "admin"}
    assert [row["login"] for row in rows] == [a.login for a in DEMO_ACCOUNTS]


def test_demo_code_prints_the_current_code_of_the_listed_secret(data_dir):
    listed = json.loads(run_gosapp(data_dir, "demo-accounts", "--json").stdout)[1]

    before = time.time()
    result = run_gosapp(data_dir, "demo-code", listed["login"])
    after = time.time()

    assert result.returncode == 0, result.stderr
    code = result.stdout.strip()
    assert re.fullmatch(r"[0-9]{6}", code)
    totp = pyotp.TOTP(listed["totp_secret"])
    assert code in {totp.at(before), totp.at(after)}


def test_demo_code_of_an_unknown_login_fails(data_dir):
    result = run_gosapp(data_dir, "demo-code", "nobody@example.ru")

    assert result.returncode == 1
    assert "нет демо-учётной записи" in result.stderr


# --- serve: workers (issue 12) ----------------------------------------------------------------


def serve_environment(monkeypatch, **settings) -> tuple[list[str], dict[str, str]]:
    """What ``gosapp serve`` would exec (argv and environment), with ``settings``."""
    from gosapp.settings import Settings

    seen = {}
    monkeypatch.setattr(cli, "get_settings", lambda: Settings(demo=True, **settings))
    monkeypatch.setattr(cli.os, "execve", lambda path, argv, env: seen.update(argv=argv, env=env))
    assert cli.main(["serve"]) == 0
    return seen["argv"], seen["env"]


def test_serve_runs_the_configured_workers_on_granian(monkeypatch, tmp_path, capsys):
    argv, env = serve_environment(
        monkeypatch, data_dir=tmp_path, redis_url="redis://127.0.0.1:1/0", workers=3
    )
    assert argv[1:4] == ["run", "--env", "prod"]
    assert (env["GRANIAN_WORKERS"], env["REFLEX_USE_GRANIAN"]) == ("3", "true")
    assert "3 workers, tab states in Redis" in capsys.readouterr().out


def test_serve_without_redis_runs_exactly_one_worker(monkeypatch, tmp_path, capsys):
    _, env = serve_environment(monkeypatch, data_dir=tmp_path)
    assert env["GRANIAN_WORKERS"] == "1"
    assert "1 worker, tab states in memory" in capsys.readouterr().out


def test_serve_refuses_several_workers_without_redis(data_dir):
    result = run_gosapp(data_dir, "serve", env={"GOSAPP_WORKERS": "2", "GOSAPP_REDIS_URL": ""})
    assert result.returncode == 2
    assert "GOSAPP_WORKERS" in result.stderr and "GOSAPP_REDIS_URL" in result.stderr
