"""The filters card: the date range and the text, applied with «Показать»; the panel, the
analyte, «только отклонения» and the sort order, applied on change. Every filter becomes the
page's address (``LabsState``), so a reload or the back button keeps it."""

import reflex as rx

from gosapp.components.forms import date_field, field_error, labelled
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.labs import filters_model as model
from gosapp.pages.patient.labs.state import LabsState


def choice(field: str, label: str, options, element_id: str) -> rx.Component:
    """A select applied on change; ``options`` are [value, label] pairs (a list or a var)."""
    content = (
        rx.select.content(rx.foreach(options, lambda o: rx.select.item(o[1], value=o[0])))
        if isinstance(options, rx.Var)
        else rx.select.content(*(rx.select.item(text, value=value) for value, text in options))
    )
    return labelled(
        label,
        rx.select.root(
            rx.select.trigger(id=element_id, min_height=TOUCH_TARGET, width="100%"),
            content,
            value=LabsState.applied[field],
            on_change=lambda value: LabsState.choose(field, value),
            size="3",
        ),
    )


def text_field() -> rx.Component:
    """Free text: a word of the name, the panel, the laboratory or the comment."""
    return rx.box(
        labelled(
            "Поиск",
            rx.input(
                name="q",
                id="labs-filter-text",
                placeholder="Например, глюкоза",
                max_length=model.TEXT_MAX,
                size="3",
                width="100%",
                auto_complete="off",
                default_value=LabsState.applied["q"],
            ),
        ),
        field_error(LabsState.errors.get("q", ""), "labs-filter-text-error"),
        width="100%",
    )


def buttons() -> rx.Component:
    """«Показать» and «Сбросить фильтры»."""
    return rx.flex(
        rx.button("Показать", type="submit", size="3", min_height=TOUCH_TARGET, id="labs-apply"),
        rx.button(
            "Сбросить фильтры",
            type="button",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=LabsState.reset_filters,
            id="labs-filter-reset",
        ),
        gap="var(--space-2)",
        align="end",
        wrap="wrap",
    )


def typed_form() -> rx.Component:
    """The dates (ДД.ММ.ГГГГ) and the text, applied together."""
    dates = (
        date_field(
            label,
            name,
            model.DATE_FIELDS[name],
            LabsState.errors.get(name, ""),
            default_value=LabsState.applied[name],
        )
        for name, label in (("from", "Дата анализа с"), ("to", "по"))
    )
    return rx.form(
        rx.grid(
            *dates,
            text_field(),
            buttons(),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            gap="var(--space-3)",
            align_items="end",
            width="100%",
        ),
        on_submit=LabsState.apply,
        no_validate=True,
        key=LabsState.form_key,  # a new address remounts the form with its values
    )


def abnormal_switch() -> rx.Component:
    """«Только отклонения»: results out of their reference range."""
    return rx.el.label(
        rx.switch(
            checked=LabsState.applied["abnormal"] == "1",
            on_change=lambda on: LabsState.choose("abnormal", rx.cond(on, "1", "")),
            id="labs-filter-abnormal",
            size="3",
        ),
        rx.text("Только отклонения от нормы", size="2"),
        display="flex",
        align_items="center",
        gap="var(--space-2)",
        min_height=TOUCH_TARGET,
        cursor="pointer",
    )


def analyte_options() -> rx.Var:
    """The chosen panel's analytes: the catalogue's lists per panel are part of the page, so a
    panel chosen sends no list (only the chosen panel, in ``applied``)."""
    by_panel = {code: model.analyte_options(code) for code, _ in model.panel_options()}
    return rx.Var.create(by_panel)[LabsState.applied["panel"]]


def filters_card() -> rx.Component:
    """Every filter of the table."""
    return rx.card(
        typed_form(),
        rx.grid(
            choice("panel", "Анализ", model.panel_options(), "labs-filter-test"),
            choice("analyte", "Показатель", analyte_options(), "labs-filter-analyte"),
            choice("sort", "Сортировка", [list(s) for s in model.SORTS], "labs-sort"),
            abnormal_switch(),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            gap="var(--space-3)",
            align_items="end",
            margin_top="var(--space-3)",
        ),
        width="100%",
        id="labs-filters",
    )
