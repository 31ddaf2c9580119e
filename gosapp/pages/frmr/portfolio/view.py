"""The portfolio list: filters, the record cards with their versions, decisions and previews,
archive/restore with confirmation, and the empty state.

Tablet first (768×1024, touch): every control is at least 44 px tall, a record is one card
whose versions follow its data, and nothing needs a sideways scroll down to a 390 px phone.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import native_select
from gosapp.components.tokens import TOUCH_LINK
from gosapp.pages.frmr.portfolio.state import PortfolioState
from gosapp.services.frmr import portfolio_review as review

S = PortfolioState
STATUS_COLORS = (("pending", "blue"), ("approved", "green"), ("rejected", "red"))
FLAG_COLORS = (("expired", "red"), ("7", "red"), ("30", "orange"), ("90", "amber"))


def _filter(label: str, name: str, options: dict[str, str], value) -> rx.Component:
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        native_select(
            name,
            f"portfolio-filter-{name.replace('_', '-')}",
            options,
            value=value,
            on_change=lambda v: S.set_filter(name, v),
        ),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
        flex="1",
        min_width="160px",
    )


def filters() -> rx.Component:
    """Type, status, and active or archived records."""
    return rx.flex(
        _filter("Вид документа", "doc_type", {"": "Все виды", **review.TYPE_LABELS}, S.doc_type),
        _filter("Статус", "status", {"": "Все статусы", **review.STATUS_LABELS}, S.status),
        _filter("Показать", "show", {"active": "Действующие", "archived": "Архив"}, S.show),
        gap="var(--space-3)",
        wrap="wrap",
        width="100%",
        role="group",
        aria_label="Фильтры",
    )


def status_badge(status, label) -> rx.Component:
    """A status word (the word carries the meaning, the colour only helps)."""
    return rx.badge(
        label,
        color_scheme=rx.match(status, *STATUS_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
    )


def expiry_badge(row) -> rx.Component:
    """«истекает через N дн.» / «срок истёк» when the radar flags the record."""
    return rx.cond(
        row.flag_level != "",
        rx.badge(
            rx.icon("clock-alert", size=14, aria_hidden="true"),
            row.flag_label,
            color_scheme=rx.match(row.flag_level, *FLAG_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
            variant="surface",
            size="2",
            class_name="portfolio-expiry",
        ),
    )


def file_link(file) -> rx.Component:
    """A version's file: its name (download) and size."""
    return rx.flex(
        rx.icon("file-text", size=16, aria_hidden="true"),
        rx.el.a(
            file.name, href=file.href, reload_document=True, word_break="break-all", **TOUCH_LINK
        ),
        rx.text(file.size, size="1", color="var(--gray-11)", white_space="nowrap"),
        align="center",
        gap="var(--space-2)",
    )


def preview(file) -> rx.Component:
    """The file's first page as an image, scaled to the card (a tap opens it full size)."""
    return rx.cond(
        file.preview != "",
        rx.el.a(
            rx.image(
                src=file.preview,
                alt="Предпросмотр: " + file.name,
                loading="lazy",
                width="100%",
                max_width="160px",
                border="1px solid var(--gray-6)",
                border_radius="var(--radius-2)",
                background="white",
            ),
            href=file.preview,
            target="_blank",
            reload_document=True,
            class_name="portfolio-preview",
        ),
    )


def version_item(version) -> rx.Component:
    """One version: number, date, decision (the reason inline when rejected), files."""
    return rx.el.li(
        rx.flex(
            rx.text("Версия ", version.no, " от ", version.sent, weight="medium", size="2"),
            status_badge(version.status, version.status_label),
            rx.cond(version.decided != "", rx.text(version.decided, size="1", color="gray")),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            version.reason != "",
            rx.text(
                rx.text.strong("Причина отклонения: "),
                version.reason,
                size="2",
                color="var(--red-11)",
                class_name="portfolio-reason",
            ),
        ),
        rx.foreach(version.files, file_link),
        class_name="portfolio-version",
        padding_y="var(--space-2)",
        border_top="1px solid var(--gray-5)",
    )
