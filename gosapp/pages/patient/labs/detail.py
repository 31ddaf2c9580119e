"""One result opened: its detail (method, equipment, laboratory, status, comment, range), the
trend chart of its analyte (the reference range shaded, out-of-range points marked in red, a
tooltip) and «Все показатели панели»: small charts of the panel's other analytes."""

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.labs.state import LabsState
from gosapp.pages.patient.labs.table import flag_badge

Chart = ObjectVar[dict]
# Numbers on the charts in Russian: a decimal comma («5,2»), not recharts' «5.2».
RU_NUMBER = (
    "(value) => typeof value === 'number' ? "
    "value.toLocaleString('ru-RU', {maximumFractionDigits: 3}) : value"
)
FACTS = (
    ("Анализ", "panel_name"),
    ("Дата", "date"),
    ("Норма", "range"),
    ("Лаборатория", "lab"),
    ("Метод", "method"),
    ("Оборудование", "equipment"),
    ("Статус", "status"),
)


def trend_chart(
    chart: Chart, height: int, element_id: str | rx.Var, axes: bool = True
) -> rx.Component:
    """The analyte's values over time: a line, the range shaded, red dots out of range."""
    return rx.recharts.composed_chart(
        rx.recharts.reference_area(
            y1=chart["low"],
            y2=chart["high"],
            fill="var(--green-9)",
            fill_opacity=0.12,
            if_overflow="extendDomain",
        ),
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(data_key="date", hide=not axes, tick_size=4, min_tick_gap=24),
        rx.recharts.y_axis(
            domain=["auto", "auto"], width=48 if axes else 36, tick_formatter=RU_NUMBER
        ),
        rx.recharts.line(
            data_key="value",
            name="Значение",
            stroke="var(--accent-9)",
            stroke_width=2,
            is_animation_active=False,
        ),
        rx.recharts.line(  # only the out-of-range points: red dots, no line between them
            data_key="abnormal",
            name="Вне нормы",
            stroke="none",
            dot={"r": 5, "fill": "var(--red-9)", "stroke": "var(--red-11)"},
            active_dot={"r": 7, "fill": "var(--red-9)"},
            legend_type="diamond",
            is_animation_active=False,
        ),
        rx.recharts.graphing_tooltip(custom_attrs={"formatter": rx.Var(RU_NUMBER)}),
        data=chart["points"],
        height=height,
        width="100%",
        id=element_id,
    )


def fact(label: str, key: str) -> rx.Component:
    """A term and its value."""
    return rx.data_list.item(
        rx.data_list.label(label, min_width="112px"),
        rx.data_list.value(LabsState.detail[key]),
    )


def facts() -> rx.Component:
    """Method, equipment, laboratory, status and the comment."""
    return rx.vstack(
        rx.data_list.root(
            *(fact(label, key) for label, key in FACTS),
            orientation="horizontal",
            size="2",
        ),
        rx.cond(
            LabsState.detail["comment"] != "",
            rx.callout(LabsState.detail["comment"], icon="message-square", size="1"),
        ),
        spacing="3",
        width="100%",
    )


def headline() -> rx.Component:
    """The name, the value with its flag and the change since the previous value."""
    detail = LabsState.detail
    return rx.flex(
        rx.heading(detail["name"], as_="h2", size="5", id="labs-detail-title"),
        rx.flex(
            rx.text(rx.text.strong(detail["value"]), " ", detail["unit"], size="5"),
            flag_badge(detail["flag"].to(str)),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            detail["change"] != "",
            rx.text(detail["change"], size="2", color="var(--gray-11)", id="labs-detail-change"),
        ),
        direction="column",
        gap="var(--space-1)",
    )


def legend() -> rx.Component:
    """What the colours mean, in words."""
    return rx.text(
        "Зелёная полоса — норма (",
        LabsState.chart["range"],
        " ",
        LabsState.chart["unit"],
        "), красные точки — значения вне нормы.",
        size="1",
        color="var(--gray-11)",
    )


def mini_chart(chart: Chart) -> rx.Component:
    """One of the panel's other analytes, small."""
    return rx.card(
        rx.text(chart["name"], size="2", weight="medium"),
        rx.text(chart["range"], " ", chart["unit"], size="1", color="var(--gray-11)"),
        trend_chart(chart, 120, "labs-mini-" + chart["code"].to(str), axes=False),
        class_name="labs-mini",
    )


def panel_charts() -> rx.Component:
    """«Все показатели панели»: the panel's other analytes side by side."""
    return rx.cond(
        LabsState.panel_charts.length() > 0,
        rx.box(
            rx.heading("Все показатели панели", as_="h3", size="4", margin_bottom="var(--space-2)"),
            rx.grid(
                rx.foreach(LabsState.panel_charts, mini_chart),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                gap="var(--space-3)",
            ),
            width="100%",
        ),
    )


def close_button() -> rx.Component:
    """Back to the table."""
    return rx.button(
        rx.icon("arrow-left", size=16, aria_hidden="true"),
        "К таблице",
        variant="soft",
        size="3",
        min_height=TOUCH_TARGET,
        on_click=LabsState.close_result,
        id="labs-detail-close",
    )


def detail_card() -> rx.Component:
    """The open result, or nothing."""
    return rx.cond(
        LabsState.detail["id"],
        rx.card(
            rx.vstack(
                rx.flex(
                    headline(),
                    close_button(),
                    justify="between",
                    wrap="wrap",
                    gap="3",
                    width="100%",
                ),
                rx.grid(
                    facts(),
                    rx.box(
                        rx.heading("Динамика", as_="h3", size="4"),
                        trend_chart(LabsState.chart, 260, "labs-trend"),
                        legend(),
                        width="100%",
                        min_width="0",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    gap="var(--space-4)",
                    width="100%",
                ),
                panel_charts(),
                spacing="4",
                width="100%",
            ),
            id="labs-detail",
            width="100%",
            scroll_margin_top="72px",  # below the sticky header when scrolled to
        ),
    )
