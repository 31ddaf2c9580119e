"""A throw-away Redis for the browser tests of the scaled mode (Debian's redis-server)."""

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import redis

from tests.e2e.conftest import _free_port

REDIS_SERVER = "/usr/bin/redis-server"


@contextlib.contextmanager
def private_redis(folder: Path) -> Iterator[str]:
    """Redis on a free loopback port with its files in ``folder``, saving nothing; its URL."""
    port = _free_port()
    argv = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    argv += ["--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")]
    proc = subprocess.Popen(argv, start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.1)
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=20)
