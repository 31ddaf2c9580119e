"""«Найти пациента»: the doctor's search of their own patients (those with a visit with them),
by name; each hit links to the patient's card. A component the workplace page shows."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.models.accounts import Role
from gosapp.services.medical.visit_record_card import my_patients
from gosapp.state.auth import AuthMixin, guarded

Row = dict[str, str]


class PatientSearchState(AuthMixin, rx.State):
    """The hits of the doctor's search (their own patients only)."""

    hits: rx.Field[list[Row]] = rx.field(default_factory=list)
    searched: rx.Field[bool] = rx.field(False)

    @rx.event
    @guarded(Role.DOCTOR)
    def search(self, query: str):
        """Patients of this doctor whose name has every typed word (debounced input)."""
        text = str(query)[:80]
        with self._signed_in(Role.DOCTOR) as (db, user):
            self.hits = my_patients(db, user, text)
        self.searched = bool(text.strip())


def hit(row) -> rx.Component:
    """One patient found: name and date of birth, a link to the card."""
    return rx.link(
        rx.flex(
            rx.text(row["name"], weight="medium"),
            rx.text(row["born"], size="2", color="var(--gray-11)"),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
        href=routes.patient_card(row["id"]),
        min_height=TOUCH_TARGET,
        display="flex",
        align_items="center",
        class_name="patient-search-hit",
    )


def patient_search() -> rx.Component:
    """The search box and its hits."""
    return rx.card(
        rx.el.label(
            rx.text("Найти своего пациента", size="2", weight="medium"),
            rx.input(
                placeholder="Фамилия, имя",
                on_change=PatientSearchState.search.debounce(350),
                id="patient-search",
                size="3",
                min_height=TOUCH_TARGET,
                auto_complete="off",
            ),
            display="flex",
            flex_direction="column",
            gap="var(--space-1)",
        ),
        rx.cond(
            PatientSearchState.hits.length() > 0,
            rx.flex(
                rx.foreach(PatientSearchState.hits, hit),
                direction="column",
                id="patient-search-hits",
            ),
            rx.cond(
                PatientSearchState.searched,
                rx.text("Среди ваших пациентов таких нет", size="2", color="var(--gray-11)"),
            ),
        ),
        width="100%",
    )
