"""The visit being written (tablet first): complaint and conclusion, a diagnosis found by МКБ-10
search as the doctor types, a recommendation, a lab order, a result, and «Приём состоялся».
Each block is its own small form; errors stay beside their field and nothing typed is lost."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import date_input, error_for, labelled
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.patient_card.state import PatientCardState as S
from gosapp.services.medical import analytes

KINDS = (
    ("treatment", "Курс лечения"),
    ("examination", "Повторное обследование"),
    ("prevention", "Профилактика"),
)


def block(title: str, element_id: str, *children) -> rx.Component:
    """A titled card of the visit form."""
    return rx.card(
        rx.heading(title, as_="h3", size="4", margin_bottom="var(--space-2)"),
        *children,
        id=element_id,
        width="100%",
    )


def button(label: str, element_id: str, **props) -> rx.Component:
    """A touch-sized submit button."""
    return rx.button(
        label, type="submit", size="3", min_height=TOUCH_TARGET, id=element_id, **props
    )


def native_select(name: str, element_id: str, options, **props) -> rx.Component:
    """A plain <select> (its value arrives with the form; large enough to tap)."""
    return rx.el.select(
        *options,
        name=name,
        id=element_id,
        style={
            "min_height": TOUCH_TARGET,
            "width": "100%",
            "font_size": "16px",
            "padding": "0 8px",
            "border": "1px solid var(--gray-7)",
            "border_radius": "var(--radius-2)",
            "background": "var(--color-surface)",
            "color": "var(--gray-12)",
        },
        **props,
    )


def note_form() -> rx.Component:
    """«Жалобы» and «Заключение»."""
    return block(
        "Жалобы и заключение",
        "card-note",
        rx.form(
            labelled(
                "Жалобы",
                rx.text_area(
                    name="complaint",
                    default_value=S.complaint,
                    id="card-complaint",
                    rows="3",
                    size="3",
                ),
            ),
            error_for(S.errors, "complaint", "card"),
            labelled(
                "Заключение",
                rx.text_area(
                    name="conclusion",
                    default_value=S.conclusion,
                    id="card-conclusion",
                    rows="4",
                    size="3",
                ),
            ),
            error_for(S.errors, "conclusion", "card"),
            button("Сохранить", "card-note-save", margin_top="var(--space-2)"),
            on_submit=S.save_note,
            key=S.visit_id.to(str) + S.complaint,  # a saved note redraws with what was saved
        ),
    )


def icd_hit(row) -> rx.Component:
    """One МКБ-10 code found: tap to choose."""
    return rx.button(
        rx.text(rx.text.strong(row["code"]), " ", row["name"], text_align="left"),
        type="button",
        variant="ghost",
        size="3",
        min_height=TOUCH_TARGET,
        height="auto",
        justify="start",
        on_click=S.pick_icd(row["code"]),
        class_name="card-icd-hit",
        id="card-icd-hit-" + row["code"],
    )


def chronic_box() -> rx.Component:
    """«Хроническое заболевание»."""
    return rx.el.label(
        # A native box inside a 44 px label: the whole line is the tap target.
        rx.el.input(
            type="checkbox",
            name="chronic",
            id="card-diagnosis-chronic",
            style={"width": "22px", "height": "22px"},
        ),
        rx.text("Хроническое заболевание", size="3"),
        display="flex",
        gap="var(--space-2)",
        align_items="center",
        min_height=TOUCH_TARGET,
    )


def diagnosis_form() -> rx.Component:
    """Search МКБ-10, choose a code, comment, chronic, «Добавить диагноз»."""
    return block(
        "Диагноз (МКБ-10)",
        "card-diagnosis",
        rx.input(
            placeholder="Код или название: J06, гипертензия",
            on_change=S.search_icd.debounce(300),
            id="card-icd-search",
            size="3",
            auto_complete="off",
            aria_label="Поиск по МКБ-10",
        ),
        rx.flex(rx.foreach(S.icd_hits, icd_hit), direction="column", id="card-icd-hits"),
        rx.form(
            rx.cond(
                S.icd_code != "",
                rx.callout(
                    S.icd_label, icon="check", id="card-icd-chosen", margin_y="var(--space-2)"
                ),
                rx.text("Найдите и выберите код", size="2", color="var(--gray-11)"),
            ),
            error_for(S.errors, "icd_code", "card"),
            labelled(
                "Комментарий", rx.input(name="comment", id="card-diagnosis-comment", size="3")
            ),
            error_for(S.errors, "diagnosis_comment", "card"),
            chronic_box(),
            button("Добавить диагноз", "card-diagnosis-add"),
            on_submit=S.add_diagnosis,
            reset_on_submit=False,
        ),
    )


def diagnosis_choice() -> rx.Component:
    """Which of the patient's diagnoses the recommendation belongs to (optional)."""
    return labelled(
        "К диагнозу",
        native_select(
            "diagnosis",
            "card-rec-diagnosis",
            [
                rx.el.option("— без диагноза —", value="none"),
                rx.foreach(
                    S.diagnoses,
                    lambda d: rx.el.option(d["code"] + " " + d["name"], value=d["id"]),
                ),
            ],
        ),
    )


def recommendation_form() -> rx.Component:
    """Kind, text, due date and (optionally) the diagnosis it belongs to."""
    return block(
        "Рекомендация",
        "card-recommendation",
        rx.form(
            rx.grid(
                labelled(
                    "Вид",
                    native_select(
                        "kind", "card-rec-kind", [rx.el.option(t, value=v) for v, t in KINDS]
                    ),
                ),
                labelled("Срок (необязательно)", date_input("due", "card-rec-due")),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="var(--space-3)",
            ),
            error_for(S.errors, "recommendation_due", "card"),
            labelled(
                "Что сделать", rx.text_area(name="text", id="card-rec-text", rows="2", size="3")
            ),
            error_for(S.errors, "recommendation_text", "card"),
            diagnosis_choice(),
            error_for(S.errors, "recommendation_diagnosis", "card"),
            button("Добавить рекомендацию", "card-rec-add", margin_top="var(--space-2)"),
            on_submit=S.add_recommendation,
            reset_on_submit=True,
        ),
    )


def lab_forms() -> rx.Component:
    """Order a panel; enter a measured result."""
    panels = [rx.el.option(p.name, value=p.code) for p in analytes.panels()]
    items = [
        rx.el.option(f"{a.name}, {a.unit}" if a.unit else a.name, value=a.code)
        for a in analytes.analytes()
    ]
    return block(
        "Анализы",
        "card-labs",
        rx.form(
            labelled("Назначить исследование", native_select("panel", "card-order-panel", panels)),
            error_for(S.errors, "lab_panel", "card"),
            button("Назначить", "card-order-add", variant="soft", margin_top="var(--space-2)"),
            on_submit=S.order_lab,
        ),
        rx.foreach(S.orders, lambda o: rx.text("• ", o["panel"], " — ", o["status"], size="2")),
        rx.separator(margin_y="var(--space-3)"),
        rx.form(
            rx.grid(
                labelled("Показатель", native_select("analyte", "card-result-analyte", items)),
                labelled(
                    "Значение",
                    rx.input(name="value", id="card-result-value", input_mode="decimal", size="3"),
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="var(--space-3)",
            ),
            error_for(S.errors, "result_value", "card"),
            error_for(S.errors, "result_analyte", "card"),
            button("Внести результат", "card-result-add", margin_top="var(--space-2)"),
            on_submit=S.enter_result,
            reset_on_submit=True,
        ),
    )


def visit_form() -> rx.Component:
    """The visit written now, with «Приём состоялся» while it is still scheduled."""
    return rx.flex(
        rx.flex(
            rx.heading("Приём ", S.visit_label, as_="h2", size="5"),
            rx.cond(
                S.visit_status == "scheduled",
                rx.button(
                    "Приём состоялся",
                    on_click=S.complete,
                    color_scheme="green",
                    size="3",
                    min_height=TOUCH_TARGET,
                    id="card-complete",
                ),
                rx.badge("Состоялся", color_scheme="green", size="3", id="card-completed"),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="var(--space-2)",
        ),
        note_form(),
        diagnosis_form(),
        recommendation_form(),
        lab_forms(),
        direction="column",
        gap="var(--space-3)",
        width="100%",
        id="card-visit",
    )
