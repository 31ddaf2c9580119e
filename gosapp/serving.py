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
    if isinstance(AbstractServer.__dict__["__init__"], functools.partialmethod):
        return  # done already
    # A keyword the caller passes still wins over the one given here.
    AbstractServer.__init__ = functools.partialmethod(  # pyright: ignore[reportAttributeAccessIssue]
        AbstractServer.__init__, respawn_failed_workers=True
    )


__all__ = ["respawn_failed_workers"]
