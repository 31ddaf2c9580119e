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
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import select

from gosapp.models.requests import Document, Request, RequestEvent
from tests.e2e.account.test_profile import log_in
from tests.e2e.account.test_support import screenshot
from tests.e2e.conftest import _settle_page_loads
from tests.e2e.scale.topology import NGINX, Host, Topology, two_hosts
from tests.load import procs
from tests.personas import make_persona


@pytest.fixture(scope="module")
def topology(tmp_path_factory) -> Iterator[Topology]:
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (`make test` installs Debian's nginx-light)")
    with two_hosts(tmp_path_factory.mktemp("two-hosts")) as topology:
        yield topology


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
