"""The lab filter as URL query parameters, shared by the /labs page (filters in the URL) and
the export route, so a link, a reload and an export always mean the same rows.

``patient`` names whose results a doctor looks at; the page and the route decide the right to
look (``services.medical.access``), never this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from gosapp.services.common.errors import Invalid
from gosapp.services.medical.lab_query import LabFilter, SortKey

# query name -> what it means; the names are the automation contract of the /labs URL
PARAMS = ("panel", "analyte", "from", "to", "abnormal", "q", "sort", "order", "patient")


def _day(raw: str, field: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(field, "Укажите дату в формате ДД.ММ.ГГГГ") from None


def to_filter(params: Mapping[str, str]) -> LabFilter:
    """The filter a query means; Invalid (naming the field) for a value that means nothing."""
    raw = {k: str(params.get(k, "") or "").strip() for k in PARAMS}
    try:
        sort = SortKey(raw["sort"] or SortKey.DATE)
    except ValueError:
        raise Invalid("sort", "Неизвестный порядок сортировки") from None
    return LabFilter(
        panel=raw["panel"][:16],
        analyte=raw["analyte"][:16],
        date_from=_day(raw["from"], "date_from"),
        date_to=_day(raw["to"], "date_to"),
        abnormal_only=raw["abnormal"] in ("1", "true", "yes"),
        text=raw["q"],
        sort=sort,
        descending=raw["order"] != "asc",
    )


def to_query(flt: LabFilter, patient_id: int | None = None) -> str:
    """The query string of ``flt``: defaults left out, so the plain /labs is the default view."""
    pairs = {
        "panel": flt.panel,
        "analyte": flt.analyte,
        "from": flt.date_from.isoformat() if flt.date_from else "",
        "to": flt.date_to.isoformat() if flt.date_to else "",
        "abnormal": "1" if flt.abnormal_only else "",
        "q": flt.text,
        "sort": "" if flt.sort is SortKey.DATE else flt.sort.value,
        "order": "" if flt.descending else "asc",
        "patient": str(patient_id) if patient_id else "",
    }
    return urlencode({k: v for k, v in pairs.items() if v})
