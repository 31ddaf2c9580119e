"""`/szn/benefits` («Льготы», SPEC §4): the citizen's benefits with their status and expiry
flags, «Добавить льготу» with documents, one-click renewal the СЗН certificates, and
«Записаться в отделение соцзащиты» (the slot picker at the offices' windows)."""

from __future__ import annotations

import reflex as rx

from gosapp.components.cards import level_gate
from gosapp.components.forms import success_note
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import card_list
from gosapp.pages.szn.benefits.state import BenefitsState
from gosapp.pages.szn.benefits.view import (
    add_form,
    benefit_card,
    certificates_block,
    expiring_benefits_card,
    office_link,
)

__all__ = ["BenefitsState", "benefits_page", "expiring_benefits_card"]


def _actions() -> rx.Component:
    return rx.flex(
        rx.cond(
            ~BenefitsState.adding,
            rx.button(
                rx.icon("plus", size=18),
                "Добавить льготу",
                on_click=BenefitsState.open_form,
                id="benefit-add",
                size="3",
                min_height=TOUCH_TARGET,
            ),
        ),
        office_link(),
        gap="var(--space-4)",
        wrap="wrap",
        align="center",
    )


def _list() -> rx.Component:
    return card_list(
        BenefitsState.loaded,
        BenefitsState.rows,
        benefit_card,
        empty="Льгот пока нет — нажмите «Добавить льготу» и приложите документ-основание.",
        prefix="benefits",
    )


def benefits_page() -> rx.Component:
    """«Льготы»: actions, the form when open, the list, the certificates."""
    return page(
        rx.flex(
            rx.cond(
                BenefitsState.gate["todo"],
                level_gate(BenefitsState.gate, "Льготы", "benefits-level-gate"),
                _actions(),
            ),
            success_note(BenefitsState.notice, "benefits-notice"),
            rx.cond(BenefitsState.adding, add_form()),
            _list(),
            certificates_block(),
            direction="column",
            gap="var(--space-4)",
        ),
        heading="Льготы",
    )
