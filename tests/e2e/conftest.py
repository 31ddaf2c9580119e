"""End-to-end fixtures: one production build served on a free port, driven by Debian's Chromium.

The build uses its own Reflex work folders (.web-e2e, .states-e2e) so a `make run` in the same
checkout is not disturbed.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from gosapp.db import make_engine
from gosapp.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the networking flags Chromium floods this machine's closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT_S = 900


@dataclass
class LiveServer:
    """The running app: its URL, environment and log."""

    url: str
    env: dict[str, str]
    log: Path

    def db(self) -> Session:
        """A session on the server's database (to arrange data or read the outbox)."""
        url = f"sqlite:///{self.env['GOSAPP_DATA_DIR']}/gosapp.db"
        return Session(make_engine(url), expire_on_commit=False)

    def gosapp(self, *args: str) -> str:
        """Run a `gosapp` CLI command against this server's database; return its stdout."""
        return subprocess.run(
            [BIN / "gosapp", *args], env=self.env, check=True, capture_output=True, text=True
        ).stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gosapp serve exited early:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"gosapp did not become healthy in time:\n{log.read_text()[-4000:]}")


@contextlib.contextmanager
def serve_demo(data: Path, workdir: str, **extra_env: str) -> Iterator[LiveServer]:
    """The production build on a free port with a fresh demo database in ``data``.

    ``workdir`` names Reflex's work folders (``.web-<workdir>``, ``.states-<workdir>``) so that
    a ``make run`` in the same checkout is not disturbed.
    """
    port = _free_port()
    env = {
        **os.environ,
        "GOSAPP_DEMO": "1",
        "GOSAPP_DATA_DIR": str(data),
        "GOSAPP_PORT": str(port),
        "GOSAPP_BASE_URL": f"http://localhost:{port}",
        "REFLEX_WEB_WORKDIR": str(ROOT / f".web-{workdir}"),
        "REFLEX_STATES_WORKDIR": str(ROOT / f".states-{workdir}"),
        **extra_env,
    }
    server = LiveServer(url=f"http://localhost:{port}", env=env, log=data / "server.log")
    server.gosapp("migrate")
    server.gosapp("seed-demo")
    with server.log.open("w") as log:
        proc = subprocess.Popen(
            [BIN / "gosapp", "serve"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_healthy(server.url, proc, server.log)
        yield server
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """Build the production app once and serve it with a fresh demo database."""
    # The same key as this test process, so tests can put users into the server's DB.
    key = get_settings().secret()
    with serve_demo(tmp_path_factory.mktemp("e2e-data"), "e2e", GOSAPP_SECRET_KEY=key) as server:
        yield server


def _stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (desktop size) with the app's URL as base."""
    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    _settle_page_loads(tab)
    yield tab
    context.close()


@pytest.fixture
def tablet(browser, live_server):
    """A touch tablet tab at 768×1024, the doctors' device."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="ru-RU",
        has_touch=True,
        is_mobile=True,
        viewport={"width": 768, "height": 1024},
    )
    tab = context.new_page()
    _settle_page_loads(tab)
    yield tab
    context.close()


def _settle_page_loads(tab) -> None:
    """Make ``goto`` wait until the network is idle: the page is then hydrated, so a click does
    not reach a form before React does (a native submit would reload it, losing what was typed;
    seen on a busy machine)."""
    goto = tab.goto
    tab.goto = lambda url, **kwargs: goto(url, **{"wait_until": "networkidle", **kwargs})


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
