"""Exports of the filtered set of lab results (SPEC §2.2): CSV for Excel, a PDF report with trend
charts and a FHIR R4 Bundle of Observations — for the patient, or a doctor allowed to look.

Who may export what was decided before, in ``services.medical.access``: every function here
takes a ``PatientAccess`` and reads only ``access.scope`` (a doctor with shares gets exactly the
shared rows). Rows come from ``lab_query.iter_all`` in keyset batches and are written straight
into the output, never collected as ORM rows, except what a format needs (the PDF's table and
charts). A set larger than the format's cap is refused with a message saying how to narrow it;
a successful export is audited (kind and row count, no values) and, for anyone but the patient,
logged in «кто смотрел мои данные».
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from gosapp.models.accounts import User, utcnow
from gosapp.models.labs import LabResult
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.csv_export import safe_cell
from gosapp.services.common.errors import DomainError, NotFound
from gosapp.services.medical import lab_fhir, lab_report_pdf
from gosapp.services.medical.access import NOT_FOUND, PatientAccess, record_view
from gosapp.services.medical.lab_exports_format import cells, local
from gosapp.services.medical.lab_query import LabFilter, iter_all

EXPORT_ACTION = "labs.export"
CSV, PDF, FHIR = "csv", "pdf", "fhir"
KINDS = (CSV, PDF, FHIR)
# Rows per export: a PDF table of thousands of pages helps nobody and takes long to build.
CAPS = {CSV: 50_000, FHIR: 50_000, PDF: 5_000}
MEDIA_TYPES = {
    CSV: "text/csv; charset=utf-8",
    PDF: "application/pdf",
    FHIR: "application/fhir+json",
}
EXTENSIONS = {CSV: "csv", PDF: "pdf", FHIR: "json"}
CSV_HEADER = [
    "Дата",
    "Показатель",
    "Панель",
    "Значение",
    "Единицы",
    "Референс",
    "Флаг",
    "Лаборатория",
    "Статус",
    "LOINC",
]


class TooManyRows(DomainError):
    """The filtered set is larger than the format's cap."""

    def __init__(self, cap: int):
        count = f"{cap:,}".replace(",", "\u00a0")  # 50 000, with a non-breaking space
        super().__init__(
            f"В отборе больше {count} результатов — это слишком много для одного файла. "
            "Сузьте отбор (период, панель или показатель) и повторите выгрузку."
        )
        self.cap = cap


@dataclass(frozen=True)
class LabExport:
    """A built export: the bytes and how to send them."""

    body: bytes
    media_type: str
    filename: str
    rows: int


def export_labs(
    *,
    session: Session,
    access: PatientAccess,
    flt: LabFilter,
    kind: str,
    actor: Actor,
    now: datetime | None = None,
) -> LabExport:
    """The filtered set in ``kind`` format, audited; NotFound for an unknown kind,
    TooManyRows above the cap (nothing audited then: nothing left the server)."""
    if kind not in KINDS:
        raise NotFound("Неизвестный формат выгрузки")
    now = now or utcnow()
    patient = session.get(User, access.patient_id)
    if patient is None:
        raise NotFound(NOT_FOUND)
    rows = capped(iter_all(session, access.scope, flt), CAPS[kind])
    if kind == CSV:
        body, count = csv_export(rows)
    elif kind == FHIR:
        body, count = lab_fhir.bundle_json(patient, rows, now=now)
    else:
        body, count = lab_report_pdf.report_pdf(patient, flt, list(rows), now=now)
    _log(session, access, actor, kind, count)
    return LabExport(body, MEDIA_TYPES[kind], filename(kind, now), count)


def capped(rows: Iterator[LabResult], cap: int) -> Iterator[LabResult]:
    """The rows, raising TooManyRows on the one past ``cap``."""
    for number, row in enumerate(rows, start=1):
        if number > cap:
            raise TooManyRows(cap)
        yield row


def filename(kind: str, now: datetime) -> str:
    """«analizy-2026-12-02.csv» (the date in the portal's time zone)."""
    day = local(now).date().isoformat()
    return f"analizy-{day}.{EXTENSIONS[kind]}"


def csv_export(rows: Iterator[LabResult]) -> tuple[bytes, int]:
    """UTF-8 with BOM, ``;`` between fields, CRLF, formula-like cells defused (as
    ``common.csv_export.csv_bytes``, written row by row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in cells(row)])
        count += 1
    return buffer.getvalue().encode("utf-8-sig"), count


def _log(session: Session, access: PatientAccess, actor: Actor, kind: str, count: int) -> None:
    record_view(session, access, actor, "export", kind)
    record(
        session=session,
        actor=replace(actor, user_id=access.viewer_id),
        action=EXPORT_ACTION,
        object_type="patient",
        object_id=access.patient_id,
        details=f"{kind}; rows={count}; via {access.via}",
    )
