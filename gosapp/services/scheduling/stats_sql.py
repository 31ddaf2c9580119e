"""Date arithmetic in SQL that reads the same on SQLite and PostgreSQL, for the doctor's
statistics (``doctor_stats``): a UTC timestamp moved to the clinic's local wall-clock time, its
local date, the Monday of its week, its hour and weekday, and a visit's length in minutes.

Appointment times are stored in UTC (PostgreSQL: ``timestamptz``; SQLite: naive UTC text). On
PostgreSQL the local time is ``timezone(Clinic.timezone, starts_at)`` — the zone database,
exact for any date. SQLite has no zone database, so the local time there is the UTC text plus
the zone's offset at ``moment`` (one offset per zone, chosen in Python): exact for zones
without daylight saving, which is every Russian zone since 2014.

Weeks run Monday to Sunday and are keyed by their Monday, so a week across New Year is one
bucket. Expressions that are grouped by carry no bound parameters (see ``_text``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date as DATE_TYPE
from sqlalchemy import Integer, Numeric, case, cast, extract, func, literal, literal_column
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment

Moment = Any  # a UTC timestamp column (``col(Appointment.starts_at)``)


@dataclass(frozen=True)
class LocalClock:
    """Builds the local-time expressions for one dialect (``postgresql`` or ``sqlite``)."""

    dialect: str
    offsets: dict[str, int]  # zone name → minutes east of UTC (SQLite only)

    @property
    def postgres(self) -> bool:
        """Whether the database is PostgreSQL (else SQLite)."""
        return self.dialect == "postgresql"

    def local(self, moment: Moment) -> ColumnElement:
        """``moment`` (UTC) as the clinic's wall-clock time; needs ``Clinic`` in the query."""
        if self.postgres:
            return func.timezone(Clinic.timezone, moment)
        whens = {zone: _text(f"{minutes:+d} minutes") for zone, minutes in self.offsets.items()}
        none = _text("+0 minutes")
        shift = case(whens, value=Clinic.timezone, else_=none) if whens else none
        return func.datetime(moment, shift)

    def day(self, moment: Moment) -> ColumnElement:
        """The local date (PostgreSQL: a date; SQLite: ``YYYY-MM-DD`` text)."""
        local = self.local(moment)
        return cast(local, DATE_TYPE) if self.postgres else func.date(local)

    def day_literal(self, day: date) -> ColumnElement:
        """``day`` in the form ``day()`` compares with."""
        return literal(day) if self.postgres else literal(day.isoformat())

    def week(self, moment: Moment) -> ColumnElement:
        """The Monday of the local week."""
        local = self.local(moment)
        if self.postgres:
            return cast(func.date_trunc(_text("week"), local), DATE_TYPE)
        # the next Sunday (or this one), six days back
        return func.date(local, _text("weekday 0"), _text("-6 days"))

    def hour(self, moment: Moment) -> ColumnElement:
        """The local hour, 0–23."""
        local = self.local(moment)
        if self.postgres:
            return cast(extract("hour", local), Integer)
        return cast(func.strftime(_text("%H"), local), Integer)

    def weekday(self, moment: Moment) -> ColumnElement:
        """The local weekday, 0 = Sunday … 6 = Saturday on both (``monday_first`` turns it)."""
        local = self.local(moment)
        if self.postgres:
            return cast(extract("dow", local), Integer)
        return cast(func.strftime(_text("%w"), local), Integer)

    def minutes(self) -> ColumnElement:
        """The appointment's booked length (``ends_at - starts_at``) in minutes."""
        if self.postgres:
            seconds = extract("epoch", col(Appointment.ends_at) - col(Appointment.starts_at))
            return cast(seconds, Numeric) / 60
        return (
            func.julianday(col(Appointment.ends_at)) - func.julianday(col(Appointment.starts_at))
        ) * 1440


def clock_for(session: Session, zones: list[str], moment: datetime) -> LocalClock:
    """The clock for ``session``'s database; SQLite offsets are taken at ``moment``."""
    dialect = session.get_bind().dialect.name
    offsets = {zone: _offset_minutes(zone, moment) for zone in zones}
    return LocalClock(dialect, offsets)


def _offset_minutes(zone: str, moment: datetime) -> int:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    offset = aware.astimezone(ZoneInfo(zone)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def monday_first(sunday_first: int) -> int:
    """A ``weekday()`` value as 0 = Monday … 6 = Sunday."""
    return (int(sunday_first) + 6) % 7


def _text(value: str) -> ColumnElement:
    """A constant written into the SQL, not bound: PostgreSQL matches a GROUP BY expression to
    the selected one only when both are spelled the same, and two bound parameters are not."""
    if "'" in value:
        raise ValueError(value)
    return literal_column(f"'{value}'")


def as_date(value: object) -> date:
    """A ``week()``/``day()`` value (a date, a datetime or ISO text) as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
