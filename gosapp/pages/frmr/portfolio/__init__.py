"""`/frmr/portfolio`: the doctor's portfolio (SPEC §3), tablet first.

``state.py`` holds the state; ``view.py``, ``cards.py`` and ``form.py`` the pieces;
``radar.py`` the expiry card of the cabinet overview. This module puts them in the shell and
shows a clear refusal to anyone who is not a doctor.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import success_note
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.frmr.doctor_page import doctor_page
from gosapp.pages.frmr.portfolio.cards import record_list
from gosapp.pages.frmr.portfolio.form import archive_dialog, package_panel, record_form
from gosapp.pages.frmr.portfolio.state import NEW, PortfolioState
from gosapp.pages.frmr.portfolio.view import filters

__all__ = ["PortfolioState", "portfolio_page"]

S = PortfolioState


def toolbar() -> rx.Component:
    """What the page is for, and «Добавить запись»."""
    return rx.flex(
        rx.text(
            "Дипломы, сертификаты, лицензии и другие документы. Каждую версию проверяет "
            "регистратор.",
            color="var(--gray-11)",
            flex="1",
            min_width="220px",
        ),
        rx.button(
            rx.icon("plus", aria_hidden="true"),
            "Добавить запись",
            on_click=S.open_form(NEW),
            id="portfolio-add",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-3)",
        align="center",
        wrap="wrap",
        width="100%",
    )


def content() -> rx.Component:
    """The toolbar, the open form, the filters, the package panel and the list."""
    return rx.flex(
        toolbar(),
        success_note(S.notice, "portfolio-notice"),
        rx.cond(S.editing != "", record_form()),
        filters(),
        rx.cond(S.show == "active", package_panel()),
        record_list(),
        archive_dialog(),
        direction="column",
        gap="var(--space-4)",
        width="100%",
    )


def portfolio_page() -> rx.Component:
    """The «Портфолио» page."""
    return doctor_page(
        S,
        content(),
        heading="Портфолио",
        refused="Портфолио доступно только медицинским работникам. Если вы врач, подайте "
        "заявку на включение в регистр медработников.",
        prefix="portfolio",
    )
