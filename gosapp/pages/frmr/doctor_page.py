"""The shell of a medical worker's own page (НМО, стаж, портфолио, аттестация, выплаты,
обучение): the page once the signed-in doctor's own data is loaded, a refusal for a signed-in
user who is not a medical worker, a skeleton until then."""

import reflex as rx

from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.models.accounts import Role
from gosapp.state.auth import SessionState


def refusal(message: str | rx.Var[str], element_id: str) -> rx.Component:
    """Why this page shows nothing to this user."""
    return rx.callout(message, icon="shield-alert", color_scheme="red", id=element_id)


def doctor_page(
    state, body: rx.Component, *, heading: str, refused: str, prefix: str, waiting=None
) -> rx.Component:
    """``body`` for the doctor whose data ``state`` holds (``owner``, ``loaded``); ``refused``
    (id ``<prefix>-denied``) for anyone else signed in; ``waiting`` (a skeleton, id
    ``<prefix>-loading``, by default) until then."""
    is_doctor = SessionState.me.roles.contains(Role.DOCTOR.value)
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == state.owner) & state.loaded,
            body,
            rx.cond(
                SessionState.me & ~is_doctor,
                refusal(refused, f"{prefix}-denied"),
                waiting if waiting is not None else list_skeleton(f"{prefix}-loading"),
            ),
        ),
        heading=heading,
    )
