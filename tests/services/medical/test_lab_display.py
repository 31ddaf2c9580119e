"""How results read: values with the analyte's precision, Russian units, ranges, flags in words,
the change since the previous value, chart points, and the dashboard's recent counts."""

from __future__ import annotations

from datetime import timedelta

from gosapp.models.accounts import utcnow
from gosapp.services.medical import lab_display
from gosapp.services.medical.lab_query import LabScope
from tests.services.medical.setup import add_result, add_series


def test_a_row_reads_in_russian_with_the_flag_as_a_word(session, alice):
    row = add_result(session, alice, "GLU", 6.84)
    shown = lab_display.row_display(row)
    assert (shown["value"], shown["unit"], shown["range"]) == ("6,8", "ммоль/л", "3,9–6,1")
    assert (shown["flag"], shown["date"], shown["status"]) == ("H", "15.01.2026", "final")
    assert lab_display.FLAG_TEXTS[shown["flag"]] == "↑ выше нормы"  # the page's words for it
    assert lab_display.detail_display(row, None)["status"] == "окончательный"


def test_open_ranges_read_as_up_to_or_from():
    assert lab_display.range_text(None, 3.0, 2) == "до 3,00"
    assert lab_display.range_text(1.0, None, 2) == "от 1,00"
    assert lab_display.range_text(None, None, 1) == "—"


def test_the_change_since_the_previous_value_and_the_chart(session, alice):
    rows = add_series(session, alice, "GLU", [5.2, 5.6, 6.3], every_days=30)
    assert lab_display.change_since(rows[1], rows[0]) == "+0,4 ммоль/л с 15.01.2026"
    assert lab_display.change_since(rows[0], rows[1]).startswith("−0,4")
    assert lab_display.previous_of(rows, rows[2]) is rows[1]
    _, chart = lab_display.analyte_trend(session, LabScope(alice.id), "GLU")
    assert [p["abnormal"] for p in chart.points] == [None, None, 6.3]
    assert chart.display()["range"] == "3,9–6,1"


def test_the_dashboard_counts_the_last_30_days_only(session, alice, bob):
    now = utcnow()
    add_result(session, alice, "GLU", 7.0, now - timedelta(days=2))
    add_result(session, alice, "CHOL", 4.0, now - timedelta(days=29))
    add_result(session, alice, "CHOL", 9.0, now - timedelta(days=31))
    add_result(session, bob, "GLU", 9.0, now - timedelta(days=1))
    assert lab_display.recent_counts(session, alice.id, now) == (2, 1)
    summary = lab_display.recent_summary(session, alice.id, now)
    assert summary["text"] == "За 30 дней: 2 результата" and summary["abnormal"] == "1 вне нормы"
    assert lab_display.recent_summary(session, bob.id, now + timedelta(days=40))["text"] == ""


def test_an_open_range_is_shaded_from_zero_or_to_above_the_highest(session, alice):
    add_series(session, alice, "LDL", [2.0, 3.5])
    _, chart = lab_display.analyte_trend(session, LabScope(alice.id), "LDL")
    assert chart.shaded() == (0.0, 3.0) and chart.display()["range"] == "до 3,00"
