"""The upload widget: a drop zone with a «Выбрать файлы» button, progress, per-file errors in
Russian and the list of the user's staged files with «Удалить».

Files are sent as soon as they are dropped or picked and land in private storage (see
``gosapp.state.uploads``). The browser pre-checks type, size and count with the same messages;
the server decides from the bytes.
"""

from collections.abc import Sequence
from typing import Any

import reflex as rx

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET
from gosapp.services.documents import storage
from gosapp.state.uploads import MAX_ERRORS, MAX_FILES, UploadsState

ACCEPT: dict[str, Sequence[str]] = {
    storage.PDF: [".pdf"],
    storage.JPEG: [".jpg", ".jpeg"],
    storage.PNG: [".png"],
    storage.DOCX: [".docx"],
}
HINT = (
    f"{storage.ALLOWED_LABEL}; до {storage.MAX_FILE_BYTES // storage.MB} МБ каждый, "
    f"не больше {MAX_FILES} файлов и {storage.MAX_SUBMISSION_BYTES // storage.MB} МБ вместе"
)


def uploader(
    upload_id: str, *, input_id: str = "", label: str = "Документы", hint: str = HINT
) -> rx.Component:
    """The widget for ``upload_id`` (a key like ``support``, ``[a-z0-9-]``).

    Element ids: ``upload-<upload_id>`` (drop zone), ``input_id`` or ``upload-<upload_id>-file``
    (the file input, for Playwright's ``set_input_files``), ``upload-<upload_id>-list``,
    ``upload-<upload_id>-errors``, ``upload-<upload_id>-remove-<document id>``.
    """
    return rx.box(
        rx.text(label, size="2", weight="medium", as_="div"),
        _drop_zone(upload_id, input_id or f"upload-{upload_id}-file", hint, label),
        _progress(upload_id),
        _errors(upload_id),
        _file_list(upload_id),
        on_mount=UploadsState.refresh(upload_id),
        role="group",
        aria_label=label,
        display="flex",
        flex_direction="column",
        gap="var(--space-2)",
        width="100%",
    )


def _drop_zone_content(zone_id: str, hint: str) -> rx.Component:
    """What the drop zone shows: an icon, the invitation, the «Выбрать файлы» button, limits."""
    return rx.vstack(
        rx.icon("upload", size=24, aria_hidden="true"),
        rx.text("Перетащите файлы сюда или", size="2"),
        rx.button(
            "Выбрать файлы",
            type="button",
            variant="soft",
            id=f"{zone_id}-pick",
            min_height=TOUCH_TARGET,
        ),
        rx.text(hint, size="1", color="var(--gray-11)"),
        align="center",
        spacing="2",
    )


def _drop_zone(upload_id: str, input_id: str, hint: str, label: str) -> rx.Component:
    zone_id = f"upload-{upload_id}"
    zone = rx.upload.root(
        _drop_zone_content(zone_id, hint),
        id=zone_id,
        multiple=True,
        accept=ACCEPT,
        max_size=storage.MAX_FILE_BYTES,
        max_files=MAX_FILES,
        no_keyboard=True,  # the button inside is the keyboard target (one tab stop)
        on_drop=UploadsState.upload(
            # Reflex types an upload spec only as a handler's sole argument; ours takes the widget
            rx.upload_files(  # pyright: ignore[reportArgumentType]
                upload_id=zone_id,
                on_upload_progress=lambda p: UploadsState.track_progress(upload_id, p),
            ),
            upload_id,
        ),
        on_drop_rejected=lambda rejected: UploadsState.refuse_dropped(
            upload_id, _names_and_codes(rejected)
        ),
        border="2px dashed var(--gray-7)",
        border_radius="var(--radius-3)",
        padding="var(--space-4)",
        cursor="pointer",
        drag_active_style=rx.Style(
            {"border_color": "var(--accent-9)", "background": "var(--accent-2)"}
        ),
    )
    _name_file_input(zone, input_id, label)
    return zone


def _names_and_codes(rejected: rx.Var) -> rx.Var:
    """Refused files reduced in the browser to ``{name, codes}``: a File object in an event
    would travel to the server whole (Socket.IO sends it as a binary attachment)."""
    items = rejected.to(list[dict[str, Any]])
    return items[:MAX_ERRORS].map(
        lambda item: {
            "name": item["file"].to(dict[str, Any])["name"],
            "codes": item["errors"].to(list[dict[str, Any]]).pluck("code"),
        }
    )


def _name_file_input(zone: rx.Component, input_id: str, label: str) -> None:
    """Give the hidden <input type=file> its id and accessible name: rx.upload builds it without
    a way to pass them (structure in Reflex 0.10: Upload > div > [input, children…])."""
    file_input = zone.children[0].children[0]
    if not isinstance(file_input, rx.Component) or getattr(file_input, "tag", "") != "input":
        raise RuntimeError("rx.upload changed shape: the file input was not found")
    file_input.id = input_id
    file_input.custom_attrs = {**file_input.custom_attrs, "aria-label": label}


def _progress(upload_id: str) -> rx.Component:
    percent = UploadsState.progress.get(upload_id, 0).to(int)
    return rx.cond(
        percent > 0,
        rx.hstack(
            rx.progress(value=percent, max=100, aria_label="Загрузка файлов", flex="1"),
            rx.text(percent.to_string() + " %", size="1"),
            align="center",
            width="100%",
        ),
    )


def _errors(upload_id: str) -> rx.Component:
    messages = UploadsState.errors.get(upload_id, []).to(list[str])
    return rx.cond(
        messages.length() > 0,
        rx.el.ul(
            rx.foreach(messages, lambda m: rx.el.li(rx.text(m, size="2"))),
            id=f"upload-{upload_id}-errors",
            role="alert",
            color="var(--red-11)",
            margin="0",
            padding_left="var(--space-4)",
        ),
    )


def _file_list(upload_id: str) -> rx.Component:
    rows = UploadsState.files.get(upload_id, []).to(list[dict[str, str]])
    return rx.el.ul(
        rx.foreach(rows, lambda row: _file_row(upload_id, row)),
        id=f"upload-{upload_id}-list",
        aria_label="Загруженные файлы",
        list_style="none",
        margin="0",
        padding="0",
    )


def _file_row(upload_id: str, row) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.icon("file-text", size=18, aria_hidden="true"),
            rx.el.a(
                rx.text(row["name"], size="2"),
                href=routes.document(row["id"]),
                reload_document=True,  # rx.el.a is a React Router link: fetch, do not route
                flex="1",
                word_break="break-all",
            ),
            rx.text(row["size_label"], size="1", color="var(--gray-11)", white_space="nowrap"),
            rx.button(
                "Удалить",
                type="button",
                variant="ghost",
                color_scheme="red",
                id=f"upload-{upload_id}-remove-" + row["id"],
                aria_label="Удалить файл " + row["name"],
                min_height=TOUCH_TARGET,
                on_click=UploadsState.remove(upload_id, row["id"]),
            ),
            align="center",
            width="100%",
        ),
        padding_y="var(--space-1)",
    )
