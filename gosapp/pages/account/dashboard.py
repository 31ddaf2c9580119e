"""`/` for a signed-in citizen: the dashboard (SPEC §2) — requests waiting for an answer, the
latest requests with their status, unread notifications, the account level and the services
that work. Staff and doctors are sent to their own start page (``roles.start_page``); a
visitor without a session gets the landing page (``pages/public/landing.py`` decides)."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from gosapp import routes
from gosapp.components.cards import account_links, touch_link
from gosapp.components.timeline import status_badge
from gosapp.db import session_scope
from gosapp.models.accounts import AccountLevel, utcnow
from gosapp.services.common.display import full_name
from gosapp.services.identity import levels, sessions
from gosapp.services.identity.accounts import current_level
from gosapp.services.identity.roles import roles_of, start_page
from gosapp.services.medical.lab_display import recent_summary
from gosapp.services.requests import dashboard
from gosapp.services.scheduling import visits
from gosapp.state.auth import AuthMixin

RowVar = ObjectVar[dict[str, str]]  # one row of a list[dict[str, str]] var
RowsVar = ArrayVar[Sequence[dict[str, str]]]


class HomeState(AuthMixin, rx.State):
    """Which `/` to show, and the signed-in user's own dashboard."""

    view: rx.Field[str] = rx.field("")  # "" until loaded, then "landing" or "dashboard"
    waiting: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    recent: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    unread: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    unread_total: rx.Field[int] = rx.field(0)
    # label, and what to do for the next level ("" at the top)
    level: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    name: rx.Field[str] = rx.field("")
    # the soonest upcoming visit: when, who, where and its number ({} without one)
    next_visit: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # «Новые результаты»: the last 30 days' lab results counted, in words ({} until loaded)
    lab_news: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    @rx.event
    def load(self):
        """The landing for a visitor, the dashboard for a citizen, else the role's start page."""
        self.waiting, self.recent, self.unread, self.level, self.name = [], [], [], {}, ""
        self.next_visit, self.lab_news = {}, {}
        with session_scope() as db:
            user = sessions.signed_in_user(session=db, key=self._session_key())
            if user is None:
                self.view = "landing"
                return None
            start = start_page(roles_of(db, user.id))
            if start != routes.HOME:
                return rx.redirect(start, replace=True)
            data = dashboard.dashboard(session=db, user=user)
            have = current_level(user)
            todo = levels.level_gate(user, AccountLevel.CONFIRMED).get("todo", "")
            name = full_name(user)
            upcoming = visits.next_visit(session=db, patient=user)
            self.lab_news = recent_summary(db, user.id, utcnow())
        self.waiting, self.recent, self.unread = data.waiting, data.recent, data.unread
        self.unread_total = data.unread_total
        self.level = {"label": levels.label(have), "todo": todo}
        self.name = name
        self.next_visit = _visit_summary(upcoming)
        self.view = "dashboard"
        return None


def _visit_summary(visit: visits.Visit | None) -> dict[str, str]:
    if visit is None:
        return {}
    when = f"{visit.when} ({visit.zone})" if visit.zone else visit.when
    return {
        "when": when,
        "who": f"{visit.doctor}, {visit.specialty}".strip(", "),
        "where": f"{visit.clinic}, {visit.address}",
        "link": routes.my_appointment(visit.number),
    }


def section(title: str, element_id: str, *children, more: tuple[str, str] | None = None):
    """A dashboard card: a heading, its content and an optional «all of them» link."""
    link = [touch_link(more[0], href=more[1], id=f"{element_id}-more")] if more else []
    return rx.card(
        rx.heading(title, as_="h2", size="4", margin_bottom="var(--space-2)"),
        *children,
        *link,
        id=element_id,
        width="100%",
    )


def request_row(row: RowVar) -> rx.Component:
    """A request: its type and number linking to where it opens, then status and deadline."""
    return rx.flex(
        touch_link(row["title"], " · ", row["number"], href=row["link"]),
        rx.flex(
            status_badge(row["status"], row["status_label"]),
            rx.cond(row["deadline"] != "", rx.text(row["deadline"], size="1")),
            align="center",
            wrap="wrap",
            gap="var(--space-2)",
        ),
        direction="column",
        padding_bottom="var(--space-2)",
        border_bottom="1px solid var(--gray-4)",
    )


def notification_row(note: RowVar) -> rx.Component:
    """An unread notification linking to the object it is about."""
    return rx.flex(
        touch_link(note["title"], href=note["link"]),
        rx.text(note["created"], size="1", color="var(--gray-11)"),
        direction="column",
        border_bottom="1px solid var(--gray-4)",
    )


def rows(items: RowsVar, render, empty: str, element_id: str) -> rx.Component:
    """``items`` rendered one by one, or a sentence when there are none."""
    return rx.cond(
        items.length() > 0,
        rx.flex(rx.foreach(items, render), direction="column", gap="var(--space-1)"),
        rx.text(empty, color="var(--gray-11)", id=f"{element_id}-empty"),
    )


def next_visit_card() -> rx.Component:
    """«Ближайший приём»: when, the doctor and the clinic, or the way to book one."""
    visit = HomeState.next_visit
    return section(
        "Ближайший приём",
        "dashboard-visit",
        rx.cond(
            visit["when"],
            rx.flex(
                touch_link(visit["when"], href=visit["link"], id="dashboard-visit-link"),
                rx.text(visit["who"], size="2"),
                rx.text(visit["where"], size="2", color="var(--gray-11)"),
                direction="column",
            ),
            touch_link("Записаться к врачу", href=routes.APPOINTMENTS),
        ),
        more=("Мои записи", routes.MY_APPOINTMENTS),
    )


def lab_news_card() -> rx.Component:
    """«Новые результаты»: the last 30 days' lab results, how many are out of range, /labs."""
    news = HomeState.lab_news
    return section(
        "Новые результаты",
        "dashboard-labs",
        rx.cond(
            news["text"] != "",
            rx.flex(
                rx.text(news["text"], id="dashboard-labs-count"),
                rx.cond(
                    news["abnormal"] != "",
                    touch_link(
                        rx.badge("↑↓ ", news["abnormal"], color_scheme="red", size="2"),
                        href=f"{routes.LABS}?abnormal=1",
                        id="dashboard-labs-abnormal",
                    ),
                ),
                direction="column",
            ),
            rx.text("За последние 30 дней новых анализов нет.", color="var(--gray-11)"),
        ),
        more=("Все результаты анализов", routes.LABS),
    )


def level_card() -> rx.Component:
    """The account level, and what to do to reach the next one."""
    return section(
        "Учётная запись",
        "dashboard-level",
        rx.text("Уровень: ", rx.text.strong(HomeState.level["label"]), id="dashboard-level-label"),
        rx.cond(HomeState.level["todo"] != "", rx.text(HomeState.level["todo"], size="2")),
        more=("Профиль и документы", routes.PROFILE),
    )


def sections() -> rx.Component:
    """What needs the user, what they asked for, what they were told, what they can do."""
    waiting = rows(HomeState.waiting, request_row, "", "dashboard-waiting")
    return rx.grid(
        rx.cond(
            HomeState.waiting.length() > 0,
            section("Ждут вашего ответа", "dashboard-waiting", waiting),
        ),
        next_visit_card(),
        lab_news_card(),
        section(
            "Последние обращения",
            "dashboard-recent",
            rows(HomeState.recent, request_row, "Обращений пока нет.", "dashboard-recent"),
            more=("Вся история обращений", routes.HISTORY),
        ),
        section(
            "Новые уведомления",
            "dashboard-unread",
            rows(HomeState.unread, notification_row, "Непрочитанных нет.", "dashboard-unread"),
            more=("Все уведомления", routes.NOTIFICATIONS),
        ),
        level_card(),
        account_links(),
        columns=rx.breakpoints(initial="1", md="2"),
        gap="var(--space-4)",
        width="100%",
    )


def dashboard_view() -> rx.Component:
    """The citizen's dashboard: greeting, then the sections."""
    return rx.flex(
        rx.heading(
            "Здравствуйте, ", HomeState.name, "!", as_="h1", size="7", id="cabinet-greeting"
        ),
        sections(),
        direction="column",
        gap="var(--space-4)",
    )
