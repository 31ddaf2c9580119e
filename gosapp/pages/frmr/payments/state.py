"""The payments page's state: the worker's own payments of the months in the address
(``?from=2026-01&to=2026-12``), their totals, and the picker's values. Guarded by the doctor
role; the service checks it again and reads only the worker's own rows."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

import reflex as rx

from gosapp import routes
from gosapp.models.accounts import Role, utcnow
from gosapp.services.common.errors import Invalid
from gosapp.services.common.months import MonthRange
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import payments
from gosapp.state.auth import AuthMixin, guarded

DOCTOR = Role.DOCTOR
YEARS_BACK = 5
FIELDS = ("from_month", "from_year", "to_month", "to_year")  # the picker's selects


def _picked(period: MonthRange) -> dict[str, str]:
    return {
        "from_month": f"{period.start.month:02d}",
        "from_year": str(period.start.year),
        "to_month": f"{period.end.month:02d}",
        "to_year": str(period.end.year),
    }


def _texts(rows: list) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in asdict(r).items()} for r in rows]


class WorkerPaymentsState(AuthMixin, rx.State):
    """What the page shows; ``owner`` is whose it is (the page shows it only to them)."""

    owner: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")
    picked: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    years: rx.Field[list[str]] = rx.field(default_factory=list)
    query: rx.Field[str] = rx.field("")  # the shown months, for the export links
    title: rx.Field[str] = rx.field("")
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    by_month: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    by_type: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    sums: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """The months of the address (a bad address: the last twelve months and why)."""
        today = local_date(utcnow())
        try:
            period = payments.parse_period(self.router.url.query_parameters, today)
            self.error = ""
        except Invalid as exc:
            period, self.error = payments.default_range(today), exc.message
        with self._signed_in(DOCTOR) as (db, user):
            found = payments.statement(session=db, user=user, period=period)
            self.owner = user.id
        first = min(today.year - YEARS_BACK, period.start.year)
        self.years = [str(y) for y in range(max(today.year, period.end.year), first - 1, -1)]
        self.picked, self.query = _picked(period), urlencode(period.query())
        self.title = period.title
        self.rows, self.by_month = _texts(found.rows), _texts(found.by_month)
        self.by_type = _texts(found.by_type)
        self.sums = {"accrued": found.accrued, "paid": found.paid, "waiting": found.waiting}
        self.loaded = True

    @rx.event
    @guarded(DOCTOR)
    def show(self, form: dict):
        """«Показать»: the picked months become the address (a reload keeps them)."""
        values = {k: str(form.get(k, "") or "")[:4] for k in FIELDS}
        query = {
            "from": f"{values['from_year']}-{values['from_month']}",
            "to": f"{values['to_year']}-{values['to_month']}",
        }
        try:
            period = payments.parse_period(query, local_date(utcnow()))
        except Invalid as exc:
            self.error = exc.message
            return None
        self.error = ""
        return rx.redirect(f"{routes.FRMR_PAYMENTS}?{urlencode(period.query())}")
