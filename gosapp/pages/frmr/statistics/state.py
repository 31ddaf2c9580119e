"""The statistics section's state: the chosen period and the signed-in doctor's own numbers,
as chart rows and as text (the charts are not the only way to read them).

Only aggregate counts of the doctor's own visits reach the page, never a patient. The handlers
are guarded by the doctor role, and the service checks again that the doctor reads their own.
"""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import Role
from gosapp.services.common.errors import DomainError
from gosapp.services.scheduling import doctor_stats
from gosapp.services.scheduling.doctor_stats import DoctorStats, minutes_label, percent_label
from gosapp.state.auth import AuthMixin, guarded

DOCTOR = Role.DOCTOR
Row = dict[str, str | int | None]


def _figures(stats: DoctorStats) -> dict[str, str]:
    busiest = stats.busiest
    return {
        "period": stats.period.label,
        "completed": str(stats.completed),
        "no_show": str(stats.no_show),
        "rate": percent_label(stats.rate),
        "cancelled": str(stats.cancelled),
        "average": minutes_label(stats.average_minutes),
        "busiest": busiest.label if busiest else "—",
        "busiest_visits": str(busiest.visits) if busiest else "0",
    }


def _weeks(stats: DoctorStats) -> list[Row]:
    return [
        {
            "week": f"{w.monday:%d.%m}",
            "label": w.label,
            "completed": w.completed,
            "no_show": w.no_show,
            "rate": None if w.rate is None else round(w.rate * 100),
            "rate_label": percent_label(w.rate),
        }
        for w in stats.weeks
    ]


class DoctorStatsState(AuthMixin, rx.State):
    """The chosen period (``month``, ``quarter``, ``year``) and what the section shows."""

    period: rx.Field[str] = rx.field("month")
    loaded: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")
    figures: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    weeks: rx.Field[list[Row]] = rx.field(default_factory=list)
    hours: rx.Field[list[Row]] = rx.field(default_factory=list)
    weekdays: rx.Field[list[Row]] = rx.field(default_factory=list)
    marked: rx.Field[int] = rx.field(0)  # held visits and no-shows in the period

    def _reload(self) -> None:
        try:
            with self._signed_in(DOCTOR) as (db, user):
                stats = doctor_stats.statistics(
                    session=db, viewer=user, doctor_id=user.id, period=self.period
                )
        except DomainError as exc:
            self.error, self.loaded = exc.message, True
            return
        self.error, self.loaded = "", True
        self.figures, self.weeks = _figures(stats), _weeks(stats)
        self.hours = [
            {"hour": f"{h.hour:02d}", "label": h.label, "visits": h.visits} for h in stats.hours
        ]
        self.weekdays = [{"day": d.label, "visits": d.visits} for d in stats.weekdays]
        self.marked = stats.completed + stats.no_show

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """The section mounted: this month."""
        self.period = "month"
        self._reload()

    @rx.event
    @guarded(DOCTOR)
    def choose(self, period: str):
        """«Месяц», «Квартал» or «Год»."""
        if period not in doctor_stats.PERIODS:
            return
        self.period = period
        self._reload()
