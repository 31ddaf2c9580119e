"""One load run against a base URL: make N patients, sign them in, drive the mix, check, report.

Phases: (1) N synthetic patients are written into the target database (``users``); (2) they
sign in through the real login flow, ``sign_in_workers`` at a time (argon2 makes this the
server's most expensive request, so it is a phase of its own and not in the figures); (3) one
thread per user opens its tab (``connect``, timed) over a ramp of a few seconds, then acts until
the deadline; (4) the client's tally of accepted orders is checked against the database.

A fault run passes ``fault``: it is called once, ``fault_at`` seconds into the measured window,
in a thread of its own, and what it returns goes into the result.

The server's memory is read from ``/proc`` when it runs on this host (found by the URL's
port): before the patients sign in, every two seconds while they act (the peak), and at the end
of the window with every tab still open; the difference over N is the memory per session.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.load import procs, users
from tests.load.client import MIX, LoadNames, VirtualUser, error_kind
from tests.load.stats import Recorder
from tests.load.tally import OrderTally, check

THREAD_STACK = 512 * 1024  # a thousand threads at the default 8 MiB would reserve 8 GiB


@dataclass(frozen=True)
class RunConfig:
    """What to run: against which server, how many users, how long, how fast they act."""

    base_url: str
    users: int
    duration: float
    think: float = 3.0
    sign_in_workers: int = 8
    ramp: float = 10.0
    seed: int = 1
    # the ports of the server's hosts on this machine, when the base URL is a balancer's
    server_ports: tuple[int, ...] = ()

    def ports(self) -> tuple[int, ...]:
        """Where the server's processes listen on this host (none when it is remote)."""
        if self.server_ports:
            return self.server_ports
        port = local_port(self.base_url)
        return (port,) if port else ()


@dataclass
class Memory:
    """Server RSS (MiB) on this host: before sign-in, at the end with all tabs open, the peak."""

    ports: tuple[int, ...]
    before: float = 0.0
    connected: float = 0.0
    peak: float = 0.0
    processes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)

    def sample(self) -> float:
        """The server's RSS now (0 when it is not on this host)."""
        if not self.ports:
            return 0.0
        pids = server_pids(self.ports)
        self.processes = max(self.processes, len(pids))
        now = procs.total_rss_mib(pids)
        self.peak = max(self.peak, now)
        return now

    def watch(self) -> None:
        """Sample every two seconds until stopped (in a thread)."""
        while not self._stop.wait(2.0):
            self.sample()

    def per_session_kib(self, sessions: int) -> float | None:
        """Growth from before sign-in to the end of the window, per session, KiB (None when
        the server was gone at the end: a fault run whose server died)."""
        if not self.connected:
            return None
        return (self.connected - self.before) * 1024 / sessions if sessions else 0.0


class CpuUse:
    """CPU time of the server (on this host) and of this client process over the window."""

    def __init__(self, ports: tuple[int, ...]):
        self.ports = ports
        self.pids = server_pids(ports)
        self.server = procs.cpu_seconds(self.pids)
        self.client = sum(os.times()[:2])

    def cores_used(self, seconds: float) -> dict:
        """Cores busy on average: the server's (None when remote, or when a server process
        ended during the window: its CPU time went with it) and this client's."""
        server = None
        if self.ports and self.pids <= server_pids(self.ports):
            server = (procs.cpu_seconds(self.pids) - self.server) / seconds
        client = (sum(os.times()[:2]) - self.client) / seconds
        return {
            "server": round(server, 2) if server is not None else None,
            "client": round(client, 2),
        }


def server_pids(ports: tuple[int, ...]) -> set[int]:
    """The processes serving any of ``ports`` on this host."""
    return set().union(*(procs.server_pids(port) for port in ports))


def local_port(base_url: str) -> int | None:
    """The URL's port when the server runs on this host (memory can be read), else None."""
    parts = urlsplit(base_url)
    if parts.hostname in ("localhost", "127.0.0.1", "::1"):
        return parts.port or 80
    return None


def sign_in_all(
    config: RunConfig, names: LoadNames, recorder: Recorder
) -> tuple[list[VirtualUser], float]:
    """Create the patients and sign them in; the users that made it, and the phase's seconds."""
    patients = users.create_patients(config.users)
    tabs = [VirtualUser(config.base_url, names, p, config.seed + i) for i, p in enumerate(patients)]

    def one(user: VirtualUser) -> VirtualUser | None:
        started = time.perf_counter()
        try:
            user.sign_in()
        except Exception as exc:
            recorder.error("sign-in " + error_kind(exc), time.monotonic())
            return None
        recorder.done("(sign-in)", time.perf_counter() - started, events=0)
        return user

    started = time.perf_counter()
    with ThreadPoolExecutor(config.sign_in_workers) as pool:
        signed = [u for u in pool.map(one, tabs) if u is not None]
    return signed, time.perf_counter() - started


def warm_up(config: RunConfig, names: LoadNames) -> None:
    """One extra patient signs in and does each action once, so that the server's first-use
    costs (imports, caches, pools) are not counted as memory per session."""
    user = VirtualUser(config.base_url, names, users.create_patients(1)[0], config.seed - 1)
    user.sign_in()
    user.connect()
    for action in MIX:
        user.act(action, Recorder())
    user.close()


def drive(user: VirtualUser, start_at: float, deadline: float, recorder: Recorder, think: float):
    """One user's thread: wait for its turn in the ramp, open the tab, act until the deadline."""
    time.sleep(max(0.0, start_at - time.monotonic()))
    started = time.perf_counter()
    try:
        user.connect()
        recorder.done("connect", time.perf_counter() - started)
    except Exception as exc:
        recorder.error(error_kind(exc), time.monotonic())
        user.recover(deadline, recorder)
    user.run(deadline, recorder, think)


def run_load(
    config: RunConfig,
    names: LoadNames,
    fault: Callable[[], dict] | None = None,
    fault_at: float = 0.0,
) -> dict:
    """Run the load once; the figures as a dict (see ``report.print_result``)."""
    recorder, memory = Recorder(), Memory(config.ports())
    result: dict = {"config": config.__dict__, "load_before": os.getloadavg()}
    warm_up(config, names)
    memory.before = memory.sample()
    signed, result["sign_in_seconds"] = sign_in_all(config, names, recorder)
    threading.stack_size(THREAD_STACK)
    start = time.monotonic()
    deadline = start + config.ramp + config.duration
    step = config.ramp / max(len(signed), 1)  # the tabs open one after another over the ramp
    threads = [
        threading.Thread(
            target=drive, args=(u, start + step * i, deadline, recorder, config.think), daemon=True
        )
        for i, u in enumerate(signed)
    ]
    watcher = threading.Thread(target=memory.watch, daemon=True)
    cpu = CpuUse(memory.ports)
    for thread in [*threads, watcher]:
        thread.start()
    fault_result = _fault_later(fault, start + config.ramp + fault_at) if fault else None
    time.sleep(max(0.0, deadline - time.monotonic() - 1))
    memory.connected = memory.sample()  # every tab still open, a second before the end
    for thread in threads:
        thread.join(timeout=max(1.0, deadline + 60 - time.monotonic()))
    result["window_seconds"] = time.monotonic() - start
    result["cores_used"] = cpu.cores_used(result["window_seconds"])
    memory._stop.set()
    tally = OrderTally()
    for user in signed:
        tally.merge(user.tally)
    result.update(
        signed_in=len(signed),
        load_after=os.getloadavg(),
        recorder=recorder,
        memory=memory,
        tally=check(tally, users.request_numbers([u.patient.user_id for u in signed])),
        fault=fault_result.get() if fault_result else None,
    )
    return result


class _Later:
    """A call run in a thread at a given monotonic time; ``get`` waits for its result."""

    def __init__(self, func: Callable[[], dict], at: float):
        self._result: dict = {}
        self._thread = threading.Thread(target=self._run, args=(func, at), daemon=True)
        self._thread.start()

    def _run(self, func: Callable[[], dict], at: float) -> None:
        time.sleep(max(0.0, at - time.monotonic()))
        self._result = {"started": time.monotonic(), **func()}

    def get(self) -> dict:
        """The fault's result (waits for it to finish)."""
        self._thread.join()
        return self._result


def _fault_later(fault: Callable[[], dict], at: float) -> _Later:
    return _Later(fault, at)
