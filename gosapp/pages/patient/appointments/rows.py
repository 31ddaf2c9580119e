"""The catalog's answers as the rows the page's vars hold: plain strings, each choice with the
address of the step it leads to. No Reflex here, and nothing about any patient."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gosapp.pages.patient.appointments.query import Choice, month_key
from gosapp.services.scheduling import catalog


@dataclass
class SlotGroup:
    """A part of the day (утро, день, вечер) and its free times: ``{"time", "id"}`` each."""

    title: str = ""
    slots: list[dict[str, str]] = field(default_factory=list)


def service_rows(choice: Choice) -> list[dict[str, str]]:
    """The four service types, each linking to the specialty step."""
    return [
        {"code": s.code, "title": s.title, "summary": s.summary, "href": choice.url(service=s.code)}
        for s in catalog.SERVICE_TYPES
    ]


def _unit(s: catalog.SpecialtyChoice) -> str:
    """«врача» for doctors, «окна» for an office's windows."""
    if s.code == catalog.OFFICE_SPECIALTY:
        return catalog.plural(s.doctors, "окно", "окна", "окон")
    return catalog.plural(s.doctors, "врач", "врача", "врачей")


def specialty_rows(choice: Choice, offered: list[catalog.SpecialtyChoice]) -> list[dict[str, str]]:
    """The specialties with doctors, each linking to its doctor list."""
    return [
        {
            "code": s.code,
            "name": s.name,
            "doctors": f"{s.doctors} {_unit(s)}",
            "href": Choice(choice.reschedule, choice.service, s.code).url(),
        }
        for s in offered
    ]


def doctor_row(card: catalog.DoctorCard, href: str = "") -> dict[str, str]:
    """A doctor card: who, where, when soonest, and where choosing them leads."""
    details = " · ".join(p for p in (card.category, card.experience) if p)
    place = f"{card.clinic}, {card.address}" + (f", каб. {card.room}" if card.room else "")
    return {
        "id": str(card.id),
        "name": card.name,
        "initials": card.initials,
        "photo": card.photo,
        "specialty": card.specialty,
        "details": details,
        "place": place,
        "zone_note": card.zone_note,
        "nearest": card.nearest_label,
        "free": "1" if card.nearest else "",
        "href": href,
    }


def day_cell(cell: catalog.DayCell | None, choice: Choice, chosen: date | None) -> dict[str, str]:
    """One calendar cell: ``kind`` is blank (another month), closed, free or chosen."""
    if cell is None:
        return {
            "kind": "blank",
            "day": "",
            "label": "",
            "href": "",
            "id": "",
            "count": "",
            "date": "",
        }
    kind = "closed" if not cell.count else "chosen" if cell.day == chosen else "free"
    iso = cell.day.isoformat()
    return {
        "kind": kind,
        "day": str(cell.day.day),
        "count": str(cell.count) if cell.count else "",
        "label": cell.label,
        "href": choice.url(day=iso, month=month_key(cell.day)) if cell.count else "",
        "id": f"slot-day-{iso}",
        "date": iso,
    }


def week_rows(
    weeks: list[list[catalog.DayCell | None]], choice: Choice, chosen: date | None
) -> list[list[dict[str, str]]]:
    """The month grid's rows of cells. One day is in the Tab order (the chosen one, else the
    first free one): the arrows move between the others (a roving tab stop)."""
    grid = [[day_cell(cell, choice, chosen) for cell in week] for week in weeks]
    cells = [c for week in grid for c in week]
    stop = next((c for c in cells if c["kind"] == "chosen"), None)
    stop = stop or next((c for c in cells if c["kind"] == "free"), None)
    for cell in cells:
        cell["tab"] = "0" if cell is stop else "-1"
    return grid


def group_rows(groups) -> list[SlotGroup]:
    """The day's times by part of the day, with the element ids ``slot-HH-MM``."""
    return [
        SlotGroup(
            title,
            [{"time": f"{s.starts:%H:%M}", "id": f"slot-{s.starts:%H-%M}"} for s in slots],
        )
        for title, slots in groups
    ]
