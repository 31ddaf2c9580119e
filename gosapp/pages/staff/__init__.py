"""The staff back office (`/staff`, SPEC §5): queues, request detail, users, audit log.

Pieces shared by its pages: the roles that may enter, the section navigation and the shell that
shows a page's content only to the staff member it was loaded for.
"""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.models.accounts import Role
from gosapp.state.auth import SessionState

STAFF = (Role.REGISTRAR, Role.ADMIN)
SECTIONS = (
    ("Очереди заявлений", routes.STAFF, "staff-nav-queues"),
    ("Пользователи", routes.STAFF_USERS, "staff-nav-users"),
    ("Расписания", routes.STAFF_SCHEDULES, "staff-nav-schedules"),
    ("Журнал аудита", routes.STAFF_AUDIT, "staff-nav-audit"),
)


def staff_nav() -> rx.Component:
    """Links between the back-office sections."""
    return rx.el.nav(
        rx.flex(
            *(
                rx.link(
                    rx.button(label, variant="soft", size="3", min_height=TOUCH_TARGET),
                    href=route,
                    id=element_id,
                )
                for label, route, element_id in SECTIONS
            ),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        aria_label="Разделы бэк-офиса",
        margin_bottom="var(--space-4)",
    )


def is_staff() -> rx.Var:
    """Whether the signed-in user holds a back-office role (display only; handlers check)."""
    roles = SessionState.me.roles
    return roles.contains(Role.REGISTRAR.value) | roles.contains(Role.ADMIN.value)


def staff_page(content: rx.Component, owner: rx.Var, heading: str) -> rx.Component:
    """The page shell: the content once it is loaded for the signed-in staff member, a clear
    refusal for other signed-in users, placeholder bars until then."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == owner),
            rx.vstack(staff_nav(), content, spacing="2", width="100%"),
            rx.cond(
                SessionState.me & ~is_staff(),
                rx.callout(
                    "Этот раздел доступен только сотрудникам (регистраторам и администраторам).",
                    icon="shield-alert",
                    color_scheme="red",
                    id="staff-denied",
                ),
                list_skeleton("staff-loading"),
            ),
        ),
        heading=heading,
    )


def error_callout(message: rx.Var, element_id: str) -> rx.Component:
    """An error shown above the content (a refused action, a stale page)."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", id=element_id, role="alert"),
    )


def pager(page_no: rx.Var, has_prev: rx.Var, has_next: rx.Var, prev, next_, prefix: str):
    """«Назад» / «Вперёд» with the page number between them."""
    return rx.flex(
        rx.button(
            "Назад",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            disabled=~has_prev,
            on_click=prev,
            id=f"{prefix}-prev",
        ),
        rx.text("Страница ", page_no, id=f"{prefix}-page"),
        rx.button(
            "Вперёд",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            disabled=~has_next,
            on_click=next_,
            id=f"{prefix}-next",
        ),
        align="center",
        gap="var(--space-3)",
        margin_top="var(--space-3)",
    )
