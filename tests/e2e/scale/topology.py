"""The two-host topology of issue 12 (item 5): two ``gosapp serve`` processes as two hosts
behind Debian's nginx (round-robin, no stickiness, websocket upgrade), sharing PostgreSQL,
Redis and the database document store. Used by the two-host browser test and by the load
runner (``python -m tests.load --two-hosts``).

The private PostgreSQL of ``scripts/services.sh`` is used (started when nothing answers on its
port, and stopped again); the topology gets a database of its own, dropped after.
"""

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from gosapp.db import make_engine
from gosapp.settings import get_settings
from tests.databases import DEFAULT_POSTGRESQL_URL
from tests.e2e.conftest import BIN, ROOT, _free_port, _stop, _wait_until_healthy
from tests.e2e.redis_server import private_redis

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVICES = ROOT / "scripts" / "services.sh"
WEB_WORKDIR = ".web-e2e-hosts"  # one build for both hosts (Reflex locks it while building)

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 4096; }}  # two per websocket: client and host
http {{
    log_format hosts '$request_method $uri $status upstream=$upstream_addr';
    access_log {folder}/access.log hosts;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    client_max_body_size 64m;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' close;
    }}
    upstream gosapp {{
        server 127.0.0.1:{port_a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{port_b} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://gosapp;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 1h;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


@dataclass
class Host:
    """One `gosapp serve` process behind nginx."""

    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"


@dataclass
class Topology:
    """nginx in front of two hosts, the shared database URL and nginx's access log."""

    url: str
    hosts: list[Host]
    database_url: str
    access_log: Path

    def db(self) -> Session:
        return Session(make_engine(self.database_url), expire_on_commit=False)

    def upstream_ports(self) -> list[int]:
        """The host port of every request nginx logged (in order)."""
        lines = self.access_log.read_text().splitlines()
        return [int(p) for p in re.findall(r"upstream=[\d.]+:(\d+)", "\n".join(lines))]


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _postgresql() -> Iterator[str]:
    """The admin URL of a reachable PostgreSQL: GOSAPP_TEST_POSTGRESQL_URL, or the private
    cluster (started here when nothing answers on its port, stopped again afterwards)."""
    url = os.environ.get("GOSAPP_TEST_POSTGRESQL_URL") or DEFAULT_POSTGRESQL_URL
    port = make_url(url).port or 5432
    started = False
    if not _answers(port) and url == DEFAULT_POSTGRESQL_URL:
        done = subprocess.run(
            [SERVICES, "start", "postgresql"], cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode != 0:
            pytest.skip(f"the private PostgreSQL would not start: {done.stderr.strip()[-500:]}")
        started = True
    try:
        try:
            with create_engine(url).connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            pytest.skip(f"no PostgreSQL answers at {make_url(url).render_as_string()}: {exc}")
        yield url
    finally:
        if started:
            subprocess.run([SERVICES, "stop", "postgresql"], cwd=ROOT, check=False)


@contextlib.contextmanager
def _database(admin_url: str) -> Iterator[str]:
    """A new database on that server for this test, dropped afterwards."""
    name = f"gosapp_hosts_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def _process(argv: list, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as out:
        proc = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        _stop(proc)


@contextlib.contextmanager
def two_hosts(folder: Path, workers: int = 1) -> Iterator[Topology]:
    """nginx on a free port in front of two `gosapp serve` hosts (``workers`` each) sharing a
    new PostgreSQL database, a private Redis and the database document store; files in
    ``folder``. Everything is stopped and the database dropped afterwards."""
    nginx_port, ports = _free_port(), [_free_port(), _free_port()]
    public = f"http://localhost:{nginx_port}"
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(_database(stack.enter_context(_postgresql())))
        redis_dir = folder / "redis"
        redis_dir.mkdir()
        redis_url = stack.enter_context(private_redis(redis_dir))
        env = {
            **os.environ,
            "GOSAPP_DEMO": "1",
            "GOSAPP_SECRET_KEY": get_settings().secret(),  # ours: the test adds users
            "GOSAPP_DATABASE_URL": database_url,
            "GOSAPP_REDIS_URL": redis_url,
            "GOSAPP_STORAGE": "database",
            "GOSAPP_WORKERS": str(workers),
            "GOSAPP_BASE_URL": public,
            "GOSAPP_DATA_DIR": str(folder / "data-a"),
            "REFLEX_WEB_WORKDIR": str(ROOT / WEB_WORKDIR),
        }
        for command in ("migrate", "seed-demo"):
            subprocess.run([BIN / "gosapp", command], env=env, check=True, capture_output=True)
        hosts = []
        for name, port in zip("ab", ports, strict=True):  # one after the other: one build
            host_env = {
                **env,
                "GOSAPP_PORT": str(port),
                "GOSAPP_DATA_DIR": str(folder / f"data-{name}"),
                "REFLEX_STATES_WORKDIR": str(ROOT / f".states-e2e-host-{name}"),
            }
            log = folder / f"host-{name}.log"
            proc = stack.enter_context(_process([BIN / "gosapp", "serve"], host_env, log))
            host = Host(port=port, proc=proc, log=log)
            _wait_until_healthy(host.url, proc, log)
            hosts.append(host)
        conf = folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(folder=folder, port=nginx_port, port_a=ports[0], port_b=ports[1])
        )
        argv = [NGINX, "-p", str(folder), "-c", str(conf)]
        nginx = stack.enter_context(_process(argv, dict(os.environ), folder / "nginx.out"))
        _wait_until_healthy(public, nginx, folder / "error.log")
        yield Topology(public, hosts, database_url, folder / "access.log")
