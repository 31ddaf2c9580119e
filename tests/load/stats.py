"""What the virtual users saw, counted: latencies by kind, errors by kind, reconnects, outages.

Pure Python and thread-safe (one lock): every virtual user records into the same ``Recorder``.
The percentiles are nearest-rank (the value below which ``q`` % of the samples lie, always one
of the samples), which is what a load report means by p95 and needs no interpolation.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 < q <= 100) of ``values``; NaN when empty."""
    if not values:
        return math.nan
    if not 0 < q <= 100:
        raise ValueError(f"percentile {q} is outside (0, 100]")
    ordered = sorted(values)
    rank = math.ceil(q / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


@dataclass(frozen=True)
class KindSummary:
    """One kind of action: how many completed, and its latency percentiles in milliseconds."""

    kind: str
    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float


def summarise(kind: str, seconds: list[float]) -> KindSummary:
    """Count and p50/p95/p99 (ms) of one kind's latencies."""
    ms = [s * 1000 for s in seconds]
    return KindSummary(kind, len(ms), percentile(ms, 50), percentile(ms, 95), percentile(ms, 99))


@dataclass
class Recorder:
    """Everything the virtual users report, under one lock.

    ``events`` counts Reflex events sent and answered (an order is two: ``choose`` then
    ``submit``); ``latencies`` holds one sample per completed action, by kind.
    """

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    events: int = 0
    reconnects: int = 0
    outages: list[float] = field(default_factory=list)  # seconds from an error to recovery
    recovered_times: list[float] = field(default_factory=list)  # monotonic clock
    error_times: list[float] = field(default_factory=list)  # monotonic clock, for fault runs
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def done(self, kind: str, seconds: float, events: int = 1) -> None:
        """One action completed in ``seconds``."""
        with self._lock:
            self.latencies[kind].append(seconds)
            self.events += events

    def error(self, kind: str, at: float) -> None:
        """One action failed with an error of ``kind`` at monotonic time ``at``."""
        with self._lock:
            self.errors[kind] += 1
            self.error_times.append(at)

    def reconnect_attempt(self) -> None:
        """A user tried to reconnect (counted whether or not it worked)."""
        with self._lock:
            self.reconnects += 1

    def recovered(self, outage: float) -> None:
        """A user got a working connection back ``outage`` seconds after the error."""
        with self._lock:
            self.outages.append(outage)
            self.recovered_times.append(time.monotonic())

    def summaries(self) -> list[KindSummary]:
        """One summary per kind, then ``all`` over every action (``(sign-in)`` and other
        bracketed phases are shown but not in ``all``)."""
        with self._lock:
            kinds = {k: list(v) for k, v in self.latencies.items()}
        rows = [summarise(k, v) for k, v in sorted(kinds.items())]
        timed = [s for k, v in kinds.items() if not k.startswith("(") for s in v]
        return [*rows, summarise("all", timed)]


def format_ms(value: float) -> str:
    """Milliseconds for the table (``-`` when there were no samples)."""
    return "-" if math.isnan(value) else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def table(rows: list[KindSummary], seconds: float) -> str:
    """The latency table: kind, count, actions/s, p50, p95, p99."""
    lines = [f"  {'action':<22}{'count':>7}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"]
    for r in rows:
        rate = r.count / seconds if seconds > 0 else 0.0
        lines.append(
            f"  {r.kind:<22}{r.count:>7}{rate:>8.1f}{format_ms(r.p50_ms):>9}"
            f"{format_ms(r.p95_ms):>9}{format_ms(r.p99_ms):>9}"
        )
    return "\n".join(lines)
