import shutil
import socket
import subprocess
import time

import pytest

from gosapp.db import make_engine
from gosapp.services.common.health import health_report


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A throw-away redis-server (Debian's) on a free port; skipped where none is installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (make services installs it)")
    port = _closed_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


def test_health_report_is_ok_with_a_working_database(engine):
    report = health_report(engine)
    assert report["status"] == "ok"
    assert report["checks"] == {"database": "ok"}
    assert report["version"]


def test_health_report_flags_an_unreachable_database(tmp_path):
    broken = make_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    report = health_report(broken)
    assert report["status"] == "error"
    assert report["checks"] == {"database": "unavailable"}


def test_a_writable_documents_folder_is_ok_and_left_as_it_was(engine, tmp_path):
    folder = tmp_path / "private" / "documents"
    report = health_report(engine, storage=folder)
    assert report == {**report, "status": "ok"}
    assert report["checks"] == {"database": "ok", "storage": "ok"}
    assert list(folder.iterdir()) == []


def test_a_documents_folder_that_cannot_be_written_is_named(engine, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    report = health_report(engine, storage=blocked / "documents")
    assert report["status"] == "error"
    assert report["checks"] == {"database": "ok", "storage": "not writable"}


def test_redis_is_checked_when_configured(engine, redis_url):
    report = health_report(engine, redis_url=redis_url)
    assert report["status"] == "ok"
    assert report["checks"] == {"database": "ok", "redis": "ok"}


def test_an_unreachable_redis_is_named(engine):
    report = health_report(engine, redis_url=f"redis://127.0.0.1:{_closed_port()}/0")
    assert report["status"] == "error"
    assert report["checks"] == {"database": "ok", "redis": "unavailable"}
