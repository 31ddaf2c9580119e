"""The doctor's statistics (SPEC §3, seed 003 «Статистические отчёты по оказанным услугам»):
visits per week (held and no-shows), the no-show rate, the average visit length and the busiest
hours and weekdays, for the current month, quarter or year.

Counted in SQL (GROUP BY on both databases, see ``stats_sql``) over the appointments of the
resources linked to the doctor (``Resource.user_id``), in each clinic's local time — the time
the workplace shows. A visit counts once the doctor marked it: «состоялся» (completed) or
«неявка» (no_show); the no-show rate is no-shows over both. Cancelled visits are only counted.

The visit length is the booked slot (``ends_at - starts_at``) of held visits: the visit record
(``VisitNote``) keeps no actual start and finish, and the page says so.

Only the doctor themselves sees their statistics: ``statistics`` refuses anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.common.months import MONTHS
from gosapp.services.scheduling import workplace
from gosapp.services.scheduling.display import WEEKDAYS
from gosapp.services.scheduling.stats_sql import LocalClock, as_date, clock_for, monday_first

A = AppointmentStatus
PERIODS = {"month": "Месяц", "quarter": "Квартал", "year": "Год"}
QUARTERS = ("I", "II", "III", "IV")
COUNTED = (A.COMPLETED, A.NO_SHOW)
NOT_YOURS = "Статистика приёмов видна только самому врачу"


@dataclass(frozen=True)
class Period:
    """The current month, quarter or year of the doctor's local calendar."""

    key: str
    first: date
    last: date
    label: str  # «декабрь 2026», «IV квартал 2026», «2026 год»


@dataclass(frozen=True)
class WeekRow:
    """One Monday-to-Sunday week (keyed by its Monday)."""

    monday: date
    completed: int
    no_show: int

    @property
    def label(self) -> str:
        """«29.12–04.01»."""
        return f"{self.monday:%d.%m}–{self.monday + timedelta(days=6):%d.%m}"

    @property
    def rate(self) -> float | None:
        """No-shows over the week's marked visits; None without any."""
        return _rate(self.completed, self.no_show)


@dataclass(frozen=True)
class HourRow:
    """Visits (held and no-shows) starting in one local hour."""

    hour: int
    visits: int

    @property
    def label(self) -> str:
        """«09:00–10:00»."""
        return f"{self.hour:02d}:00–{self.hour + 1:02d}:00"


@dataclass(frozen=True)
class WeekdayRow:
    """Visits (held and no-shows) on one weekday, 0 = Monday."""

    weekday: int
    visits: int

    @property
    def label(self) -> str:
        """«пн»."""
        return WEEKDAYS[self.weekday]


@dataclass(frozen=True)
class DoctorStats:
    """Everything the statistics section and its CSV show."""

    period: Period
    completed: int = 0
    no_show: int = 0
    cancelled: int = 0
    average_minutes: float | None = None
    weeks: list[WeekRow] = field(default_factory=list)
    hours: list[HourRow] = field(default_factory=list)  # only hours with visits, in order
    weekdays: list[WeekdayRow] = field(default_factory=list)  # Monday … Sunday

    @property
    def rate(self) -> float | None:
        """No-shows over marked visits; None without any."""
        return _rate(self.completed, self.no_show)

    @property
    def busiest(self) -> HourRow | None:
        """The hour with most visits (the earlier one on a tie)."""
        return max(self.hours, key=lambda h: (h.visits, -h.hour)) if self.hours else None


def _rate(completed: int, no_show: int) -> float | None:
    total = completed + no_show
    return no_show / total if total else None


def percent_label(rate: float | None) -> str:
    """«12 %», «—» without visits."""
    return "—" if rate is None else f"{round(rate * 100)} %"


def minutes_label(minutes: float | None) -> str:
    """«20 мин», «17,5 мин», «—»."""
    if minutes is None:
        return "—"
    value = round(minutes, 1)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{text} мин"


def period_of(key: str, today: date) -> Period:
    """The current ``month``, ``quarter`` or ``year`` around ``today``."""
    if key == "month":
        first = today.replace(day=1)
        last = _next_month(first) - timedelta(days=1)
        return Period(key, first, last, f"{MONTHS.split()[today.month - 1]} {today.year}")
    if key == "quarter":
        index = (today.month - 1) // 3
        first = date(today.year, index * 3 + 1, 1)
        last = _next_month(date(today.year, index * 3 + 3, 1)) - timedelta(days=1)
        return Period(key, first, last, f"{QUARTERS[index]} квартал {today.year}")
    if key == "year":
        return Period(key, date(today.year, 1, 1), date(today.year, 12, 31), f"{today.year} год")
    raise Invalid("period", "Выберите период: месяц, квартал или год")


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def statistics(
    *, session: Session, viewer: User, doctor_id: int, period: str, now: datetime | None = None
) -> DoctorStats:
    """The statistics of doctor ``doctor_id`` for the current ``period`` (month, quarter,
    year), for that doctor only (NotAllowed for anyone else, Invalid for another period)."""
    if viewer.id != doctor_id:
        raise NotAllowed(NOT_YOURS)
    workplace.require_doctor(session, viewer)
    now = now or utcnow()
    chosen = period_of(period, workplace.today(session, viewer, now))
    zones = list(
        session.exec(
            select(Clinic.timezone)
            .join(Resource, col(Resource.clinic_id) == Clinic.id)
            .where(col(Resource.user_id) == doctor_id)
            .distinct()
        )
    )
    clock = clock_for(session, zones, datetime.combine(chosen.first, time(12), tzinfo=UTC))
    query = _Query(session, clock, doctor_id, chosen)
    totals = query.totals()
    return DoctorStats(
        period=chosen,
        completed=totals.get(A.COMPLETED, 0),
        no_show=totals.get(A.NO_SHOW, 0),
        cancelled=totals.get(A.CANCELLED, 0),
        average_minutes=query.average_minutes(),
        weeks=query.weeks(min(chosen.last, workplace.today(session, viewer, now))),
        hours=query.hours(),
        weekdays=query.weekdays(),
    )


@dataclass(frozen=True)
class _Query:
    """The GROUP BY queries of one doctor's period."""

    session: Session
    clock: LocalClock
    doctor_id: int
    period: Period

    def _where(self, *statuses: AppointmentStatus) -> list[ColumnElement[bool]]:
        # A loose UTC window (any zone is within a day of UTC) narrows by index; the local
        # dates decide.
        since = datetime.combine(self.period.first, time(0), tzinfo=UTC) - timedelta(days=1)
        until = datetime.combine(self.period.last, time(0), tzinfo=UTC) + timedelta(days=2)
        day = self.clock.day(col(Appointment.starts_at))
        return [
            col(Resource.user_id) == self.doctor_id,
            col(Appointment.status).in_(statuses or COUNTED),
            col(Appointment.starts_at) >= since,
            col(Appointment.starts_at) < until,
            day >= self.clock.day_literal(self.period.first),
            day <= self.clock.day_literal(self.period.last),
        ]

    def _grouped(self, key: Any, *statuses: AppointmentStatus) -> list[tuple]:
        label = key.label("bucket")
        rows = self.session.exec(
            select(label, Appointment.status, func.count())
            .select_from(Appointment)
            .join(Resource, col(Resource.id) == Appointment.resource_id)
            .join(Clinic, col(Clinic.id) == Resource.clinic_id)
            .where(*self._where(*statuses))
            .group_by(label, Appointment.status)
        ).all()
        return [tuple(row) for row in rows]

    def totals(self) -> dict[AppointmentStatus, int]:
        rows = self._grouped(col(Appointment.resource_id), *COUNTED, A.CANCELLED)
        totals: dict[AppointmentStatus, int] = {}
        for _, status, count in rows:
            totals[A(status)] = totals.get(A(status), 0) + int(count)
        return totals

    def average_minutes(self) -> float | None:
        value = self.session.exec(
            select(func.avg(self.clock.minutes()))
            .select_from(Appointment)
            .join(Resource, col(Resource.id) == Appointment.resource_id)
            .join(Clinic, col(Clinic.id) == Resource.clinic_id)
            .where(*self._where(A.COMPLETED))
        ).one()
        return None if value is None else float(value)

    def weeks(self, until: date) -> list[WeekRow]:
        """Every week from the period's first to ``until``, empty ones too."""
        counts: dict[tuple[date, str], int] = {}
        for bucket, status, count in self._grouped(self.clock.week(col(Appointment.starts_at))):
            counts[(as_date(bucket), str(status))] = int(count)
        monday = self.period.first - timedelta(days=self.period.first.weekday())
        rows = []
        while monday <= until:
            done = counts.get((monday, A.COMPLETED.value), 0)
            rows.append(WeekRow(monday, done, counts.get((monday, A.NO_SHOW.value), 0)))
            monday += timedelta(days=7)
        return rows

    def hours(self) -> list[HourRow]:
        counts: dict[int, int] = {}
        for bucket, _, count in self._grouped(self.clock.hour(col(Appointment.starts_at))):
            counts[int(bucket)] = counts.get(int(bucket), 0) + int(count)
        return [HourRow(hour, counts[hour]) for hour in sorted(counts)]

    def weekdays(self) -> list[WeekdayRow]:
        counts = dict.fromkeys(range(7), 0)
        for bucket, _, count in self._grouped(self.clock.weekday(col(Appointment.starts_at))):
            counts[monday_first(bucket)] += int(count)
        return [WeekdayRow(day, visits) for day, visits in counts.items()]
