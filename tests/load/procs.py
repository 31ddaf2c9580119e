"""The server's processes on this host, found by the port they listen on, and their memory.

Linux only, from ``/proc``: the listening socket's inode from ``/proc/net/tcp{,6}``, the
processes holding it from ``/proc/<pid>/fd``, and their descendants (workers forked after the
socket was opened hold it too; a worker started by a supervisor may not, so children count).
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp


def listening_inodes(port: int) -> set[str]:
    """Inodes of the sockets listening on ``port`` (any address, IPv4 or IPv6)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == LISTEN and int(local.rpartition(":")[2], 16) == port:
                    inodes.add(inode)
    return inodes


def holders(inodes: set[str]) -> set[int]:
    """Processes with one of these sockets open."""
    wanted = {f"socket:[{inode}]" for inode in inodes}
    pids: set[int] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in wanted:
                        pids.add(int(proc.name))
                        break
    return pids


def children(pid: int) -> set[int]:
    """Direct children of ``pid``."""
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def server_pids(port: int) -> set[int]:
    """The processes serving ``port`` on this host: holders of the socket and their descendants."""
    pids = holders(listening_inodes(port))
    todo = list(pids)
    while todo:
        for child in children(todo.pop()) - pids:
            pids.add(child)
            todo.append(child)
    return pids


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` in KiB (0 when it is gone)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def total_rss_mib(pids: set[int]) -> float:
    """Resident memory of these processes together, MiB (shared pages counted per process)."""
    return sum(rss_kib(pid) for pid in pids) / 1024


def workers(port: int) -> list[int]:
    """The processes that serve ``port`` and have no child of their own (the workers)."""
    pids = server_pids(port)
    return sorted(pid for pid in pids if not children(pid) & pids)


def kill_hard(pid: int) -> None:
    """``kill -9`` one process (nothing if it is already gone)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def cpu_seconds(pids: set[int]) -> float:
    """User + system CPU time these processes have used so far, seconds."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            # the command name may hold spaces: the fields after its closing parenthesis
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")
