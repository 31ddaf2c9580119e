"""The /labs filter form's values and the service's filter, both ways (plain Python).

The URL (``lab_params``) is the truth: a filter applied becomes a new address, and loading an
address fills the form back. The form shows dates as ДД.ММ.ГГГГ; the URL carries ISO dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.medical import analytes as catalogue
from gosapp.services.medical.lab_query import LabFilter, SortKey

ALL = "all"  # the select value for «any» (Radix selects cannot hold "")
SORTS = (
    ("date_desc", "Сначала новые"),
    ("date_asc", "Сначала старые"),
    ("name_asc", "По названию, А–Я"),
    ("name_desc", "По названию, Я–А"),
    ("value_desc", "По значению, по убыванию"),
    ("value_asc", "По значению, по возрастанию"),
)
DATE_FIELDS = {"from": "labs-filter-from", "to": "labs-filter-to"}  # form name -> element id
TEXT_MAX = 100


def panel_options() -> list[list[str]]:
    """[value, label] of every panel, «Все анализы» first."""
    return [[ALL, "Все анализы"], *([p.code, p.name] for p in catalogue.panels())]


def analyte_options(panel: str) -> list[list[str]]:
    """[value, label] of the panel's analytes (every analyte for no panel)."""
    chosen = None if panel in ("", ALL) else panel
    items = catalogue.analytes(chosen) if chosen in {p.code for p in catalogue.panels()} else []
    items = items or catalogue.analytes()
    return [[ALL, "Все показатели"], *([a.code, a.name] for a in items)]


def form_values(flt: LabFilter) -> dict[str, str]:
    """What the form shows for ``flt``."""
    return {
        "panel": flt.panel or ALL,
        "analyte": flt.analyte or ALL,
        "from": flt.date_from.strftime("%d.%m.%Y") if flt.date_from else "",
        "to": flt.date_to.strftime("%d.%m.%Y") if flt.date_to else "",
        "abnormal": "1" if flt.abnormal_only else "",
        "q": flt.text,
        "sort": f"{flt.sort.value}_{'desc' if flt.descending else 'asc'}",
    }


@lru_cache(maxsize=64)
def _codes(panel: str | None) -> frozenset[str]:
    """The panel codes (``None``), or the analyte codes a panel's select offers."""
    options = panel_options() if panel is None else analyte_options(panel)
    return frozenset(v for v, _ in options if v != ALL)


def _known(value: str, codes: frozenset[str]) -> str:
    return value if value in codes else ""


def to_filter(values: Mapping[str, str]) -> LabFilter:
    """The filter the form's values mean; Invalid naming the form field for a bad one."""
    panel = _known(str(values.get("panel", "")), _codes(None))
    analyte = _known(str(values.get("analyte", "")), _codes(panel))
    days = {}
    for name in DATE_FIELDS:
        raw = str(values.get(name, "") or "").strip()
        days[name] = parse_date(raw, name) if raw else None
    sort, _, order = str(values.get("sort", "")).partition("_")
    text = str(values.get("q", "") or "").strip()
    if len(text) > TEXT_MAX:
        raise Invalid("q", f"Не более {TEXT_MAX} символов")
    try:
        return LabFilter(
            panel=panel,
            analyte=analyte,
            date_from=days["from"],
            date_to=days["to"],
            abnormal_only=str(values.get("abnormal", "")) in ("1", "true"),
            text=text,
            sort=SortKey(sort) if sort in SortKey._value2member_map_ else SortKey.DATE,
            descending=order != "asc",
        )
    except Invalid as exc:  # «с» after «по»: shown beside «по»
        raise Invalid("to" if exc.field.startswith("date") else exc.field, exc.message) from None


def with_choice(flt: LabFilter, field: str, value: str) -> LabFilter:
    """``flt`` with one select changed (an unknown value is refused with Invalid)."""
    values = {**form_values(flt), field: value}
    if field == "panel":  # another panel: its analytes only
        values["analyte"] = ALL
    changed = to_filter(values)
    if field == "sort" and value not in {v for v, _ in SORTS}:
        raise Invalid("sort", "Выберите значение из списка")
    return replace(changed)
