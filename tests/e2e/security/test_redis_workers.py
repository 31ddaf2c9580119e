"""Issue 12 item 3 and issue 9 with Redis: the demo served by two workers sharing tab states.

A private Redis on a free port, ``GOSAPP_WORKERS=2``, the production build. Each Granian worker
listens on the port itself (SO_REUSEPORT) and the kernel picks one by the connection's address
and port, so the test reconnects until a connection lands on the other worker (which process
accepted it is read from /proc). The tab's page state (the history filters) must follow the
tab there and back.

At rest, Redis must hold no secret: after sign-ins with a TOTP code and with a recovery code,
no key's value contains a session or browser cookie, a password, a TOTP secret or the recovery
code (as the file scan of ``test_state_binding.py`` for the single-process mode).
"""

import contextlib
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from gosapp.api.binding import cookies_of
from gosapp.models.accounts import utcnow
from gosapp.services.identity import sessions, totp
from gosapp.services.identity.tokens import token_hash
from gosapp.services.requests import history
from gosapp.settings import get_settings
from tests.bench.bench_events import Names, sign_in
from tests.e2e.conftest import LiveServer, serve_demo
from tests.e2e.redis_server import private_redis
from tests.personas import make_persona
from tests.reflexflow import boot_event, hydrated, touches
from tests.reflexflow import delta_key as _delta_key
from tests.wsclient import ReflexSocket

UNLINK_TIMEOUT_S = 20
RECONNECTS = 40  # each lands on either worker: 40 on the same one happen once in 10**12


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A throw-away Redis on a free loopback port, stopped after the module."""
    with private_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def scaled(tmp_path_factory, redis_url) -> Iterator[LiveServer]:
    """The demo with its tab states in Redis, served by two workers."""
    key = get_settings().secret()  # ours: tests put users into the server's database
    data = tmp_path_factory.mktemp("scaled-data")
    extra = {"GOSAPP_SECRET_KEY": key, "GOSAPP_REDIS_URL": redis_url, "GOSAPP_WORKERS": "2"}
    with serve_demo(data, "e2e-redis", **extra) as server:
        yield server


@pytest.fixture(scope="module")
def names(scaled) -> Names:
    return Names.from_app()


# --- which process holds a connection ---------------------------------------------------------


def _socket_inode(server_port: int, client_port: int) -> str:
    """The inode of the server's end of our TCP connection (from /proc/net/tcp)."""
    wanted = (f"{server_port:04X}", f"{client_port:04X}")
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote = fields[1].rpartition(":")[2], fields[2].rpartition(":")[2]
            if (local, remote) == wanted:
                return fields[9]
    raise AssertionError(f"no server socket for client port {client_port}")


def worker_of(server: LiveServer, tab: ReflexSocket) -> int:
    """The pid of the process that accepted ``tab``'s connection."""
    server_port = int(server.url.rpartition(":")[2])
    link = f"socket:[{_socket_inode(server_port, tab.ws.sock.getsockname()[1])}]"
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        with contextlib.suppress(OSError):
            if os.readlink(fd) == link:
                return int(fd.parts[2])
    raise AssertionError("no process holds the connection")


# --- one connection of a tab --------------------------------------------------------------------


def choose(server, names, cookie, token, field, value, *, avoid=0) -> tuple[int, dict]:
    """Connect as tab ``token`` on a worker other than ``avoid`` (loading /history first when
    ``avoid`` is 0), pick a filter, close; the worker that served it and the tab's filters."""
    tab = connect(server, names, cookie, token, avoid)
    try:
        if not avoid:
            tab.until(hydrated(names))
        pid = worker_of(server, tab)
        tab.emit(names.choose, {"field": field, "value": value})
        delta = tab.until(touches(names.page_state))[-1]["delta"][names.page_state]
    finally:
        tab.close()
    wait_until_disconnected(server, token)
    return pid, delta[_delta_key(_history_state(), "applied")]


def connect(server, names, cookie, token, avoid: int) -> ReflexSocket:
    """A connection of tab ``token`` accepted by any worker but ``avoid`` (new ones until then)."""
    boot = None if avoid else boot_event(names, "/history")
    for _ in range(RECONNECTS):
        tab = ReflexSocket(server.url, cookie=cookie, token=token, boot=boot)
        if worker_of(server, tab) != avoid:
            return tab
        tab.close()
        wait_until_disconnected(server, token)
    raise AssertionError(f"{RECONNECTS} connections in a row all went to worker {avoid}")


def _history_state():
    from gosapp.pages.account.history.state import HistoryState

    return HistoryState


def wait_until_disconnected(server: LiveServer, token: str) -> None:
    """Reflex forgets the tab's socket (in Redis) once the worker has seen it close; until then
    a new connection with the token would count as a second tab and get a new token."""
    store = redis.Redis.from_url(server.env["GOSAPP_REDIS_URL"])
    deadline = time.monotonic() + UNLINK_TIMEOUT_S
    try:
        while store.exists(f"token_manager_socket_record_{token}"):
            assert time.monotonic() < deadline, "the worker never noticed the closed connection"
            time.sleep(0.05)
    finally:
        store.close()


def test_a_tabs_state_follows_it_from_worker_to_worker(scaled, names):
    cookie = sign_in(scaled, names)
    token = str(uuid.uuid4())
    status = history.status_choices()[0][0]
    kind = history.type_choices()[0][0]
    first, applied = choose(scaled, names, cookie, token, "status", status)
    assert applied["status"] == status
    second, applied = choose(scaled, names, cookie, token, "order", "date_asc", avoid=first)
    assert second != first
    assert (applied["status"], applied["order"]) == (status, "date_asc")  # set on the first
    third, applied = choose(scaled, names, cookie, token, "type", kind, avoid=second)
    assert third == first  # two workers
    assert (applied["status"], applied["order"], applied["type"]) == (status, "date_asc", kind)


def test_redis_holds_no_cookie_password_totp_secret_or_recovery_code(scaled, names):
    with scaled.db() as db:
        pavel, raisa = make_persona(db, "pavel"), make_persona(db, "raisa")
        recovery = totp.new_recovery_codes(session=db, user_id=raisa.id)[0]
        db.commit()
    code = totp.code_at(pavel.totp_secret, utcnow())
    cookies = [
        sign_in(scaled, names, pavel.user.email, pavel.password, code),
        sign_in(scaled, names, raisa.user.email, raisa.password, recovery),
    ]
    for cookie in cookies:  # a page load with each, so their states are stored
        tab = ReflexSocket(scaled.url, cookie=cookie, boot=boot_event(names, "/history"))
        tab.until(hydrated(names))
        tab.close()
    raw = [v for c in cookies for v in cookies_of(c).values()]
    assert len(raw) == 4  # two session cookies, two browser cookies
    secrets = [*raw, recovery, recovery.replace("-", "")]
    secrets += [p for persona in (pavel, raisa) for p in (persona.password, persona.totp_secret)]
    store = redis.Redis.from_url(scaled.env["GOSAPP_REDIS_URL"])
    try:
        stored = _all_values(store)
    finally:
        store.close()
    session_key = token_hash(cookies_of(cookies[0])[sessions.COOKIE_NAME])
    assert any(session_key.encode() in value for value in stored)  # the states are there
    assert [s for s in secrets if any(s.encode() in v for v in stored)] == []


def _all_values(store: redis.Redis) -> list[bytes]:
    """Every value of every key, whatever its type (the state manager writes strings)."""
    values = []
    for key in store.scan_iter(count=500):
        kind = store.type(key).decode()
        if kind == "string":
            values.append(store.get(key) or b"")
        elif kind == "hash":
            values += [k + b"=" + v for k, v in store.hgetall(key).items()]
        elif kind == "list":
            values += store.lrange(key, 0, -1)
        elif kind == "set":
            values += list(store.smembers(key))
        elif kind == "zset":
            values += store.zrange(key, 0, -1)
        values.append(key)
    return values
