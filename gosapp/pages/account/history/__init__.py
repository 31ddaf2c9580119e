"""`/history` («История обращений», SPEC §2.5): the user's own requests across every cabinet.

Filters by date, type and status, three sort orders, 10 rows a page, the timeline of a request
on demand, and CSV/PDF exports of the filtered list. ``state.py`` holds ``HistoryState`` (every
handler resolves the user from the session cookie); ``filters.py`` and ``table.py`` the views.
"""

import reflex as rx

from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.pages.account.history.filters import export_links, filters_card
from gosapp.pages.account.history.state import HistoryState
from gosapp.pages.account.history.table import empty_state, requests_table
from gosapp.state.auth import SessionState

__all__ = ["HistoryState", "history_page"]


def history_page() -> rx.Component:
    """The «История обращений» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == HistoryState.owner),
            rx.vstack(
                filters_card(),
                rx.flex(
                    rx.text(
                        "Выгрузка — всего отфильтрованного списка, не только этой страницы.",
                        size="2",
                        color="var(--gray-11)",
                    ),
                    export_links(),
                    justify="between",
                    align="center",
                    wrap="wrap",
                    gap="var(--space-3)",
                    width="100%",
                ),
                rx.cond(HistoryState.total > 0, requests_table(), empty_state()),
                spacing="4",
                width="100%",
            ),
            list_skeleton("history-loading"),
        ),
        heading="История обращений",
    )
