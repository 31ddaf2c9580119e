"""Cards shared by pages: a cabinet's overview (its greeting and the services it offers) and
the account-level gate a service shows a lower-level user instead of its form."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp import routes
from gosapp.components.layout import page
from gosapp.components.tokens import TOUCH_LINK
from gosapp.routes import CabinetInfo
from gosapp.state.auth import SessionState

# The account's own services: they work in every cabinet (label, route, element id).
ACCOUNT_SERVICES = (
    ("Запись к врачу", routes.APPOINTMENTS, "service-appointments"),
    ("Справки", routes.CERTIFICATES, "service-certificates"),
    ("История обращений", routes.HISTORY, "service-history"),
    ("Уведомления", routes.NOTIFICATIONS, "service-notifications"),
    ("Поддержка", routes.SUPPORT, "service-support"),
    ("Профиль и документы", routes.PROFILE, "service-profile"),
    ("Безопасность и сеансы", routes.SECURITY, "service-security"),
)


def touch_link(*children, href: str | rx.Var, **props) -> rx.Component:
    """A link tall enough to hit with a finger (44 px)."""
    return rx.link(
        *children,
        href=href,
        **TOUCH_LINK,
        **props,
    )


def service_item(service: str | tuple[str, str]) -> rx.Component:
    """A service linked to its page; one not built yet is marked «скоро», without a link."""
    if isinstance(service, str):
        return rx.list_item(
            rx.text(service, color="var(--gray-11)"),
            " ",
            rx.badge("скоро", color_scheme="gray", variant="surface"),
        )
    label, route = service
    return rx.list_item(touch_link(label, href=route))


def account_links() -> rx.Component:
    """«Услуги»: what already works for every account, each a touch-sized link."""
    return rx.card(
        rx.heading("Услуги", as_="h2", size="4", margin_bottom="var(--space-2)"),
        rx.flex(
            *(
                touch_link(label, href=route, id=element_id)
                for label, route, element_id in ACCOUNT_SERVICES
            ),
            direction="column",
        ),
        id="account-services",
        width="100%",
    )


def cabinet_overview(info: CabinetInfo, *extra: rx.Component) -> rx.Component:
    """A cabinet's overview page: the signed-in user's greeting, the summary, ``extra`` (a
    cabinet's own shortcuts), the services."""
    return page(
        rx.cond(
            SessionState.me,
            rx.text(
                "Здравствуйте, ",
                SessionState.me.full_name,
                "!",
                size="5",
                id="cabinet-greeting",
            ),
        ),
        rx.text(info.summary, size="4", color="var(--gray-11)"),
        *extra,
        rx.grid(
            rx.card(
                rx.heading("Услуги кабинета", as_="h2", size="5", margin_bottom="var(--space-2)"),
                rx.unordered_list(*(service_item(s) for s in info.services)),
            ),
            account_links(),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="var(--space-4)",
            margin_top="var(--space-4)",
        ),
        heading=info.title,
    )


def level_gate(gate: ObjectVar[dict[str, str]], service: str, element_id: str) -> rx.Component:
    """What a user below a service's level sees instead of its form (``levels.level_gate``):
    the level needed, the user's own, the steps up and the link to take them."""
    return rx.card(
        rx.flex(
            rx.icon("shield-alert", size=24, color="var(--amber-11)", flex_shrink="0"),
            rx.flex(
                rx.text(
                    f"Для услуги «{service}» нужна ",
                    gate["needed"],
                    " учётная запись, у вас — ",
                    gate["current"],
                    ".",
                    weight="bold",
                ),
                rx.text(gate["todo"]),
                touch_link(gate["link_label"], href=gate["link"], id=f"{element_id}-link"),
                direction="column",
                gap="var(--space-2)",
            ),
            gap="var(--space-3)",
        ),
        border_left="4px solid var(--amber-9)",
        role="note",
        id=element_id,
    )
