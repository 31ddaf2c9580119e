"""`/record` «Моя карта здоровья» (SPEC §2.3): chronic conditions and allergies, visits with the
doctor's notes, diagnoses (МКБ-10), recommendations (the patient marks them «выполнено»),
vaccinations; filters by date, diagnosis and status; the PDF extract.

``state.py`` holds ``RecordState``; ``filters`` and ``sections`` the views.
"""

import reflex as rx

from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.pages.patient.record.filters import filters_card, pdf_link
from gosapp.pages.patient.record.sections import (
    diagnoses,
    recommendations,
    summary,
    vaccinations,
    visits,
)
from gosapp.pages.patient.record.state import RecordState
from gosapp.state.auth import SessionState

__all__ = ["RecordState", "record_page"]


def record_page() -> rx.Component:
    """The page (a skeleton until the signed-in patient's own record is loaded)."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == RecordState.owner),
            rx.flex(
                summary(),
                filters_card(),
                rx.flex(pdf_link(), justify="end", width="100%"),
                recommendations(),
                diagnoses(),
                visits(),
                vaccinations(),
                direction="column",
                gap="var(--space-5)",
                width="100%",
                id="record-page",
            ),
            list_skeleton("record-loading"),
        ),
        heading="Моя карта здоровья",
    )
