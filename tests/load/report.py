"""A run's figures as a table on stdout, and as JSON for the notes and ``docs/scaling.md``."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from tests.load.runner import Memory
from tests.load.stats import Recorder, percentile, table
from tests.load.tally import TallyCheck, describe


def as_json(result: dict) -> dict:
    """The result with the recorder, memory and tally turned into plain values."""
    recorder: Recorder = result["recorder"]
    memory: Memory = result["memory"]
    tally: TallyCheck = result["tally"]
    seconds = result["window_seconds"]
    return {
        "config": result["config"],
        "cores": os.cpu_count(),
        "load_before": result["load_before"],
        "load_after": result["load_after"],
        "signed_in": result["signed_in"],
        "sign_in_seconds": round(result["sign_in_seconds"], 1),
        "window_seconds": round(seconds, 1),
        "events": recorder.events,
        "events_per_second": round(recorder.events / seconds, 1) if seconds else 0,
        "cores_used": result.get("cores_used"),
        "actions": [dataclasses.asdict(s) for s in recorder.summaries()],
        "errors": dict(recorder.errors),
        "reconnects": recorder.reconnects,
        "outages": _outages(recorder),
        "server_rss_mib": {
            "processes": memory.processes,
            "before": round(memory.before, 1),
            "connected": round(memory.connected, 1),
            "peak": round(memory.peak, 1),
            "per_session_kib": _round(memory.per_session_kib(result["signed_in"])),
        }
        if memory.ports
        else None,
        "tally": dataclasses.asdict(tally) | {"ok": tally.ok},
        "fault": result.get("fault"),
    }


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _outages(recorder: Recorder) -> dict:
    values = recorder.outages
    return {
        "count": len(values),
        "p50_s": round(percentile(values, 50), 2) if values else None,
        "max_s": round(max(values), 2) if values else None,
    }


def print_result(result: dict) -> None:
    """The figures of one run, as a person reads them."""
    data, recorder = as_json(result), result["recorder"]
    cfg = data["config"]
    print(
        f"\n=== {cfg['users']} users, {cfg['duration']:.0f} s (+{cfg['ramp']:.0f} s ramp), "
        f"think {cfg['think']} s, against {cfg['base_url']} ==="
    )
    before, after = data["load_before"][0], data["load_after"][0]
    print(f"load average (1 min) before {before:.2f}, after {after:.2f} on {data['cores']} cores")
    if before >= 0.5 * (data["cores"] or 1):
        print("NOTE: the machine was busy with other work: the figures are pessimistic.")
    print(
        f"signed in {data['signed_in']}/{cfg['users']} in {data['sign_in_seconds']} s "
        f"({cfg['sign_in_workers']} at a time, the real two-step flow)"
    )
    print(
        f"events: {data['events']} in {data['window_seconds']} s = "
        f"{data['events_per_second']} events/s (an order is two events)"
    )
    cores = data["cores_used"] or {}
    server = cores.get("server")
    server = "not measured" if server is None else server
    print(f"cores busy on average: server {server}, load client {cores.get('client')}")
    print(table(recorder.summaries(), result["window_seconds"]))
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(data["errors"].items())) or "none"
    print(f"errors: {errors}")
    out = data["outages"]
    print(
        f"reconnects: {data['reconnects']} attempts; {out['count']} users recovered "
        f"(p50 {out['p50_s']} s, max {out['max_s']} s)"
    )
    rss = data["server_rss_mib"]
    if rss and rss["per_session_kib"] is None:
        print(
            f"server RSS ({rss['processes']} processes): {rss['before']} MiB before sign-in, "
            f"peak {rss['peak']} MiB; gone at the end (per session not measured)"
        )
    elif rss:
        print(
            f"server RSS ({rss['processes']} processes): {rss['before']} MiB before sign-in, "
            f"{rss['connected']} MiB with all tabs open, peak {rss['peak']} MiB → "
            f"{rss['per_session_kib']} KiB per session"
        )
    else:
        print("server RSS: not on this host (not measured)")
    print(describe(result["tally"]))


def write_json(results: list[dict], path: Path) -> None:
    """All runs' figures into one JSON file."""
    path.write_text(json.dumps([as_json(r) for r in results], ensure_ascii=False, indent=2))


def print_fault(result: dict) -> None:
    """What users saw after the fault: errors, reconnects, time to a working page again."""
    fault, recorder = result.get("fault") or {}, result["recorder"]
    started = fault.get("started")
    details = {k: v for k, v in fault.items() if k != "started"}
    print(f"fault: {details}")
    if started is None:
        return
    after = [t for t in recorder.error_times if t >= started]
    back = sorted(t - started for t in recorder.recovered_times if t >= started)
    print(
        f"after the fault: {len(after)} errors, {recorder.reconnects} reconnect attempts, "
        f"{len(back)} users back; first back after "
        f"{f'{back[0]:.1f} s' if back else '-'}, last after {f'{back[-1]:.1f} s' if back else '-'}"
    )
