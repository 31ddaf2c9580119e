"""The analyte catalogue (SPEC §2.2): ~45 common analytes with LOINC codes, UCUM units and
reference ranges by sex and age, read once from ``gosapp/data/analytes.json``.

A result's reference range and flag are decided here and copied onto its row when it is written,
so a later change of the catalogue never rewrites what a patient was told.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from gosapp.models.accounts import Sex
from gosapp.models.labs import LabFlag
from gosapp.services.common.errors import NotFound


@dataclass(frozen=True)
class RefRange:
    """A reference range for one sex (``*`` for both) and an age band in whole years."""

    sex: str
    age_min: int
    age_max: int
    low: float | None
    high: float | None

    def fits(self, sex: Sex | str, age: int) -> bool:
        """Whether this range is the one for a person of ``sex`` and ``age``."""
        return self.sex in ("*", str(sex)) and self.age_min <= age <= self.age_max


@dataclass(frozen=True)
class Analyte:
    """One catalogue entry."""

    code: str
    loinc: str
    name: str
    panel: str
    ucum: str  # the unit results are stored and exported in
    unit: str  # how the unit reads in Russian («ммоль/л»)
    decimals: int
    method: str
    ranges: tuple[RefRange, ...]

    def range_for(self, sex: Sex | str, age: int) -> RefRange | None:
        """The reference range for a person, or None if the catalogue has none for them."""
        return next((r for r in self.ranges if r.fits(sex, age)), None)

    def format(self, value: float) -> str:
        """The value with the analyte's precision and a decimal comma: «5,4»."""
        return f"{value:.{self.decimals}f}".replace(".", ",")


@dataclass(frozen=True)
class Panel:
    """A group of analytes ordered and shown together («Общий анализ крови»)."""

    code: str
    name: str


@cache
def _catalogue() -> tuple[dict[str, Panel], dict[str, Analyte]]:
    raw = json.loads(resources.files("gosapp").joinpath("data", "analytes.json").read_text("utf-8"))
    panels = {p["code"]: Panel(p["code"], p["name"]) for p in raw["panels"]}
    analytes = {}
    for item in raw["analytes"]:
        ranges = tuple(RefRange(**r) for r in item.pop("ranges"))
        analytes[item["code"]] = Analyte(**item, ranges=ranges)
    return panels, analytes


def panels() -> list[Panel]:
    """Every panel, in catalogue order."""
    return list(_catalogue()[0].values())


def analytes(panel: str | None = None) -> list[Analyte]:
    """Every analyte, or those of one panel, in catalogue order."""
    return [a for a in _catalogue()[1].values() if panel is None or a.panel == panel]


def analyte(code: str) -> Analyte:
    """The analyte with ``code``; NotFound for anything else (codes come from clients too)."""
    found = _catalogue()[1].get(str(code))
    if found is None:
        raise NotFound("Неизвестный показатель")
    return found


def by_loinc(loinc: str) -> Analyte | None:
    """The analyte with this LOINC code, if the catalogue has it."""
    return next((a for a in _catalogue()[1].values() if a.loinc == loinc), None)


def panel_name(code: str) -> str:
    """The panel's Russian name, or the code itself for an unknown one."""
    panel = _catalogue()[0].get(code)
    return panel.name if panel else code


def flag_for(value: float, low: float | None, high: float | None) -> LabFlag:
    """↑ above the range, ↓ below it, else normal (an open side never flags)."""
    if high is not None and value > high:
        return LabFlag.HIGH
    if low is not None and value < low:
        return LabFlag.LOW
    return LabFlag.NORMAL


def search_text(item: Analyte, laboratory: str = "", comment: str = "") -> str:
    """What free-text search looks in, casefolded in Python (not by SQL ``lower()``)."""
    parts = (item.name, panel_name(item.panel), item.code, item.loinc, laboratory, comment)
    return " ".join(p for p in parts if p).casefold()[:600]
