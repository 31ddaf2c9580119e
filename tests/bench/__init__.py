"""Benchmarks: ``python -m tests.bench`` (``make bench``) runs every ``bench_*`` module here.

They print figures and ratios; none of them passes or fails, and pytest does not collect them.
Importing this package points gosapp at a throw-away data folder in demo mode: gosapp reads its
settings once per process, so this must happen before anything imports gosapp.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

BENCH_DIR = Path(tempfile.mkdtemp(prefix="gosapp-bench-"))
os.environ.update(GOSAPP_DEMO="1", GOSAPP_DATA_DIR=str(BENCH_DIR / "data"))
for _name in ("GOSAPP_DATABASE_URL", "GOSAPP_SECRET_KEY"):
    os.environ.pop(_name, None)
atexit.register(shutil.rmtree, BENCH_DIR, ignore_errors=True)
