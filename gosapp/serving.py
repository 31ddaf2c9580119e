"""How the production server treats its workers, set where Reflex gives no setting for it.

Reflex 0.10 builds Granian's server (``reflex/utils/exec.py``, ``run_granian_backend_prod``)
without ``respawn_failed_workers``, so one worker killed (the OOM killer, a ``kill -9``) stops
the whole host. ``respawn_failed_workers`` makes Granian's supervisor start a new worker
instead; its own crash-loop guard still stops a worker that dies again within seconds.
``rxconfig.py`` calls this, in the process that builds the server, before it is built.
"""

from __future__ import annotations

import functools


def respawn_failed_workers() -> None:
    """Make Granian servers respawn failed workers unless told otherwise (idempotent)."""
    try:
        from granian.server.common import AbstractServer
    except ImportError:  # another server (uvicorn) or an older Granian: nothing to change
        return
    init = AbstractServer.__init__
    if getattr(init, "gosapp_respawn", False):
        return

    @functools.wraps(init)
    def with_respawn(self, *args, **kwargs) -> None:
        kwargs.setdefault("respawn_failed_workers", True)
        init(self, *args, **kwargs)

    with_respawn.gosapp_respawn = True  # pyright: ignore[reportFunctionMemberAccess]
    AbstractServer.__init__ = with_respawn


__all__ = ["respawn_failed_workers"]
