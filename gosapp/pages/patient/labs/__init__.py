"""`/labs` («Результаты анализов», SPEC §2.2): the patient's lab results, filterable and sorted
on the server, 50 rows a keyset page, the detail of a result with its trend charts.

A doctor opens ``/labs?patient=<id>``: the patient's results as far as a visit or a share
allows (``services.medical.access``), each look logged for the patient. ``state.py`` holds
``LabsState``; ``filters.py``, ``table.py`` and ``detail.py`` the views.
"""

import reflex as rx

from gosapp import routes
from gosapp.components.cards import touch_link
from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.pages.patient.lab_sharing import sharing_shortcut
from gosapp.pages.patient.labs.address import address_sync
from gosapp.pages.patient.labs.detail import detail_card
from gosapp.pages.patient.labs.filters import filters_card
from gosapp.pages.patient.labs.state import LabsState
from gosapp.pages.patient.labs.table import empty_state, results_table
from gosapp.pages.patient.labs_export import export_buttons
from gosapp.state.auth import SessionState

__all__ = ["LabsState", "labs_page"]


def subject_note() -> rx.Component:
    """A doctor's view: whose results these are."""
    return rx.cond(
        LabsState.subject != "",
        rx.callout(
            rx.text("Пациент: ", rx.text.strong(LabsState.subject)),
            icon="user",
            id="labs-subject",
            width="100%",
        ),
    )


def denied_note() -> rx.Component:
    """No right to look: nothing of the patient is shown."""
    return rx.card(
        rx.text(LabsState.denied),
        touch_link("Вернуться в кабинет", href=routes.HOME),
        id="labs-denied",
        width="100%",
    )


def content() -> rx.Component:
    """Filters, then the detail of the open result, then the table (or what to do)."""
    return rx.cond(
        LabsState.denied != "",
        denied_note(),
        rx.vstack(
            address_sync(),
            subject_note(),
            filters_card(),
            export_buttons(LabsState.query),
            detail_card(),
            rx.cond(LabsState.subject == "", sharing_shortcut()),  # the patient's own view
            rx.cond(LabsState.rows.length() > 0, results_table(), empty_state()),
            spacing="4",
            width="100%",
        ),
    )


def labs_page() -> rx.Component:
    """The «Результаты анализов» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == LabsState.viewer),
            content(),
            list_skeleton("labs-loading"),
        ),
        heading="Результаты анализов",
    )
