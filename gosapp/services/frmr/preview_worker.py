"""The helper process that draws portfolio previews (``preview_drawing``), kept by the server.

One helper per server process, started on the first preview and reused; one file at a time
(a lock), so PDFium is never entered from two threads. A helper that dies (a file that
crashed PDFium), answers nothing in ``timeout`` seconds (a file that hangs it) or breaks its
pipe is killed and its file counts as one that cannot be drawn (ValueError, the route's 404);
the next preview starts a new helper. The server's own worker never runs the parsers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from gosapp.services.frmr.preview_drawing import DRAWN, LENGTH, frame

log = logging.getLogger(__name__)

COMMAND = (sys.executable, "-m", "gosapp.services.frmr.preview_drawing")
TIMEOUT_S = 20.0  # a page of a valid scan takes well under a second
_PROJECT = str(Path(__file__).resolve().parents[3])  # where `gosapp` is importable from


class HelperFailed(Exception):
    """The helper crashed, hung or closed its pipe."""


class PreviewHelper:
    """Draws previews in a helper process it starts, restarts and kills as needed."""

    def __init__(self, command: tuple[str, ...] = COMMAND, timeout: float = TIMEOUT_S) -> None:
        self.command, self.timeout = command, timeout
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def draw(self, data: bytes, content_type: str) -> bytes:
        """The preview PNG; ValueError when the file cannot be drawn, helper failure included."""
        with self._lock:
            try:
                answer = self._ask(data, content_type)
            except (OSError, HelperFailed) as exc:
                log.warning("preview helper failed (%s): restarting it", exc)
                self.stop()
                raise ValueError("the preview could not be drawn") from exc
        if answer[:1] == DRAWN:
            return answer[1:]
        raise ValueError(answer[1:].decode(errors="replace"))

    @property
    def pid(self) -> int | None:
        """The running helper's process id (None before the first preview or after a failure)."""
        return self._process.pid if self._process is not None else None

    def stop(self) -> None:
        """Kill the helper, if any; the next preview starts a new one."""
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.wait(timeout=5)
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()

    def _ask(self, data: bytes, content_type: str) -> bytes:
        if self._process is not None and self._process.poll() is not None:
            self.stop()  # it died after its last answer: a new one, not a failed preview
        process = self._process or self._start()
        assert process.stdin is not None and process.stdout is not None
        deadline = time.monotonic() + self.timeout
        _write_all(process.stdin.fileno(), frame(content_type.encode()) + frame(data), deadline)
        fd = process.stdout.fileno()
        (size,) = LENGTH.unpack(_read_exactly(fd, LENGTH.size, deadline))
        return _read_exactly(fd, size, deadline)

    def _start(self) -> subprocess.Popen[bytes]:
        paths = [_PROJECT, *filter(None, [os.environ.get("PYTHONPATH")])]
        self._process = subprocess.Popen(  # noqa: S603 (our own module, no user input)
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
            close_fds=True,
        )
        assert self._process.stdin is not None
        os.set_blocking(self._process.stdin.fileno(), False)  # a hung helper cannot block a write
        return self._process


def _write_all(fd: int, data: bytes, deadline: float) -> None:
    view = memoryview(data)
    while view:
        _wait(fd, deadline, write=True)
        with contextlib.suppress(BlockingIOError):  # the pipe filled up since the wait
            view = view[os.write(fd, view[: 1 << 16]) :]


def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while size > 0:
        _wait(fd, deadline)
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise HelperFailed("the helper exited")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _wait(fd: int, deadline: float, *, write: bool = False) -> None:
    """Until the pipe can be read (or written); HelperFailed at the deadline."""
    remaining = deadline - time.monotonic()
    pipes = ([], [fd]) if write else ([fd], [])
    if remaining <= 0 or not any(select.select(*pipes, [], remaining)):
        raise HelperFailed("no answer in time")


HELPER = PreviewHelper()
