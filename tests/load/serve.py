"""A demo server for a load run: the production build on a free port, its data in /tmp."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer


@contextlib.contextmanager
def demo_server(**extra_env: str) -> Iterator[LiveServer]:
    """A production build of the demo on a free port, its data in /tmp (``extra_env`` may set
    ``GOSAPP_DATABASE_URL``).

    This process then points its own settings at the same database and data folder (the
    patients go into that database, the TOTP secrets under that demo key): before gosapp reads
    them.
    """
    folder = Path(tempfile.mkdtemp(prefix="gosapp-load-"))
    for name in ("GOSAPP_DATABASE_URL", "GOSAPP_SECRET_KEY", "GOSAPP_REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(GOSAPP_DEMO="1", GOSAPP_DATA_DIR=str(folder / "data"), **extra_env)
    from tests.e2e.conftest import serve_demo

    started = time.perf_counter()
    try:
        with serve_demo(folder / "data", "load", **extra_env) as server:
            print(f"[demo server on {server.url}: {time.perf_counter() - started:.0f} s]")
            yield server
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def two_host_server(workers: int) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The scaled mode on this machine: two hosts of ``workers`` workers each behind nginx, on
    a new PostgreSQL database with Redis (``tests/e2e/scale/topology.py``). Yields nginx's URL
    and the hosts' ports; this process's settings then point at that database."""
    folder = Path(tempfile.mkdtemp(prefix="gosapp-load-hosts-"))
    os.environ.update(GOSAPP_DEMO="1", GOSAPP_DATA_DIR=str(folder / "client"))
    from gosapp.db import get_engine
    from gosapp.settings import get_settings
    from tests.e2e.scale.topology import two_hosts

    started = time.perf_counter()
    try:
        with two_hosts(folder, workers) as topology:
            os.environ["GOSAPP_DATABASE_URL"] = topology.database_url
            get_settings.cache_clear()  # the patients go into the hosts' database
            get_engine.cache_clear()
            took = time.perf_counter() - started
            print(f"[two hosts of {workers} worker(s) behind {topology.url}: {took:.0f} s]")
            yield topology.url, tuple(host.port for host in topology.hosts)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
