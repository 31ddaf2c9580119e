"""Demo lab results (issue 14): two years of every panel for each demo patient, every three
months, from two laboratories, with one visible trend each (an analyte drifting out of range).

Rows are built through ``lab_results.build_result`` (ranges by sex and age, flags, LOINC) and
written in one bulk insert per patient. Idempotent: nothing is added for a patient who already
has results.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.labs import LabResult, LabStatus
from gosapp.services.common.validation import age_on
from gosapp.services.demo.accounts import DEMO_ACCOUNTS, DEMO_SEED
from gosapp.services.medical.analytes import Analyte, analytes
from gosapp.services.medical.lab_results import build_result

LABORATORIES = ("КДЛ городской поликлиники № 3", "Лаборатория ФМБА России")
EVERY_DAYS = 91
DRAWS = 9  # two years and a quarter, the latest ten days ago
# login -> (analyte, first value, last value): the trend each demo patient shows
DRIFTS = {
    "patient@demo.gosapp.ru": ("CHOL", 4.6, 6.4),
    "patient2@demo.gosapp.ru": ("GLU", 5.0, 6.6),
    "patient3@demo.gosapp.ru": ("TSH", 2.1, 5.2),
}
DRIFT_COMMENT = "Значение растёт от анализа к анализу: обсудите его с лечащим врачом."


def seed_labs(*, session: Session, today: date | None = None) -> int:
    """Results for each demo patient who has none yet; return the rows added."""
    today = today or utcnow().date()
    logins = [a.login for a in DEMO_ACCOUNTS if a.role == Role.CITIZEN]
    added = 0
    for n, login in enumerate(logins):
        user = session.exec(select(User).where(col(User.email) == login)).first()
        if user is None or _has_results(session, user.id):
            continue
        rows = _history(user, random.Random(DEMO_SEED + 100 + n), today, DRIFTS.get(login))  # noqa: S311
        session.execute(insert(LabResult), rows)
        added += len(rows)
    return added


def _has_results(session: Session, patient_id: int) -> bool:
    found = session.exec(
        select(LabResult.id).where(col(LabResult.patient_id) == patient_id).limit(1)
    ).first()
    return found is not None


def _history(user: User, rng: random.Random, today: date, drift) -> list[dict]:
    rows = []
    for k in range(DRAWS):
        day = today - timedelta(days=10 + EVERY_DAYS * (DRAWS - 1 - k))
        taken = datetime.combine(day, time(5, 30 + rng.randrange(0, 25)), tzinfo=UTC)
        lab = LABORATORIES[k % 2]
        for item in analytes():
            value, comment = _value(item, user, rng, taken.date(), drift, k)
            status = LabStatus.PRELIMINARY if k == DRAWS - 1 and item.panel == "vitamins" else None
            row = build_result(
                user,
                item.code,
                value,
                taken,
                laboratory=lab,
                comment=comment,
                equipment="Sysmex XN-1000" if item.panel == "cbc" else "Cobas c 311",
                status=status or LabStatus.FINAL,
            )
            rows.append(row.model_dump(exclude={"id"}))
    return rows


def _value(item: Analyte, user: User, rng: random.Random, day: date, drift, k: int):
    if drift and drift[0] == item.code:
        first, last = drift[1], drift[2]
        value = first + (last - first) * k / (DRAWS - 1) + rng.uniform(-0.05, 0.05) * first
        return round(value, item.decimals), DRIFT_COMMENT if k == DRAWS - 1 else ""
    ref = item.range_for(user.sex, age_on(user.birth_date, day))
    low, high = (ref.low, ref.high) if ref else (None, None)
    if low is None and high is None:
        centre, spread = 1.0, 0.2
    elif low is None:
        centre, spread = high * 0.6, high * 0.15  # type: ignore[operator]
    elif high is None:
        centre, spread = low * 1.4, low * 0.15
    else:
        centre, spread = (low + high) / 2, (high - low) / 6
    return round(max(0.0, rng.gauss(centre, spread)), item.decimals), ""
