"""``RecordState``: the signed-in patient's own health record under the applied filters.

Every handler is ``@guarded`` and reads the record of the session's user only
(``services.medical.record``); the one write (a recommendation «выполнено») names the patient
in its UPDATE. The record is in these vars only while the page is open.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.medical import record
from gosapp.state.auth import AuthMixin, guarded

ALL = "all"  # a select's «any» (Radix selects cannot hold "")
Row = dict[str, str]
DATE_INPUTS = {"date_from": "record-filter-from", "date_to": "record-filter-to"}
STATUS_CHOICES = (
    (ALL, "Все"),
    ("open", "Активные и предстоящие"),
    ("closed", "Закрытые и выполненные"),
)
DEFAULTS = {"from": "", "to": "", "diagnosis": ALL, "status": ALL}


def as_filter(applied: dict[str, str]) -> record.RecordFilter:
    """The page's applied values as the service's filter."""
    return record.parse_filter(
        {k: ("" if v == ALL else v) for k, v in applied.items()}  # "all" means no filter
    )


class RecordState(AuthMixin, rx.State):
    """«Моя карта здоровья»: sections as display dicts, the applied filters."""

    owner: rx.Field[int] = rx.field(0)
    visits: rx.Field[list[Row]] = rx.field(default_factory=list)
    diagnoses: rx.Field[list[Row]] = rx.field(default_factory=list)
    recommendations: rx.Field[list[Row]] = rx.field(default_factory=list)
    vaccinations: rx.Field[list[Row]] = rx.field(default_factory=list)
    allergies: rx.Field[list[Row]] = rx.field(default_factory=list)
    chronic: rx.Field[list[Row]] = rx.field(default_factory=list)
    diagnosis_options: rx.Field[list[Row]] = rx.field(default_factory=list)
    applied: rx.Field[dict[str, str]] = rx.field(default_factory=lambda: dict(DEFAULTS))
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    @rx.var
    def export_query(self) -> str:
        """The applied filters as the PDF link's query string."""
        return record.to_query(as_filter(self.applied))

    @rx.var
    def filtered(self) -> bool:
        """Whether any filter narrows the record (empty sections then say so)."""
        return any(self.applied.get(k, "") not in ("", ALL) for k in DEFAULTS)

    def _fetch(self, db: Session, user: User) -> None:
        rec = record.load(db, user.id, as_filter(self.applied))
        self.visits, self.diagnoses = rec.visits, rec.diagnoses
        self.recommendations, self.vaccinations = rec.recommendations, rec.vaccinations
        self.allergies, self.chronic = rec.allergies, rec.chronic
        self.diagnosis_options = rec.diagnosis_options
        self.owner = user.id

    def _reload(self) -> None:
        with self._signed_in() as (db, user):
            self._fetch(db, user)

    @rx.event
    @guarded
    def load(self):
        """The whole record; the URL's ``from``, ``to``, ``diagnosis``, ``status`` filter it."""
        flt = record.parse_filter(self.router.url.query_parameters)
        self.applied = {
            "from": flt.date_from.isoformat() if flt.date_from else "",
            "to": flt.date_to.isoformat() if flt.date_to else "",
            "diagnosis": flt.diagnosis or ALL,
            "status": flt.status or ALL,
        }
        self.errors = {}
        self._reload()

    @rx.event
    @guarded
    def apply_dates(self, form: dict):
        """The date range («Показать»); a bad date stays in its field with the error beside it."""
        values, errors = {}, {}
        for name, key in (("date_from", "from"), ("date_to", "to")):
            raw = str(form.get(name) or "").strip()[:40]
            try:
                values[key] = parse_date(raw, name).isoformat() if raw else ""
            except Invalid as exc:
                errors[name] = exc.message
        if not errors and values["from"] and values["to"] and values["from"] > values["to"]:
            errors["date_to"] = "Дата «по» раньше даты «с»"
        self.errors = errors
        if errors:
            return
        self.applied = {**self.applied, **values}
        self._reload()

    @rx.event
    @guarded
    def choose(self, field: str, value: str):
        """A diagnosis or a status picked: applied at once."""
        value = str(value)[:8]
        allowed = {
            "status": {code for code, _ in STATUS_CHOICES},
            "diagnosis": {ALL} | {o["code"] for o in self.diagnosis_options},
        }
        if field not in allowed or value not in allowed[field]:
            return rx.toast.error("Выберите значение из списка")
        self.applied = {**self.applied, field: value}
        self._reload()
        return None

    @rx.event
    @guarded
    def reset_filters(self):
        """The whole record again."""
        self.applied, self.errors = dict(DEFAULTS), {}
        self._reload()
        return [rx.set_value(i, "") for i in DATE_INPUTS.values()]

    @rx.event
    @guarded
    def mark_done(self, recommendation_id: str):
        """«Выполнено» for one of the patient's own recommendations."""
        try:
            with self._signed_in(write=True) as (db, user):
                changed = record.mark_done(
                    session=db,
                    patient=user,
                    recommendation_id=recommendation_id,
                    actor=self._actor(user),
                )
        except DomainError as exc:
            self._reload()
            return rx.toast.error(exc.message)
        self._reload()
        return rx.toast.success("Отмечено: выполнено" if changed else "Уже отмечено")
