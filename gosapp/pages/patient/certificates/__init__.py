"""`/certificates` («Справки», SPEC §2.4): order a certificate with scans, answer a staff
question, withdraw, download the issued PDF and its verification link.

``state.py`` holds ``CertificatesState``, ``form.py`` the order form.
"""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.cards import level_gate
from gosapp.components.layout import page
from gosapp.components.loading import card_list
from gosapp.components.request_cards import (
    CardVar,
    answer_form,
    draft_controls,
    request_card,
    staff_question,
    withdraw_control,
)
from gosapp.components.tokens import TOUCH_LINK
from gosapp.pages.patient.certificates.form import order_form
from gosapp.pages.patient.certificates.state import ANSWER_FORM, CertificatesState


def certificate_card(card: CardVar) -> rx.Component:
    """One request: what it is for, its deadline, a staff question, the certificate once
    issued, withdrawal while undecided, and the way to its full history."""
    return request_card(
        card,
        card.title,
        rx.text(
            card.number, rx.cond(card.summary != "", " · " + card.summary.to(str), ""), size="2"
        ),
        rx.cond(card.deadline != "", rx.text(card.deadline, size="2", weight="medium")),
        staff_question(
            card,
            CertificatesState.answering,
            CertificatesState.start_answer,
            answer_form(ANSWER_FORM, CertificatesState.answer_error, CertificatesState.answer),
        ),
        footer=(
            draft_controls(card, CertificatesState.submit_draft, CertificatesState.edit_draft),
            withdraw_control(
                card,
                CertificatesState.withdrawing,
                CertificatesState.ask_withdraw,
                CertificatesState.withdraw,
            ),
            rx.el.a(
                "Ход рассмотрения — в истории обращений",
                href=routes.history_open(card.number),
                size="2",
                **TOUCH_LINK,
            ),
        ),
        element_id="request-" + card.id.to(str),
    )


def certificates_page() -> rx.Component:
    """«Справки»: the order form above the user's requests."""
    return page(
        rx.flex(
            rx.cond(
                CertificatesState.gate["todo"],
                level_gate(CertificatesState.gate, "Справки", "certificates-level-gate"),
                order_form(),
            ),
            rx.heading("Мои справки", as_="h2", size="5"),
            card_list(
                CertificatesState.loaded,
                CertificatesState.cards,
                certificate_card,
                empty="Заявлений на справки пока нет — выберите вид справки выше.",
                prefix="certificates",
            ),
            direction="column",
            gap="var(--space-4)",
        ),
        heading="Справки",
    )


__all__ = ["CertificatesState", "certificates_page"]
