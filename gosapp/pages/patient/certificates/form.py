"""The order form of `/certificates`: the type cards, purpose, period, delivery, scans, and
the buttons to submit or keep a draft."""

from __future__ import annotations

import reflex as rx

from gosapp.components.draft_form import draft_banner, draft_buttons
from gosapp.components.forms import (
    date_field,
    error_for,
    labelled,
    radio_field,
    success_note,
)
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.uploader import uploader
from gosapp.pages.patient.certificates.state import FORM_WIDGET, KIND_CHOICES, CertificatesState
from gosapp.services.medical import certificates

DRAFT_VALUES = CertificatesState.draft_values
PERIOD_KIND = "cert_sick_leave"  # the one type certifying a period


def kind_choice(kind: dict) -> rx.Component:
    """One certificate type as a pressable card: a real button (Tab, Enter and Space work)."""
    chosen = CertificatesState.kind == kind["code"]
    return rx.card(
        rx.el.button(
            rx.text(kind["title"], as_="span", weight="bold", size="3", display="block"),
            rx.text(
                kind["statement"], as_="span", size="2", color="var(--gray-11)", display="block"
            ),
            type="button",
            id=f"certificate-type-{kind['code']}",
            on_click=CertificatesState.choose(kind["code"]),
            aria_pressed=rx.cond(chosen, "true", "false"),
        ),
        as_child=True,
        cursor="pointer",
        text_align="left",
        border=rx.cond(chosen, "2px solid var(--accent-9)", "2px solid transparent"),
        min_height=TOUCH_TARGET,
    )


def period_fields() -> rx.Component:
    """The period's two dates, side by side, each with its error."""
    return rx.grid(
        date_field(
            "Период с",
            "period_from",
            "certificate-period-from",
            CertificatesState.form_errors.get("period_from", ""),
            default_value=DRAFT_VALUES.get("period_from", ""),
        ),
        date_field(
            "по",
            "period_to",
            "certificate-period-to",
            CertificatesState.form_errors.get("period_to", ""),
            default_value=DRAFT_VALUES.get("period_to", ""),
        ),
        columns=rx.breakpoints(initial="1", xs="2"),
        gap="var(--space-3)",
    )


def purpose_field() -> rx.Component:
    """What the certificate is for, with its error."""
    return labelled(
        "Цель получения",
        rx.input(
            name="purpose",
            id="certificate-purpose",
            size="3",
            default_value=DRAFT_VALUES.get("purpose", ""),
        ),
        error_for(CertificatesState.form_errors, "purpose", "certificate"),
    )


def delivery_field() -> rx.Component:
    """How the certificate is received."""
    return radio_field(
        "Способ получения",
        "certificate-delivery",
        items=list(certificates.DELIVERY.values()),
        name="delivery",
        default_value=DRAFT_VALUES.get("delivery", certificates.DELIVERY["electronic"]),
    )


def order_form() -> rx.Component:
    """The type, purpose, period (only for the type that needs it), delivery and scans of a
    new certificate request or of a draft."""
    return rx.card(
        rx.heading("Заказать справку", as_="h2", size="5"),
        rx.grid(
            *[kind_choice(k) for k in KIND_CHOICES],
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            margin_y="var(--space-3)",
        ),
        error_for(CertificatesState.form_errors, "kind", "certificate"),
        rx.form(
            rx.flex(
                draft_banner(CertificatesState, "certificate"),
                purpose_field(),
                rx.cond(CertificatesState.kind == PERIOD_KIND, period_fields()),
                delivery_field(),
                uploader(FORM_WIDGET, label="Сканы документов (PDF, JPG, PNG до 5 МБ)"),
                error_for(CertificatesState.form_errors, "form", "certificate"),
                draft_buttons("Отправить заявление", "certificate"),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=CertificatesState.submit,
            no_validate=True,  # the server's Russian messages beside each field
            key=CertificatesState.form_key,  # a draft opened: the fields take its values
            id="certificate-form",
        ),
        success_note(CertificatesState.submitted, "certificate-submitted"),
    )
