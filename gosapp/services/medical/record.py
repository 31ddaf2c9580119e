"""The health record «Моя карта здоровья» (SPEC §2.3): visits with their notes, diagnoses,
recommendations, vaccinations, allergies and chronic conditions, with filters.

Every query starts from ``patient_id`` (the indexes of ``models.record`` lead with it), and the
caller decides whose record it is: the patient's own page passes the signed-in user's id, the
doctor's card the id ``access.patient_access`` allowed. Rows leave as display dicts of strings:
dates ДД.ММ.ГГГГ, no ids but the ones the page acts on (a recommendation's id).

The URL query names of the filters are ``from``, ``to`` (ISO dates), ``diagnosis`` (an МКБ-10
code) and ``status`` (``open``: active diagnoses and pending recommendations; ``closed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.record import (
    Allergy,
    Diagnosis,
    DiagnosisStatus,
    Recommendation,
    RecommendationStatus,
    Vaccination,
)
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.medical.record_visits import visit_rows

Row = dict[str, str]
MAX_ROWS = 200  # per section: a record is years of visits, never thousands of rows
STATUSES = ("", "open", "closed")
KIND_LABELS = {
    "treatment": "Курс лечения",
    "examination": "Повторное обследование",
    "prevention": "Профилактика",
}
DIAGNOSIS_LABELS = {"active": "Активный", "resolved": "Излечён"}
RECOMMENDATION_LABELS = {"pending": "Предстоит", "done": "Выполнено"}


@dataclass(frozen=True)
class RecordFilter:
    """What the record shows: a date range, one МКБ-10 code, open or closed items."""

    date_from: date | None = None
    date_to: date | None = None
    diagnosis: str = ""
    status: str = ""


@dataclass
class HealthRecord:
    """One patient's record as the page and the PDF show it."""

    visits: list[Row] = field(default_factory=list)
    diagnoses: list[Row] = field(default_factory=list)
    recommendations: list[Row] = field(default_factory=list)
    vaccinations: list[Row] = field(default_factory=list)
    allergies: list[Row] = field(default_factory=list)
    chronic: list[Row] = field(default_factory=list)
    diagnosis_options: list[Row] = field(default_factory=list)  # code, label: the filter's list


def parse_filter(params: Mapping[str, str]) -> RecordFilter:
    """The filter from URL query params; anything malformed is dropped, never an error."""
    status = str(params.get("status", ""))
    return RecordFilter(
        date_from=_iso(params.get("from")),
        date_to=_iso(params.get("to")),
        diagnosis=str(params.get("diagnosis", "")).strip().upper()[:8],
        status=status if status in STATUSES else "",
    )


def to_query(flt: RecordFilter) -> str:
    """The URL query of ``flt`` (empty values left out)."""
    pairs = {
        "from": flt.date_from.isoformat() if flt.date_from else "",
        "to": flt.date_to.isoformat() if flt.date_to else "",
        "diagnosis": flt.diagnosis,
        "status": flt.status,
    }
    return urlencode({k: v for k, v in pairs.items() if v})


def _iso(raw: object) -> date | None:
    try:
        return date.fromisoformat(str(raw or "")[:10])
    except ValueError:
        return None


def load(session: Session, patient_id: int, flt: RecordFilter | None = None) -> HealthRecord:
    """The patient's record under ``flt``: every section, newest first."""
    flt = flt or RecordFilter()
    all_diagnoses = _diagnoses(session, patient_id)
    chosen = [d for d in all_diagnoses if not flt.diagnosis or d.icd_code == flt.diagnosis]
    chosen_ids = {d.id for d in chosen}
    note_ids = {d.visit_note_id for d in chosen if d.visit_note_id}
    shown = [d for d in chosen if _in_range(d.diagnosed_on, flt) and _status_ok(d.status, flt)]
    return HealthRecord(
        visits=visit_rows(
            session,
            patient_id,
            flt.date_from,
            flt.date_to,
            note_ids if flt.diagnosis else None,
            MAX_ROWS,
        ),
        diagnoses=[diagnosis_row(d) for d in shown],
        recommendations=_recommendations(session, patient_id, flt, chosen_ids),
        vaccinations=_vaccinations(session, patient_id, flt),
        allergies=_allergies(session, patient_id),
        chronic=[diagnosis_row(d) for d in all_diagnoses if d.chronic and d.status == "active"],
        diagnosis_options=_options(all_diagnoses),
    )


def _in_range(day: date | None, flt: RecordFilter) -> bool:
    if day is None:
        return not (flt.date_from or flt.date_to)
    return (not flt.date_from or day >= flt.date_from) and (not flt.date_to or day <= flt.date_to)


def _status_ok(status: str, flt: RecordFilter) -> bool:
    if not flt.status:
        return True
    is_open = status in (DiagnosisStatus.ACTIVE, RecommendationStatus.PENDING)
    return is_open == (flt.status == "open")


def _diagnoses(session: Session, patient_id: int) -> list[Diagnosis]:
    return list(
        session.exec(
            select(Diagnosis)
            .where(col(Diagnosis.patient_id) == patient_id)
            .order_by(col(Diagnosis.diagnosed_on).desc(), col(Diagnosis.id).desc())
            .limit(MAX_ROWS)
        )
    )


def diagnosis_row(d: Diagnosis) -> Row:
    """One diagnosis for display."""
    return {
        "id": str(d.id),
        "code": d.icd_code,
        "name": d.icd_name,
        "date": f"{d.diagnosed_on:%d.%m.%Y}",
        "doctor": d.doctor_name,
        "comment": d.comment,
        "status": str(d.status),
        "status_label": DIAGNOSIS_LABELS.get(str(d.status), str(d.status)),
        "chronic": "Хроническое" if d.chronic else "",
    }


def _options(diagnoses: list[Diagnosis]) -> list[Row]:
    seen: dict[str, str] = {}
    for d in diagnoses:
        seen.setdefault(d.icd_code, f"{d.icd_code} — {d.icd_name}")
    return [{"code": code, "label": label} for code, label in sorted(seen.items())]


def _recommendations(
    session: Session, patient_id: int, flt: RecordFilter, diagnosis_ids: set[int]
) -> list[Row]:
    rows = session.exec(
        select(Recommendation, Diagnosis)
        .join(Diagnosis, col(Diagnosis.id) == Recommendation.diagnosis_id, isouter=True)
        .where(col(Recommendation.patient_id) == patient_id)
        .order_by(col(Recommendation.due_on).desc(), col(Recommendation.id).desc())
        .limit(MAX_ROWS)
    ).all()
    today = utcnow().date()
    shown = [
        (r, d)
        for r, d in rows
        if (not flt.diagnosis or r.diagnosis_id in diagnosis_ids)
        and _in_range(r.due_on, flt)
        and _status_ok(r.status, flt)
    ]
    # What is still to do first, the nearest due date first; then what is done, latest first.
    shown.sort(key=lambda pair: (pair[0].status != "pending", pair[0].due_on or date.max))
    pending = [p for p in shown if p[0].status == "pending"]
    done = sorted(
        (p for p in shown if p[0].status != "pending"),
        key=lambda pair: pair[0].due_on or date.min,
        reverse=True,
    )
    return [recommendation_row(r, d, today) for r, d in pending + done]


def recommendation_row(r: Recommendation, d: Diagnosis | None, today: date) -> Row:
    """One recommendation for display; ``overdue`` when its due date has passed undone."""
    overdue = r.status == "pending" and r.due_on is not None and r.due_on < today
    return {
        "id": str(r.id),
        "kind": KIND_LABELS.get(str(r.kind), str(r.kind)),
        "text": r.text,
        "due": f"{r.due_on:%d.%m.%Y}" if r.due_on else "без срока",
        "diagnosis": f"{d.icd_code} — {d.icd_name}" if d else "",
        "doctor": r.doctor_name,
        "status": str(r.status),
        "status_label": RECOMMENDATION_LABELS.get(str(r.status), str(r.status)),
        "overdue": "Срок прошёл" if overdue else "",
    }


def _vaccinations(session: Session, patient_id: int, flt: RecordFilter) -> list[Row]:
    rows = session.exec(
        select(Vaccination)
        .where(col(Vaccination.patient_id) == patient_id)
        .order_by(col(Vaccination.vaccinated_on).desc())
        .limit(MAX_ROWS)
    ).all()
    return [
        {
            "name": v.name,
            "date": f"{v.vaccinated_on:%d.%m.%Y}",
            "dose": v.dose,
            "place": v.place,
        }
        for v in rows
        if _in_range(v.vaccinated_on, flt)
    ]


def _allergies(session: Session, patient_id: int) -> list[Row]:
    rows = session.exec(
        select(Allergy).where(col(Allergy.patient_id) == patient_id).order_by(col(Allergy.id))
    ).all()
    return [
        {
            "substance": a.substance,
            "reaction": a.reaction,
            "severity": a.severity,
            "details": ", ".join(
                x for x in (a.reaction, a.severity and f"{a.severity} степень") if x
            ),
            "since": f"{a.noted_on:%d.%m.%Y}" if a.noted_on else "",
        }
        for a in rows
    ]


def mark_done(*, session: Session, patient: User, recommendation_id: object, actor: Actor) -> bool:
    """The patient marks their own recommendation «выполнено»; False when it already was.

    Another patient's id is NotFound: the UPDATE's WHERE names the patient.
    """
    wanted = parse_id(recommendation_id, "Рекомендация не найдена")
    owned = session.exec(
        select(Recommendation.id).where(
            col(Recommendation.patient_id) == patient.id, col(Recommendation.id) == wanted
        )
    ).first()
    if owned is None:
        raise NotFound("Рекомендация не найдена")
    changed = session.execute(
        update(Recommendation)
        .where(
            col(Recommendation.patient_id) == patient.id,
            col(Recommendation.id) == wanted,
            col(Recommendation.status) == RecommendationStatus.PENDING,
        )
        .values(status=RecommendationStatus.DONE, done_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    done = changed.rowcount == 1  # type: ignore[attr-defined]
    if done:
        record(
            session=session,
            actor=actor,
            action="record.recommendation_done",
            object_type="recommendation",
            object_id=wanted,
        )
    return done
