"""`/shared/<token>`: a one-time lab share link, opened with the patient's date of birth.

Public: the token in the address is the only credential. It is read from the URL inside the
handler and never copied into a var of this state. The results arrive only after the right
date of birth (``share_links.open_link``, which marks the link used), and only into this tab:
a reload or another tab starts again from the form, and the link then answers «недействительна».
Wrong dates, blocked and dead links show a message beside the field; tries are rate-limited per
client address and audited by the service.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import date_field, submit_button
from gosapp.components.layout import page
from gosapp.db import transaction
from gosapp.pages.patient.lab_sharing.results_table import results_table
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Throttled
from gosapp.services.medical import share_links
from gosapp.services.medical.sharing import ResultLine

EXPLAIN = (
    "Пациент поделился с вами результатами анализов. Чтобы открыть их, введите дату рождения "
    "пациента. Ссылка одноразовая: результаты покажутся один раз, в этой вкладке."
)


class SharedLinkState(rx.State):
    """The outcome of the date-of-birth check, for this tab only."""

    opened: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")
    title: rx.Field[str] = rx.field("")
    patient: rx.Field[str] = rx.field("")
    rows: rx.Field[list[ResultLine]] = rx.field(default_factory=list)

    def _forget(self) -> None:
        self.opened, self.error, self.title, self.patient, self.rows = False, "", "", "", []

    @rx.event
    def load(self):
        """Every load starts from the form: results are never shown twice."""
        self._forget()

    @rx.event
    def check(self, form: dict):
        """Check the date of birth against the link in the address (the service counts the
        try, audits it and, when right, marks the link used)."""
        self._forget()
        token = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        actor = Actor(
            ip=self.router.session.client_ip or "",
            user_agent=self.router.headers.user_agent or "",
        )
        try:
            with transaction() as db:
                opening = share_links.open_link(db, token, str(form.get("birth_date", "")), actor)
        except Throttled as exc:
            self.error = exc.message
            return
        self.error = opening.error
        if opening.ok:
            self.opened, self.title, self.patient = True, opening.title, opening.patient
            self.rows = opening.rows


def dob_form() -> rx.Component:
    """«Дата рождения пациента» and «Открыть»."""
    return rx.card(
        rx.text(EXPLAIN, size="3", margin_bottom="var(--space-3)"),
        rx.form(
            rx.flex(
                date_field(
                    "Дата рождения пациента",
                    "birth_date",
                    "shared-birth-date",
                    SharedLinkState.error,
                    auto_focus=True,
                ),
                submit_button("Открыть результаты", "shared-open", size="3"),
                direction="column",
                gap="var(--space-3)",
                max_width="420px",
            ),
            on_submit=SharedLinkState.check,
        ),
        id="shared-form",
    )


def shown_results() -> rx.Component:
    """The shared results, read-only, with whose they are."""
    return rx.flex(
        rx.callout(
            "Ссылка использована: после закрытия или обновления вкладки результаты "
            "больше не откроются.",
            icon="info",
        ),
        rx.heading(SharedLinkState.title, as_="h2", size="5", id="shared-title"),
        rx.text("Пациент: ", SharedLinkState.patient, id="shared-patient"),
        results_table(SharedLinkState.rows, "shared-link-table"),
        direction="column",
        gap="var(--space-3)",
        width="100%",
    )


def shared_link_page() -> rx.Component:
    """The public page of a share link."""
    return page(
        rx.cond(SharedLinkState.opened, shown_results(), dob_form()),
        heading="Результаты анализов",
    )
