"""The load package's pure parts (no server, no load): percentiles and the tally check."""

import math

import pytest

from tests.load.stats import Recorder, percentile
from tests.load.tally import OrderTally, check


def test_percentiles_are_nearest_rank_samples():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input


def test_percentile_of_nothing_is_nan_and_bad_q_is_refused():
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 0)


def test_recorder_summary_all_leaves_out_the_sign_in_phase():
    recorder = Recorder()
    recorder.done("(sign-in)", 5.0, events=0)
    recorder.done("filter /history", 0.010)
    recorder.done("order certificate", 0.030, events=2)
    rows = {row.kind: row for row in recorder.summaries()}
    assert rows["all"].count == 2
    assert rows["all"].p99_ms == pytest.approx(30)
    assert recorder.events == 3


def test_tally_with_every_accepted_order_held_once_is_ok():
    tally = OrderTally()
    tally.accept(1, "ОБР-2026-000001")
    tally.accept(2, "ОБР-2026-000002")
    result = check(tally, {1: ["ОБР-2026-000001"], 2: ["ОБР-2026-000002"]})
    assert result.ok and result.accepted == 2 and result.rows == 2


def test_tally_finds_a_lost_order_and_an_unexplained_extra_row():
    tally = OrderTally()
    tally.accept(1, "ОБР-2026-000001")
    tally.accept(2, "ОБР-2026-000002")
    rows = {1: [], 2: ["ОБР-2026-000002", "ОБР-2026-000003"]}
    result = check(tally, rows)
    assert result.lost == ["ОБР-2026-000001"]
    assert result.duplicated == ["ОБР-2026-000003"]
    assert not result.ok


def test_tally_lets_an_order_in_doubt_be_committed_or_not():
    tally = OrderTally()
    tally.doubt(1)  # sent, connection lost before the answer
    tally.doubt(2)
    result = check(tally, {1: ["ОБР-2026-000009"]})
    assert result.ok and result.doubt_committed == 1 and result.in_doubt == 2


def test_tallies_of_several_users_merge():
    total, one, two = OrderTally(), OrderTally(), OrderTally()
    one.accept(1, "ОБР-2026-000001")
    two.doubt(2)
    total.merge(one)
    total.merge(two)
    assert total.accepted == {1: ["ОБР-2026-000001"]} and total.in_doubt[2] == 1


def test_error_kinds_name_what_the_page_got():
    import json

    from tests.load.client import error_kind

    redirect = {"name": "_redirect", "payload": {"path": "/login?next=/history"}}
    assert error_kind(RuntimeError(f"the event was refused: {json.dumps(redirect)}")) == (
        "refused _redirect /login"
    )
    incident = {"name": "_redirect", "payload": {"path": "/error/2373DF26"}}
    assert error_kind(RuntimeError(f"the event was refused: {json.dumps(incident)}")) == (
        "refused _redirect /error/<id>"
    )
    assert error_kind(TimeoutError()) == "timeout"
    assert error_kind(ConnectionError("closed")) == "connection"
