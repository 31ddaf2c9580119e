"""The PDF extract of the health record («Выписка из медицинской карты», SPEC §2.3): every
section of ``record.load`` under the page's filters, in DejaVu (Cyrillic) via ``common.pdf``.

``export_pdf`` is what the download route calls: it decides the access (the owner or a doctor
allowed by ``access.patient_access``; a share alone never gets the record), logs a look by
someone else, audits the export and returns the bytes.
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from sqlmodel import Session

from gosapp.models.accounts import User, utcnow
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import display_time, full_name
from gosapp.services.common.errors import NotFound
from gosapp.services.medical.access import NOT_FOUND, patient_access, record_view
from gosapp.services.medical.record import HealthRecord, RecordFilter, load

TITLE = "Выписка из медицинской карты"


def export_pdf(
    *, session: Session, viewer: User, patient_id: object, flt: RecordFilter, actor: Actor
) -> bytes:
    """The record of ``patient_id`` as a PDF for ``viewer`` (NotFound when not allowed)."""
    access = patient_access(session, viewer, patient_id, actor)
    if not access.whole_record:
        raise NotFound(NOT_FOUND)
    patient = session.get(User, access.patient_id)
    if patient is None:
        raise NotFound(NOT_FOUND)
    record_view(session, access, actor, "record_pdf")
    record(
        session=session,
        actor=actor,
        action="record.export_pdf",
        object_type="record",
        object_id=f"patient:{patient.id}",
    )
    return render(patient, load(session, patient.id, flt), flt)


def _filter_line(flt: RecordFilter) -> str:
    parts = []
    if flt.date_from:
        parts.append(f"с {flt.date_from:%d.%m.%Y}")
    if flt.date_to:
        parts.append(f"по {flt.date_to:%d.%m.%Y}")
    if flt.diagnosis:
        parts.append(f"диагноз {flt.diagnosis}")
    if flt.status:
        parts.append("только активные" if flt.status == "open" else "только закрытые")
    return "Отбор: " + ", ".join(parts) if parts else "Вся карта"


def render(
    patient: User, rec: HealthRecord, flt: RecordFilter, created_at: datetime | None = None
) -> bytes:
    """The extract's bytes (deterministic for a given ``created_at``)."""
    created_at = created_at or utcnow()
    doc = pdf.document(TITLE, created_at=created_at)
    doc.add_page()
    doc.set_font(pdf.FONT, "B", 14)
    doc.multi_cell(0, 7, TITLE, new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, size=10)
    born = f"{patient.birth_date:%d.%m.%Y}" if patient.birth_date else ""
    lines = (
        f"Пациент: {full_name(patient)}, дата рождения {born}",
        f"{_filter_line(flt)}. Сформирована {display_time(created_at)}",
    )
    for line in lines:
        doc.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    _section(doc, "Хронические заболевания", [f"{r['code']} {r['name']}" for r in rec.chronic])
    _section(doc, "Аллергии", [_allergy(r) for r in rec.allergies])
    _section(doc, "Диагнозы", [_diagnosis(r) for r in rec.diagnoses])
    _section(doc, "Рекомендации", [_recommendation(r) for r in rec.recommendations])
    _section(doc, "Приёмы", [_visit(r) for r in rec.visits])
    _section(doc, "Прививки", [_vaccination(r) for r in rec.vaccinations])
    return bytes(doc.output())


def _section(doc: FPDF, heading: str, items: list[str]) -> None:
    doc.ln(3)
    doc.set_font(pdf.FONT, "B", 12)
    doc.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, size=9)
    for item in items or ["Нет записей"]:
        doc.multi_cell(0, 4.6, item, new_x="LMARGIN", new_y="NEXT")
        doc.ln(1)


def _allergy(r: dict[str, str]) -> str:
    extra = ", ".join(x for x in (r["reaction"], r["severity"]) if x)
    return r["substance"] + (f" — {extra}" if extra else "")


def _diagnosis(r: dict[str, str]) -> str:
    tail = f". {r['comment']}" if r["comment"] else ""
    chronic = ", хроническое" if r["chronic"] else ""
    return (
        f"{r['date']}  {r['code']} {r['name']} ({r['status_label'].lower()}{chronic}); "
        f"врач {r['doctor']}{tail}"
    )


def _recommendation(r: dict[str, str]) -> str:
    about = f" [{r['diagnosis']}]" if r["diagnosis"] else ""
    return f"{r['kind']}: {r['text']}{about}. Срок: {r['due']}. Статус: {r['status_label']}"


def _visit(r: dict[str, str]) -> str:
    parts = [f"{r['date']} {r['time']}, {r['doctor']}, {r['specialty']}, {r['clinic']}"]
    if r["complaint"]:
        parts.append(f"Жалобы: {r['complaint']}")
    if r["conclusion"]:
        parts.append(f"Заключение: {r['conclusion']}")
    if r["diagnoses"]:
        parts.append(f"Диагнозы: {r['diagnoses']}")
    return "\n".join(parts)


def _vaccination(r: dict[str, str]) -> str:
    tail = ", ".join(x for x in (r["dose"], r["place"]) if x)
    return f"{r['date']}  {r['name']}" + (f" ({tail})" if tail else "")
