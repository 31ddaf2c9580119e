"""How a lab result reads in the exports: dates in the portal's time zone, values with the
analyte's precision and a decimal comma, units in Russian, flags and statuses in words, and the
filter described in words (the CSV, the PDF report and the FHIR Bundle share these)."""

from __future__ import annotations

from datetime import UTC, datetime

from gosapp.models.accounts import User
from gosapp.models.labs import LabFlag, LabResult, LabStatus
from gosapp.services.common.display import display_time, full_name
from gosapp.services.common.errors import NotFound
from gosapp.services.medical import analytes
from gosapp.services.medical.lab_query import LabFilter, SortKey
from gosapp.settings import get_settings

FLAG_TEXT = {LabFlag.HIGH: "выше нормы", LabFlag.LOW: "ниже нормы", LabFlag.NORMAL: "норма"}
STATUS_TEXT = {LabStatus.FINAL: "окончательный", LabStatus.PRELIMINARY: "предварительный"}
SORT_TEXT = {SortKey.DATE: "по дате", SortKey.NAME: "по названию", SortKey.VALUE: "по значению"}


def cells(row: LabResult) -> list[str]:
    """One result as the columns of the CSV and the PDF table, in words and decimal commas."""
    return [
        display_time(row.taken_at),
        row.analyte_name,
        analytes.panel_name(row.panel_code),
        number(row, row.value),
        unit_text(row),
        reference_text(row),
        FLAG_TEXT.get(LabFlag(row.flag), str(row.flag)),
        row.laboratory,
        STATUS_TEXT.get(LabStatus(row.status), str(row.status)),
        row.loinc,
    ]


def decimals(row: LabResult) -> int:
    """The analyte's precision (2 for a code the catalogue no longer has)."""
    try:
        return analytes.analyte(row.analyte_code).decimals
    except NotFound:
        return 2


def number(row: LabResult, value: float) -> str:
    """A value of this row's analyte with its precision and a decimal comma: «5,4»."""
    return f"{value:.{decimals(row)}f}".replace(".", ",")


def unit_text(row: LabResult) -> str:
    """The unit as it reads in Russian («ммоль/л»); the UCUM code if the catalogue lost it."""
    try:
        return analytes.analyte(row.analyte_code).unit
    except NotFound:
        return row.units


def reference_text(row: LabResult) -> str:
    """«3,9–6,1», «< 5,2», «> 1,0», or "" without a range."""
    low, high = row.ref_low, row.ref_high
    if low is not None and high is not None:
        return f"{number(row, low)}–{number(row, high)}"
    if high is not None:
        return f"< {number(row, high)}"
    if low is not None:
        return f"> {number(row, low)}"
    return ""


def describe(flt: LabFilter) -> str:
    """The filter in words, for the top of the report: «панель: …, с 01.03.2026, …»."""
    parts = []
    if flt.panel:
        parts.append(f"панель: {analytes.panel_name(flt.panel)}")
    if flt.analyte:
        parts.append(f"показатель: {_analyte_name(flt.analyte)}")
    if flt.date_from:
        parts.append(f"с {flt.date_from:%d.%m.%Y}")
    if flt.date_to:
        parts.append(f"по {flt.date_to:%d.%m.%Y}")
    if flt.abnormal_only:
        parts.append("только отклонения от нормы")
    if flt.text.strip():
        parts.append(f"поиск «{flt.text.strip()}»")
    if not parts:
        parts.append("все результаты")
    order = "по убыванию" if flt.descending else "по возрастанию"
    return f"{', '.join(parts)}; сортировка {SORT_TEXT[flt.sort]}, {order}"


def _analyte_name(code: str) -> str:
    try:
        return analytes.analyte(code).name
    except NotFound:
        return code


def local(moment: datetime) -> datetime:
    """A stored time (naive means UTC) in the portal's time zone."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(get_settings().tz)


def patient_name(patient: User) -> str:
    """«Фамилия Имя Отчество» of the patient whose results these are."""
    return full_name(patient)
