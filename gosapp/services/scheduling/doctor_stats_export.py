"""The doctor's statistics as CSV for Excel (UTF-8 with BOM, see ``common.csv_export``): the
chosen period's totals, weeks, hours and weekdays, audited as ``doctor_stats.export``. The same
owner rule as the page (``doctor_stats.statistics``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.csv_export import csv_bytes
from gosapp.services.scheduling import doctor_stats
from gosapp.services.scheduling.doctor_stats import DoctorStats, minutes_label, percent_label

HEADER = ["Раздел", "Показатель", "Значение"]
DAY = "%d.%m.%Y"
AVERAGE = "Средняя длительность приёма (по расписанию)"


def rows_of(stats: DoctorStats) -> list[list[str]]:
    """The statistics as «раздел; показатель; значение» rows."""
    period = stats.period
    busiest = stats.busiest
    rows = [
        ["Итого", "Период", f"{period.label} ({period.first:{DAY}}–{period.last:{DAY}})"],
        ["Итого", "Приёмы состоялись", str(stats.completed)],
        ["Итого", "Неявки", str(stats.no_show)],
        ["Итого", "Доля неявок", percent_label(stats.rate)],
        ["Итого", "Отменено", str(stats.cancelled)],
        ["Итого", AVERAGE, minutes_label(stats.average_minutes)],
        ["Итого", "Самый загруженный час", busiest.label if busiest else "—"],
    ]
    for week in stats.weeks:
        section = f"Неделя {week.monday:{DAY}}–{week.monday + timedelta(days=6):{DAY}}"
        rows += [
            [section, "Приёмы состоялись", str(week.completed)],
            [section, "Неявки", str(week.no_show)],
            [section, "Доля неявок", percent_label(week.rate)],
        ]
    rows += [["Приёмы по часам", h.label, str(h.visits)] for h in stats.hours]
    rows += [["Приёмы по дням недели", d.label, str(d.visits)] for d in stats.weekdays]
    return rows


def export_csv(
    *, session: Session, user: User, period: str, actor: Actor, now: datetime | None = None
) -> bytes:
    """The signed-in doctor's statistics of the current ``period`` as CSV."""
    stats = doctor_stats.statistics(
        session=session, viewer=user, doctor_id=user.id, period=period, now=now
    )
    rows = rows_of(stats)
    record(
        session=session,
        actor=actor,
        action="doctor_stats.export",
        object_type="user",
        object_id=user.id,
        details=f"csv, {period}, {len(rows)} rows",
    )
    return csv_bytes(HEADER, rows)
