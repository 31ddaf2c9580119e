"""The «Уведомления» card: in-app notifications always on, e-mail and SMS by choice."""

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.profile.parts import section
from gosapp.pages.account.profile.state import ProfileState

CHANNELS = (  # label, element id, channel (ProfileState.notify_<channel>)
    ("По электронной почте", "notify-email", "email"),
    ("По SMS", "notify-sms", "sms"),
)


def switch_row(label: str, element_id: str, **props) -> rx.Component:
    """A labelled switch, large enough to touch."""
    return rx.el.label(
        rx.hstack(
            rx.switch(id=element_id, size="3", aria_label=label, **props),
            rx.text(label),
            align="center",
            spacing="3",
            min_height=TOUCH_TARGET,
        ),
    )


def notifications_card() -> rx.Component:
    """In-app always on; e-mail and SMS by choice."""
    return section(
        "Уведомления",
        switch_row("В личном кабинете (всегда)", "notify-inapp", checked=True, disabled=True),
        *(
            switch_row(
                label,
                element_id,
                checked=getattr(ProfileState, f"notify_{channel}"),
                on_change=ProfileState.set_preference(channel),
            )
            for label, element_id, channel in CHANNELS
        ),
    )
