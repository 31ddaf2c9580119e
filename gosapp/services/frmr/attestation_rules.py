"""The requirements of an attestation for a qualification category (SPEC §3, issue 16), pure:
no database, no clock.

- The target category must be above the current one (вторая < первая < высшая); a doctor may
  apply for any higher category (nothing in SPEC §3 forbids skipping one). The current
  category may be applied for again — confirmed («подтверждение») — from a year before its
  validity ends (the day its reminder is due), and after it has ended; a category with no
  recorded end date may be confirmed at any time. A confirmation needs what the category needs.
- Medical experience («стаж по специальности») of at least 3 / 5 / 7 full years for вторая /
  первая / высшая, counted over *fixed* («зафиксировано») medical periods only — periods still
  on check do not count, since staff have not seen their documents yet.
- НМО points on schedule in the current 5-year cycle: verified points in the cycle at least
  50 × the full years elapsed since the cycle began (capped at the cycle's 250). In the
  cycle's first year nothing is due yet; without an accreditation date there is no cycle and
  the requirement is not met.

A granted category is valid for 5 years from the approval date; its owner is reminded once,
a year before it ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gosapp import routes
from gosapp.services.frmr.education_rules import (
    CYCLE_POINTS,
    CYCLE_YEARS,
    YEAR_POINTS,
    anniversary,
    cycle_at,
    points_word,
)
from gosapp.services.frmr.experience_rules import Duration

ORDER = ("none", "second", "first", "highest")
LABELS = {"none": "без категории", "second": "вторая", "first": "первая", "highest": "высшая"}
ACCUSATIVE = {"second": "вторую", "first": "первую", "highest": "высшую"}  # «подтвердить …»
GENITIVE = {"second": "второй", "first": "первой", "highest": "высшей"}  # «подтверждение …»
REQUIRED_YEARS = {"second": 3, "first": 5, "highest": 7}
VALID_YEARS = 5
REMIND_YEARS_BEFORE = 1


@dataclass
class Requirement:
    """One line of the check: what is required, how the doctor stands, what to do if unmet."""

    key: str
    title: str
    met: bool
    detail: str
    hint: str = ""
    href: str = ""
    link_label: str = ""


def rank(category: str) -> int:
    """The category's place in the order (an unknown one counts as none)."""
    return ORDER.index(category) if category in ORDER else 0


def targets_above(current: str) -> list[str]:
    """The categories a doctor with ``current`` may apply for, lowest first."""
    return [c for c in ORDER[1:] if rank(c) > rank(current)]


def reconfirm_from(until: date) -> date:
    """The first day the current category, valid until ``until``, may be confirmed again: a
    year before (the day the reminder is due)."""
    return anniversary(until, -REMIND_YEARS_BEFORE)


def may_reconfirm(current: str, until: date | None, today: date) -> bool:
    """Whether the doctor may apply for ``current`` again today."""
    if current not in REQUIRED_YEARS:
        return False
    return until is None or today >= reconfirm_from(until)


def targets(current: str, until: date | None, today: date) -> list[str]:
    """What the doctor may apply for today: the current category to confirm (when its time
    has come) first, then every higher one."""
    again = [current] if may_reconfirm(current, until, today) else []
    return again + targets_above(current)


def reconfirm_note(current: str, until: date | None, today: date) -> str:
    """Why the current category cannot be confirmed yet, with the date it can; "" otherwise."""
    if current not in REQUIRED_YEARS or until is None or may_reconfirm(current, until, today):
        return ""
    return (
        f"Подтвердить {ACCUSATIVE[current]} категорию можно будет с "
        f"{reconfirm_from(until):%d.%m.%Y}."
    )


def full_years(start: date, today: date) -> int:
    """Whole years from ``start`` to ``today`` (0 before the first anniversary)."""
    years = 0
    while anniversary(start, years + 1) <= today:
        years += 1
    return years


def points_due(cycle_start: date, today: date) -> int:
    """Points the current cycle should hold by ``today``: 50 per full year, at most 250."""
    years = min(full_years(cycle_start, today), CYCLE_YEARS)
    return min(CYCLE_POINTS, YEAR_POINTS * years)


def valid_until(approved_on: date) -> date:
    """The last day of a category granted on ``approved_on``."""
    return anniversary(approved_on, VALID_YEARS)


def remind_from(until: date) -> date:
    """The day the «категория истекает через год» reminder becomes due."""
    return anniversary(until, -REMIND_YEARS_BEFORE)


def category_rule(
    current: str, target: str, until: date | None = None, today: date | None = None
) -> Requirement:
    """The target must be above the current category, or the current one in its time to be
    confirmed (``until`` its validity end, ``today`` the day of the check)."""
    if target == current and target in REQUIRED_YEARS:
        return reconfirm_rule(current, until, today)
    met = rank(target) > rank(current) and target in REQUIRED_YEARS
    return Requirement(
        key="category",
        title="Категория выше текущей",
        met=met,
        detail=f"Текущая: {LABELS.get(current, current)}, заявленная: {LABELS.get(target, '—')}",
        hint="" if met else "Выберите категорию выше текущей.",
    )


def reconfirm_rule(current: str, until: date | None, today: date | None) -> Requirement:
    """Confirming the current category: from a year before its validity ends."""
    met = today is not None and may_reconfirm(current, until, today)
    label = LABELS[current].capitalize()
    if until is None:
        detail = f"{label} категория, срок действия не указан"
    elif today is not None and until < today:
        detail = f"{label} категория, срок истёк {until:%d.%m.%Y}"
    else:
        detail = f"{label} категория действует до {until:%d.%m.%Y}"
    if until is not None:
        detail += f"; подтвердить можно с {reconfirm_from(until):%d.%m.%Y}"
    return Requirement(
        key="category",
        title="Подтверждение текущей категории — не раньше чем за год до окончания срока",
        met=met,
        detail=detail,
        hint="" if met else "Подождите до указанной даты или выберите категорию выше.",
    )


def experience_rule(target: str, medical: Duration) -> Requirement:
    """Fixed medical experience of at least 3 / 5 / 7 years."""
    years = REQUIRED_YEARS.get(target, 0)
    met = medical.years >= years
    return Requirement(
        key="experience",
        title=f"Стаж по специальности не меньше {years} лет",
        met=met,
        detail=f"Зафиксированный медицинский стаж: {medical.text()}",
        hint=""
        if met
        else "Добавьте периоды работы с документами и дождитесь, пока их зафиксируют.",
        href="" if met else routes.EXPERIENCE,
        link_label="" if met else "Трудовой стаж",
    )


def points_rule(accredited: date | None, cycle_points: int, today: date) -> Requirement:
    """Verified НМО points of the current cycle on schedule."""
    title = "Баллы НМО в текущем цикле по графику (50 за каждый полный год цикла)"
    if accredited is None:
        return Requirement(
            key="points",
            title=title,
            met=False,
            detail="Дата аккредитации не указана — цикл НМО не определён.",
            hint="Укажите дату аккредитации на странице НМО.",
            href=routes.EDUCATION,
            link_label="Непрерывное образование (НМО)",
        )
    cycle = cycle_at(accredited, today)
    due = points_due(cycle.start, today)
    met = cycle_points >= due
    short = due - cycle_points
    return Requirement(
        key="points",
        title=title,
        met=met,
        detail=(
            f"Подтверждено {cycle_points} из {due} положенных к этой дате"
            if due
            else f"Подтверждено {cycle_points}; в первый год цикла баллы ещё не требуются"
        )
        + f" (цикл {cycle.start:%d.%m.%Y} – {cycle.end:%d.%m.%Y})",
        hint=""
        if met
        else f"Не хватает {short} {points_word(short)}: добавьте мероприятия НМО с "
        "сертификатами и дождитесь подтверждения.",
        href="" if met else routes.EDUCATION,
        link_label="" if met else "Непрерывное образование (НМО)",
    )


def check(
    *,
    current: str,
    target: str,
    until: date | None = None,
    medical: Duration,
    accredited: date | None,
    cycle_points: int,
    today: date,
) -> list[Requirement]:
    """Every requirement for applying for ``target``; the application needs all met."""
    return [
        category_rule(current, target, until, today),
        experience_rule(target, medical),
        points_rule(accredited, cycle_points, today),
    ]


def unmet(requirements: list[Requirement]) -> list[Requirement]:
    """The requirements not met."""
    return [r for r in requirements if not r.met]
