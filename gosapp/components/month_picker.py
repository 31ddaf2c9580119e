"""A month picker for a period «с — по»: a month and a year, each a plain <select> (a finger,
a keyboard and the form's data all work; a ``type="month"`` input is a text box in some
desktop browsers). The form sends ``<name>_month`` («01»…«12») and ``<name>_year``."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from gosapp.components.forms import SELECT_STYLE, native_select
from gosapp.services.common.months import month_names

MONTH_OPTIONS = {f"{n:02d}": name for n, name in enumerate(month_names(), start=1)}


def month_picker(
    label: str,
    name: str,
    element_id: str,
    years: rx.Var[Sequence[str]],
    month: rx.Var[str],
    year: rx.Var[str],
) -> rx.Component:
    """«С: [Январь] [2026]»: a group named ``label`` with the month and the year."""
    return rx.el.fieldset(
        rx.el.legend(rx.text(label, size="2", weight="medium"), padding="0"),
        rx.flex(
            native_select(f"{name}_month", f"{element_id}-month", MONTH_OPTIONS,
                          default_value=month, aria_label=f"{label}: месяц", flex="3"),
            rx.el.select(
                rx.foreach(years, lambda y: rx.el.option(y, value=y)),
                name=f"{name}_year", id=f"{element_id}-year", default_value=year,
                aria_label=f"{label}: год", **{**SELECT_STYLE, "flex": "2"},
            ),
            gap="var(--space-2)",
            width="100%",
        ),
        border="none", padding="0", margin="0", min_width="0",
        display="flex", flex_direction="column", gap="var(--space-1)",
    )  # fmt: skip
