"""`/frmr/workplace`: the doctor's schedule for today and this week (SPEC §3), tablet first.

``state.py`` holds the state, ``view.py`` the pieces; this module puts them in the shell and
shows a clear refusal to anyone who is not a doctor.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.models.accounts import Role
from gosapp.pages.frmr.patient_card.search import patient_search
from gosapp.pages.frmr.workplace.state import WorkplaceState
from gosapp.pages.frmr.workplace.view import day_list, toolbar, week_list
from gosapp.state.auth import SessionState

__all__ = ["WorkplaceState", "workplace_page"]


def is_doctor() -> rx.Var:
    """Whether the signed-in user is a doctor (display only; the handlers check)."""
    return SessionState.me.roles.contains(Role.DOCTOR.value)


def content() -> rx.Component:
    """The switcher and the day's or the week's visits."""
    return rx.flex(
        toolbar(),
        patient_search(),
        rx.cond(WorkplaceState.view == "week", week_list(), day_list()),
        direction="column",
        gap="var(--space-4)",
        width="100%",
    )


def denied() -> rx.Component:
    """What a signed-in non-doctor sees."""
    return rx.callout(
        "Рабочее место доступно только врачам. Если вы врач, подайте заявку на включение "
        "в регистр медработников.",
        icon="shield-alert",
        color_scheme="red",
        id="workplace-denied",
    )


def workplace_page() -> rx.Component:
    """The «Рабочее место врача» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == WorkplaceState.owner),
            content(),
            rx.cond(SessionState.me & ~is_doctor(), denied(), list_skeleton("workplace-loading")),
        ),
        heading="Рабочее место врача",
    )
