"""Issue 12 item 5, "two hosts, one portal": two ``gosapp serve`` processes behind nginx.

Two hosts (one worker each, on their own ports) share PostgreSQL, Redis and the database
document store; Debian's nginx balances them round-robin (no stickiness) and upgrades the
websocket. A patient signs in through nginx and opens a support ticket with a screenshot: the
page's requests reach both hosts. The screenshot is then downloaded from each host directly.
Then the host holding the tab's websocket is killed (SIGKILL): the browser reconnects through
nginx to the survivor with its client token and state: a screenshot staged before the kill is
sent with a reply typed after it, stored exactly once, and a new page load shows the thread.

The private PostgreSQL of ``scripts/services.sh`` is used (started for the test when nothing
answers on its port, and stopped again); the test gets a database of its own, dropped after.
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from gosapp.db import make_engine
from gosapp.models.requests import Document, Request, RequestEvent
from gosapp.settings import get_settings
from tests.databases import DEFAULT_POSTGRESQL_URL
from tests.e2e.account.test_profile import log_in
from tests.e2e.account.test_support import screenshot
from tests.e2e.conftest import BIN, ROOT, _free_port, _settle_page_loads, _stop, _wait_until_healthy
from tests.e2e.redis_server import private_redis
from tests.load import procs
from tests.personas import make_persona

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVICES = ROOT / "scripts" / "services.sh"
WEB_WORKDIR = ".web-e2e-hosts"  # one build for both hosts (Reflex locks it while building)

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 512; }}
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


@pytest.fixture(scope="module")
def topology(tmp_path_factory) -> Iterator[Topology]:
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (`make test` installs Debian's nginx-light)")
    folder = tmp_path_factory.mktemp("two-hosts")
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
            "GOSAPP_WORKERS": "1",
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


def _websocket_host(topology: Topology) -> Host:
    """The host holding the tab's websocket: nginx keeps no idle upstream connections, so the
    only established connection to a host's port is the websocket."""
    established = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "01":  # ESTABLISHED
                established.append(int(fields[1].rpartition(":")[2], 16))
    holding = [h for h in topology.hosts if h.proc.poll() is None and h.port in established]
    assert len(holding) == 1, f"websocket on {[h.port for h in holding]}"
    return holding[0]


def _wait_for_websocket(topology: Topology, timeout_s: float = 60) -> Host:
    """The host holding the tab's websocket once it has reconnected."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return _websocket_host(topology)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_two_hosts_behind_nginx_share_everything_and_survive_one(browser, topology, tmp_path):
    with topology.db() as db:
        sofia = make_persona(db, "sofia")
        db.commit()
    context = browser.new_context(
        base_url=topology.url, locale="ru-RU", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    _settle_page_loads(page)
    try:
        # Sign in and open a ticket with a screenshot, all through nginx.
        log_in(page, sofia)
        page.goto("/support")
        page.locator("#support-subject").fill("Не открывается карта")
        page.locator("#support-text").fill("После входа белый экран")
        page.get_by_role("radio", name="Техническая проблема").click()
        upload = screenshot(tmp_path)
        page.locator("#upload-support-file").set_input_files(upload)
        expect(page.locator("#upload-support-list")).to_contain_text("экран.png")
        page.locator("#support-submit").click()
        expect(page.locator("#support-submitted")).to_contain_text("ОБР-")
        thread = page.locator("#support-thread")
        expect(thread).to_contain_text("экран.png")

        # Round-robin without stickiness: both hosts served this one session.
        served = topology.upstream_ports()
        assert {h.port for h in topology.hosts} <= set(served), served

        # The screenshot is in the shared database store: each host hands it out.
        with topology.db() as db:
            ticket = db.exec(select(Request).where(Request.applicant_id == sofia.user.id)).one()
            document = db.exec(select(Document).where(Document.request_id == ticket.id)).one()
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        for host in topology.hosts:
            got = httpx.get(f"{host.url}/api/documents/{document.id}", cookies=cookies)
            assert got.status_code == 200, (host.port, got.status_code)
            assert got.content == Path(upload).read_bytes()

        # A second screenshot is staged for a reply, not yet sent.
        second = tmp_path / "второй.png"
        second.write_bytes(Path(upload).read_bytes())
        page.locator("#upload-support-reply-file").set_input_files(str(second))
        expect(page.locator("#upload-support-reply-list")).to_contain_text("второй.png")

        # The host holding the websocket dies mid-session; the tab reconnects through nginx to
        # the survivor and keeps its client token, so its state carries on there
        # (``state/sockets.py``: the dead host's record of the socket is not a duplicate).
        # Reconnecting loads the page again: the thread closes, the staged file stays.
        token = page.evaluate("window.sessionStorage.getItem('token')")
        victim = _websocket_host(topology)
        os.killpg(victim.proc.pid, signal.SIGKILL)
        victim.proc.wait(timeout=20)
        survivor = _wait_for_websocket(topology)
        assert survivor is not victim
        assert page.evaluate("window.sessionStorage.getItem('token')") == token
        toggle = page.locator(f"#support-toggle-{ticket.id}")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(page.locator("#upload-support-reply-list")).to_contain_text("второй.png")
        reply = "Написано после падения одного сервера"
        page.locator("#support-reply-text").fill(reply)
        page.locator("#support-reply-submit").click()
        expect(thread).to_contain_text(reply)
        expect(thread).to_contain_text("второй.png")

        # Stored exactly once, and a new page load (on the survivor) shows the whole thread.
        with topology.db() as db:
            rows = db.exec(select(RequestEvent).where(RequestEvent.text == reply)).all()
            attached = db.exec(select(Document).where(Document.request_id == ticket.id)).all()
        assert len(rows) == 1
        assert sorted(d.original_name for d in attached) == ["второй.png", "экран.png"]
        page.goto(f"/support?open={ticket.number}")
        expect(thread).to_contain_text(reply)
        expect(thread).to_contain_text("экран.png")
    finally:
        context.close()


def test_a_killed_worker_is_started_again_and_its_host_keeps_serving(topology):
    host = next(h for h in topology.hosts if h.proc.poll() is None)
    [victim] = procs.workers(host.port)
    procs.kill_hard(victim)
    deadline = time.monotonic() + 60
    while True:  # Granian's supervisor respawns it (gosapp/serving.py); the host stays up
        assert host.proc.poll() is None, "the host stopped with its worker"
        workers = procs.workers(host.port)
        if workers and victim not in workers and _answers_health(host):
            break
        assert time.monotonic() < deadline, f"no new worker on {host.port}: {workers}"
        time.sleep(0.5)
    assert len(workers) == 1


def _answers_health(host: Host) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"{host.url}/api/health", timeout=5).status_code == 200
    return False
