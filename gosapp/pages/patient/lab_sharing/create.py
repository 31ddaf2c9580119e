"""«Открыть доступ»: whom (a doctor from the list or a search, or a one-time link), what (a panel
over a period, or results picked from the recent ones) and until when."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.forms import date_field, error_for, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.patient.lab_sharing.state import LabSharingState as S
from gosapp.services.medical.analytes import panels
from gosapp.services.medical.sharing import ResultGroup, ResultLine
from gosapp.services.medical.sharing_doctors import DoctorChoice

NO_DOCTORS = "Врачей, у которых вы были на приёме, нет — найдите врача по фамилии."
NO_RESULTS = "Результатов анализов пока нет: делиться нечем."
LINK_NOTE = "Ссылку можно открыть один раз, указав вашу дату рождения. Её можно отозвать."
DOCTOR_NOTE = (
    "Если дату не указать, доступ продлится 30 дней; не больше года. "
    "Его можно отозвать в любой момент."
)


def doctor_item(doctor: ObjectVar[DoctorChoice]) -> rx.Component:
    """One doctor to pick: name, specialty and clinic."""
    return rx.el.label(
        rx.radio_group.item(value=doctor.id, id="sharing-doctor-" + doctor.id.to(str)),
        rx.flex(
            rx.text(doctor.name, weight="medium"),
            rx.text(doctor.details, size="1"),
            direction="column",
        ),
        display="flex",
        gap="var(--space-2)",
        align_items="center",
        min_height=TOUCH_TARGET,
        cursor="pointer",
    )


def doctor_search() -> rx.Component:
    """Find a doctor by surname or first name (its own small form)."""
    return rx.form(
        rx.flex(
            rx.input(
                name="doctor_query",
                placeholder="Фамилия или имя врача",
                aria_label="Фамилия или имя врача",
                size="3",
                flex="1",
                min_width="200px",
                id="sharing-doctor-query",
            ),
            rx.button(
                "Найти",
                type="submit",
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
                id="sharing-doctor-find",
            ),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        error_for(S.errors, "doctor_query", "sharing"),
        on_submit=S.search_doctors,
    )


def doctor_picker() -> rx.Component:
    """The doctors the patient has visits with (or found), as radio choices."""
    return rx.flex(
        rx.text("Врач", size="2", weight="medium", id="sharing-doctor-label"),
        rx.cond(
            S.doctors.length() > 0,
            rx.radio_group.root(
                rx.flex(rx.foreach(S.doctors, doctor_item), direction="column"),
                value=S.doctor_id,
                on_change=S.choose_doctor,
                aria_labelledby="sharing-doctor-label",
                id="sharing-doctors",
            ),
            rx.text(NO_DOCTORS, size="2", color="var(--gray-11)"),
        ),
        error_for(S.errors, "doctor", "sharing"),
        doctor_search(),
        direction="column",
        gap="var(--space-2)",
    )


def choices(
    label: str, element_id: str, options: list[tuple[str, str]], value: rx.Var, on_change
) -> rx.Component:
    """A radio group of ``(value, label)`` options named by its heading."""
    return rx.flex(
        rx.text(label, size="2", weight="medium", id=f"{element_id}-label"),
        rx.radio_group.root(
            rx.flex(
                *(
                    rx.el.label(
                        rx.radio_group.item(value=key, id=f"{element_id}-{key}"),
                        text,
                        display="flex",
                        gap="var(--space-2)",
                        align_items="center",
                        min_height=TOUCH_TARGET,
                        cursor="pointer",
                    )
                    for key, text in options
                ),
                gap="var(--space-4)",
                wrap="wrap",
            ),
            value=value,
            on_change=on_change,
            aria_labelledby=f"{element_id}-label",
            id=element_id,
        ),
        direction="column",
        gap="var(--space-1)",
    )


def whom() -> rx.Component:
    """Step 1: a doctor of the portal, or a one-time link."""
    return rx.flex(
        choices(
            "Кому открыть доступ",
            "sharing-target",
            [("doctor", "Врачу портала"), ("link", "По одноразовой ссылке")],
            S.target,
            S.set_target,
        ),
        rx.cond(S.target == "doctor", doctor_picker()),
        direction="column",
        gap="var(--space-3)",
    )


def picked_item(line: ObjectVar[ResultLine]) -> rx.Component:
    """One recent result with its checkbox."""
    return rx.el.label(
        rx.checkbox(
            checked=S.picked.contains(line.id),
            on_change=lambda checked: S.toggle(line.id, checked),
            id="sharing-pick-" + line.id.to(str),
        ),
        rx.text(line.name, " — ", rx.text.strong(line.value), " ", line.units, size="2"),
        rx.cond(
            line.flag != "N",
            rx.badge(
                line.flag_label,
                color_scheme=rx.cond(line.flag == "H", "red", "blue"),
                variant="soft",
            ),
        ),
        display="flex",
        gap="var(--space-2)",
        align_items="center",
        min_height=TOUCH_TARGET,
        cursor="pointer",
    )


def picked_group(group: ObjectVar[ResultGroup]) -> rx.Component:
    """The results of one day and panel."""
    return rx.box(
        rx.text(group.label, size="2", weight="bold", color="var(--gray-12)"),
        rx.foreach(group.results, picked_item),
        padding_y="var(--space-1)",
    )


def pick_list() -> rx.Component:
    """The recent results to pick from, grouped by day and panel (compact, scrolls)."""
    return rx.flex(
        rx.text("Выберите результаты (последние 100)", size="2", weight="medium"),
        rx.cond(
            S.groups.length() > 0,
            rx.scroll_area(
                rx.foreach(S.groups, picked_group),
                type="auto",
                scrollbars="vertical",
                max_height="360px",
                id="sharing-pick-list",
            ),
            rx.text(NO_RESULTS, size="2", color="var(--gray-11)"),
        ),
        rx.text("Выбрано: ", S.picked.length(), size="2", id="sharing-picked-count"),
        error_for(S.errors, "results", "sharing"),
        direction="column",
        gap="var(--space-2)",
    )


def panel_fields() -> rx.Component:
    """A panel and an optional period (all its results in it)."""
    return rx.flex(
        labelled(
            "Панель анализов",
            rx.select.root(
                rx.select.trigger(placeholder="Выберите панель", id="sharing-panel"),
                rx.select.content(*(rx.select.item(p.name, value=p.code) for p in panels())),
                name="panel",
                default_value=panels()[0].code,
                size="3",
            ),
        ),
        rx.grid(
            date_field(
                "С даты (необязательно)", "date_from", "sharing-from", S.errors.get("date_from", "")
            ),
            date_field(
                "По дату (необязательно)", "date_to", "sharing-to", S.errors.get("date_to", "")
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
        ),
        error_for(S.errors, "results", "sharing-panel"),
        direction="column",
        gap="var(--space-3)",
    )


def until() -> rx.Component:
    """Until when: a date for a doctor (30 days unless chosen), 24 or 72 hours for a link."""
    return rx.cond(
        S.target == "link",
        rx.box(
            choices(
                "Срок действия ссылки",
                "sharing-hours",
                [("24", "24 часа"), ("72", "72 часа")],
                S.hours,
                S.set_hours,
            ),
            error_for(S.errors, "hours", "sharing"),
        ),
        date_field(
            "Доступ действует до (включительно)",
            "expires_on",
            "sharing-expires",
            S.errors.get("expires_on", ""),
        ),
    )


def share_form() -> rx.Component:
    """What and until when, and the button (the doctor is picked above, outside the form)."""
    return rx.form(
        rx.flex(
            choices(
                "Что передать",
                "sharing-what",
                [("panel", "Панель за период"), ("pick", "Отдельные результаты")],
                S.what,
                S.set_what,
            ),
            rx.cond(S.what == "pick", pick_list(), panel_fields()),
            until(),
            rx.text(
                rx.cond(
                    S.target == "link",
                    LINK_NOTE,
                    DOCTOR_NOTE,
                ),
                size="2",
                color="var(--gray-11)",
            ),
            rx.button(
                rx.cond(S.target == "link", "Создать ссылку", "Открыть доступ"),
                type="submit",
                size="3",
                min_height=TOUCH_TARGET,
                id="sharing-submit",
            ),
            direction="column",
            gap="var(--space-4)",
        ),
        on_submit=S.create,
    )


def create_section() -> rx.Component:
    """The card «Открыть доступ к результатам»."""
    return rx.card(
        rx.heading(
            "Открыть доступ к результатам", as_="h2", size="5", margin_bottom="var(--space-3)"
        ),
        rx.flex(
            whom(), rx.separator(size="4"), share_form(), direction="column", gap="var(--space-4)"
        ),
        id="sharing-create",
        width="100%",
    )
