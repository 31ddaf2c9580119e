"""`/frmr/attestation`: аттестация на квалификационную категорию (SPEC §3), tablet first —
the current category and its validity, the requirement check, the application (category,
work report, approved portfolio documents) and the history of the doctor's applications."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import success_note
from gosapp.pages.frmr.attestation.form import apply_block, history
from gosapp.pages.frmr.attestation.parts import current_category
from gosapp.pages.frmr.attestation.state import AttestationState
from gosapp.pages.frmr.doctor_page import doctor_page

__all__ = ["AttestationState", "attestation_page"]

S = AttestationState


def content() -> rx.Component:
    """The rule, the category, the check and the form, the history."""
    return rx.flex(
        rx.text(
            "Для категории нужен зафиксированный медицинский стаж: вторая — от 3 лет, первая — "
            "от 5, высшая — от 7, и баллы НМО текущего цикла по графику. Категория действует "
            "5 лет.",
            color="var(--gray-11)",
        ),
        success_note(S.notice, "att-notice"),
        current_category(),
        apply_block(),
        history(),
        direction="column",
        gap="var(--space-4)",
        width="100%",
    )


def attestation_page() -> rx.Component:
    """The «Аттестация на категорию» page."""
    return doctor_page(
        S,
        content(),
        heading="Аттестация на категорию",
        refused="Аттестация доступна только медицинским работникам из регистра.",
        prefix="att",
    )
