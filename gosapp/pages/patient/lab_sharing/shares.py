"""«Мои доступы»: the patient's shares with their status and «Отозвать» (after a confirmation),
and the new link's address and QR code, shown once."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.patient.lab_sharing.state import LabSharingState as S
from gosapp.services.medical.sharing import ShareRow

HEADERS = ("Что передано", "Кому", "Результатов", "Действует до", "Статус", "")
EMPTY = "Вы ещё никому не открывали доступ к результатам. Сделайте это в форме выше."


def status_badge(share: ObjectVar[ShareRow]) -> rx.Component:
    """«действует» green, «отозван» red, «истёк» and «использована» grey."""
    return rx.badge(
        share.status,
        color_scheme=rx.match(share.status, ("действует", "green"), ("отозван", "red"), "gray"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
    )


def share_row(share: ObjectVar[ShareRow]) -> rx.Component:
    """One share; a live one can be revoked."""
    return rx.table.row(
        row_header("Что передано", share.title),
        cell("Кому", share.recipient),
        cell("Результатов", share.count),
        cell("Действует до", share.until, white_space="nowrap"),
        cell("Статус", status_badge(share)),
        cell(
            "",
            rx.cond(
                share.live,
                rx.button(
                    "Отозвать",
                    variant="soft",
                    color_scheme="red",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.ask_revoke(share.id),
                    id="sharing-revoke-" + share.id.to(str),
                ),
            ),
        ),
        id="sharing-share-" + share.id.to(str),
    )


def revoke_dialog() -> rx.Component:
    """«Отозвать доступ?» before a share stops working."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Отозвать доступ?"),
            rx.alert_dialog.description(
                S.revoking_label, ". Доступ прекратится сразу, вернуть его можно только заново."
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Не отзывать", variant="soft", size="3", min_height=TOUCH_TARGET)
                ),
                rx.button(
                    "Да, отозвать",
                    color_scheme="red",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.revoke,
                    id="revoke-confirm",
                ),
                gap="var(--space-3)",
                justify="end",
                wrap="wrap",
                margin_top="var(--space-4)",
            ),
            id="revoke-dialog",
        ),
        open=S.revoking != "",
        on_open_change=S.dialog_changed,
    )


def shares_section() -> rx.Component:
    """The list of shares (newest first) or what to do when there are none."""
    return rx.card(
        rx.heading("Мои доступы", as_="h2", size="5", margin_bottom="var(--space-3)"),
        rx.cond(
            S.shares.length() > 0,
            data_table(HEADERS, S.shares, share_row, element_id="sharing-shares-table"),
            rx.text(EMPTY, color="var(--gray-11)", id="sharing-shares-empty"),
        ),
        revoke_dialog(),
        id="sharing-shares",
        width="100%",
    )


def link_address() -> rx.Component:
    """The address, «Скопировать» and «Готово»."""
    return rx.flex(
        rx.input(value=S.link_url, read_only=True, size="3", width="100%", id="sharing-link-url"),
        rx.flex(
            rx.button(
                "Скопировать",
                size="3",
                min_height=TOUCH_TARGET,
                on_click=[rx.set_clipboard(S.link_url), rx.toast.success("Ссылка скопирована")],
                id="sharing-link-copy",
            ),
            rx.button(
                "Готово",
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
                on_click=S.hide_link,
                id="sharing-link-done",
            ),
            gap="var(--space-3)",
            wrap="wrap",
        ),
        direction="column",
        gap="var(--space-3)",
        flex="1",
        min_width="min(100%, 260px)",
    )


def new_link() -> rx.Component:
    """The link just made: QR code, address, «Скопировать» and «Готово» (shown once)."""
    return rx.cond(
        S.link_url != "",
        rx.card(
            rx.heading("Ссылка для просмотра результатов", as_="h2", size="5"),
            rx.text(
                rx.text.strong("Ссылка показывается один раз."),
                " Отправьте её или покажите QR-код. Для открытия понадобится ваша дата рождения.",
                margin_y="var(--space-2)",
            ),
            rx.flex(
                rx.image(
                    src=S.link_qr,
                    alt="QR-код ссылки на результаты",
                    width="220px",
                    height="220px",
                    background="white",
                    id="sharing-link-qr",
                ),
                link_address(),
                gap="var(--space-4)",
                wrap="wrap",
                align="center",
            ),
            id="sharing-link",
            width="100%",
            background="var(--amber-3)",
            role="status",
        ),
    )
