"""Keyset paging of lab results: every sort walks every matching row exactly once, ties
included, and no page ever reaches another patient's rows."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from gosapp.models.labs import LabFlag
from gosapp.services.common.errors import Invalid
from gosapp.services.medical import analytes
from gosapp.services.medical.lab_query import (
    LabFilter,
    LabScope,
    SortKey,
    iter_all,
    search,
    series,
)
from gosapp.services.medical.lab_results import build_result
from tests.factories import make_user
from tests.services.medical.setup import START, add_result, add_series

CODES = ["GLU", "HGB", "CHOL", "ALT", "TSH"]


@pytest.fixture
def history(session, alice):
    """60 results of alice, 20 of them at one shared moment (ties), and bob's results."""
    rng = random.Random(7)
    for n in range(60):
        moment = START if n < 20 else START + timedelta(hours=n)
        add_result(session, alice, rng.choice(CODES), round(rng.uniform(1, 200), 1), moment)
    bob = make_user(session)
    for n in range(10):
        add_result(session, bob, "GLU", 9.9, START + timedelta(hours=n))
    return alice


def walk(session, scope, flt, limit):
    seen, after = [], None
    while True:
        page = search(session, scope, flt, after=after, limit=limit)
        seen.extend(page.rows)
        if page.next_cursor is None:
            return seen
        after = page.next_cursor


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_walk_every_row_once_in_order(session, history, sort, descending):
    flt = LabFilter(sort=sort, descending=descending)
    seen = walk(session, LabScope(history.id), flt, limit=7)
    assert len(seen) == 60 and len({r.id for r in seen}) == 60
    assert all(r.patient_id == history.id for r in seen)
    keys = {
        SortKey.DATE: lambda r: (r.taken_at, r.id),
        SortKey.NAME: lambda r: (r.analyte_name, r.taken_at, r.id),
        SortKey.VALUE: lambda r: (r.value, r.id),
    }[sort]
    assert [r.id for r in seen] == [r.id for r in sorted(seen, key=keys, reverse=descending)]
    assert [r.id for r in iter_all(session, LabScope(history.id), flt, batch=9)] == [
        r.id for r in seen
    ]


def test_filters_combine(session, alice):
    add_result(session, alice, "GLU", 7.9, START)  # ↑
    add_result(session, alice, "GLU", 5.0, START + timedelta(days=40))
    add_result(session, alice, "HGB", 100, START + timedelta(days=41))  # ↓ for a woman
    scope = LabScope(alice.id)
    only_high = search(session, scope, LabFilter(abnormal_only=True, analyte="GLU")).rows
    assert [(r.value, r.flag) for r in only_high] == [(7.9, LabFlag.HIGH)]
    in_range = LabFilter(date_from=date(2026, 2, 1), date_to=date(2026, 2, 25))
    assert {r.analyte_code for r in search(session, scope, in_range).rows} == {"GLU", "HGB"}
    cbc = search(session, scope, LabFilter(panel="cbc")).rows
    assert [r.analyte_code for r in cbc] == ["HGB"]
    # Cyrillic free text, in any case (SQLite's lower() would not fold it).
    assert len(search(session, scope, LabFilter(text="ГЕМОГЛОБ")).rows) == 1


def test_bad_filters_say_which_field(session):
    with pytest.raises(Invalid) as wrong_order:
        LabFilter(date_from=date(2026, 3, 1), date_to=date(2026, 2, 1))
    assert wrong_order.value.field == "date_from"
    with pytest.raises(Invalid):
        search(session, LabScope(1), LabFilter(), after=("2026-01-01",))


def test_page_size_is_capped(session, history):
    assert len(search(session, LabScope(history.id), LabFilter(), limit=10_000).rows) == 60
    assert len(search(session, LabScope(history.id), LabFilter(), limit=0).rows) == 1


def test_series_is_oldest_first(session, alice):
    add_series(session, alice, "CHOL", [5.0, 5.4, 6.1])
    assert [r.value for r in series(session, LabScope(alice.id), "CHOL")] == [5.0, 5.4, 6.1]


def test_build_result_takes_the_range_for_sex_and_age(session, alice):
    man = make_user(session, sex="M", birth_date=date(1990, 1, 1))
    child = make_user(session, birth_date=date(2020, 6, 1))
    assert (build_result(man, "HGB", 125, START).flag, alice.user.sex) == (LabFlag.LOW, "F")
    assert build_result(alice.user, "HGB", 125, START).flag == LabFlag.NORMAL
    assert build_result(child, "HGB", 112, START).ref_low == 110
    assert analytes.analyte("HGB").format(125.0) == "125"
    with pytest.raises(Invalid):
        build_result(alice.user, "HGB", float("nan"), START)


def test_url_parameters_round_trip():
    from urllib.parse import parse_qsl

    from gosapp.services.medical.lab_params import to_filter, to_query

    flt = LabFilter(panel="cbc", date_from=date(2026, 1, 2), text="гемо", sort=SortKey.VALUE)
    query = to_query(flt, patient_id=12)
    params = dict(parse_qsl(query))
    assert params["patient"] == "12" and to_filter(params) == flt
    assert to_query(LabFilter()) == "" and to_filter({}) == LabFilter()
    with pytest.raises(Invalid) as bad:
        to_filter({"from": "31.02.2026"})
    assert bad.value.field == "date_from"
