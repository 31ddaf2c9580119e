"""Exports of the filtered lab results: CSV for Russian Excel (defused), a PDF report with charts
and a FHIR R4 Bundle that validates; the filter and a share's scope are respected; caps hold."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pypdfium2
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from sqlmodel import select

from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import DataAccess, LabResult, LabShare, LabShareItem, LabStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.medical import lab_exports
from gosapp.services.medical.access import PatientAccess, Via
from gosapp.services.medical.lab_exports import TooManyRows, export_labs
from gosapp.services.medical.lab_query import LabFilter, SortKey
from tests.factories import make_user
from tests.services.medical.setup import START, add_result, add_series

ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def owner(persona) -> PatientAccess:
    return PatientAccess(persona.id, persona.id, Via.OWNER)


def export(session, access, kind, flt=None):
    return export_labs(
        session=session, access=access, flt=flt or LabFilter(), kind=kind, actor=ACTOR, now=NOW
    )


def csv_lines(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def pdf_text(body: bytes) -> str:
    document = pypdfium2.PdfDocument(body)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.fixture
def results(session, alice):
    """Alice: glucose drifting up (the last two high), one haemoglobin; Bob: one glucose."""
    add_series(session, alice, "GLU", [5.0, 5.6, 6.4, 7.1])
    add_result(session, alice, "HGB", 128, START + timedelta(days=3), status=LabStatus.PRELIMINARY)
    add_result(session, make_user(session), "GLU", 9.9)
    return alice


def test_csv_is_excel_ready_with_words_and_decimal_commas(session, results):
    built = export(session, owner(results), "csv", LabFilter(sort=SortKey.DATE, descending=False))
    lines = csv_lines(built.body)
    assert lines[0] == [
        "Дата", "Показатель", "Панель", "Значение", "Единицы",
        "Референс", "Флаг", "Лаборатория", "Статус", "LOINC",
    ]  # fmt: skip
    assert len(lines) == 6 and built.rows == 5  # alice's five, not bob's
    first = lines[1]
    assert first[0] == "15.01.2026 10:30"  # Moscow time
    assert first[1:6] == ["Глюкоза", "Углеводный обмен", "5,0", "ммоль/л", "3,9–6,1"]
    assert first[6:] == ["норма", "Лаборатория ФМБА", "окончательный", "14749-6"]
    assert lines[-1][3] == "7,1" and lines[-1][6] == "выше нормы"
    assert [line[8] for line in lines].count("предварительный") == 1
    assert (built.media_type, built.filename) == (
        "text/csv; charset=utf-8",
        "analizy-2026-12-02.csv",
    )


def test_csv_defuses_formula_text(session, alice):
    for lab in ('=HYPERLINK("http://evil")', "+7 (495)", "@SUM(A1)", "ФМБА"):
        row = add_result(session, alice, "HGB", 130)
        row.laboratory = lab
    session.flush()
    lines = csv_lines(export(session, owner(alice), "csv").body)
    assert sorted(line[7] for line in lines[1:]) == sorted(
        ['\'=HYPERLINK("http://evil")', "'+7 (495)", "'@SUM(A1)", "ФМБА"]
    )


def test_the_filter_is_respected(session, results):
    flt = LabFilter(analyte="GLU", abnormal_only=True)
    lines = csv_lines(export(session, owner(results), "csv", flt).body)
    assert [line[3] for line in lines[1:]] == ["7,1", "6,4"]  # newest first, only the high ones
    dated = LabFilter(date_from=date(2026, 2, 1), date_to=date(2026, 3, 31))
    lines = csv_lines(export(session, owner(results), "csv", dated).body)
    assert sorted(line[3] for line in lines[1:]) == ["5,6", "6,4"]


def test_fhir_bundle_validates_with_loinc_ucum_and_interpretation(session, results):
    built = export(session, owner(results), "fhir")
    assert built.media_type == "application/fhir+json" and built.filename.endswith(".json")
    raw = json.loads(built.body)
    bundle = Bundle.model_validate(raw)
    assert bundle.type == "collection" and len(bundle.entry) == 6
    patient = bundle.entry[0].resource
    assert patient.get_resource_type() == "Patient"
    assert (patient.name[0].family, patient.birthDate) == ("Смирнова", results.user.birth_date)
    assert "id" not in raw["entry"][0]["resource"]  # no internal id: a urn:uuid names it
    assert raw["entry"][0]["fullUrl"].startswith("urn:uuid:")
    observations = [Observation.model_validate(e["resource"]) for e in raw["entry"][1:]]
    high = next(o for o in observations if o.valueQuantity.value == Decimal("7.1"))
    assert (
        high.code.coding[0].system == "http://loinc.org" and high.code.coding[0].code == "14749-6"
    )
    assert high.valueQuantity.system == "http://unitsofmeasure.org"
    assert high.valueQuantity.code == "mmol/L"
    assert high.subject.reference == raw["entry"][0]["fullUrl"]
    assert high.category[0].coding[0].code == "laboratory"
    assert (high.referenceRange[0].low.value, high.referenceRange[0].high.value) == (
        Decimal("3.9"),
        Decimal("6.1"),
    )
    interpretation = high.interpretation[0].coding[0]
    assert interpretation.code == "H"
    assert interpretation.system.endswith("v3-ObservationInterpretation")
    assert high.effectiveDateTime.isoformat() == "2026-04-15T10:30:00+03:00"  # local, zoned
    assert '"effectiveDateTime":"2026-04-15T10:30:00+03:00"' in built.body.decode()
    assert sorted(o.status for o in observations) == ["final"] * 4 + ["preliminary"]


def test_pdf_names_the_patient_and_the_filter_and_has_charts_and_rows(session, results):
    flt = LabFilter(panel="glucose", date_from=date(2026, 1, 1))
    built = export(session, owner(results), "pdf", flt)
    assert built.body.startswith(b"%PDF") and built.rows == 4
    text = pdf_text(built.body)
    assert "Смирнова Алиса Петровна" in text
    assert "панель: Углеводный обмен, с 01.01.2026" in text
    assert "Динамика показателей" in text and "Глюкоза, ммоль/л" in text
    assert "Последнее: ↑ 7,1 (+0,7 к предыдущему)" in text
    assert "Стр. 1 из" in text
    assert "Гемоглобин" not in text  # another panel: filtered out


def test_pdf_of_an_empty_set_says_so(session, alice):
    text = pdf_text(export(session, owner(alice), "pdf").body)
    assert "Нет результатов" in text


def test_pdf_draws_at_most_twelve_charts(session, alice):
    codes = ["WBC", "RBC", "HGB", "HCT", "PLT", "ESR", "GLU", "HBA1C", "CHOL", "LDL", "HDL", "TG"]
    for code in [*codes, "ALT", "AST"]:
        add_series(session, alice, code, [1.0, 2.0])
    text = pdf_text(export(session, owner(alice), "pdf").body)
    assert "Показаны графики 12 из 14 показателей" in text


def test_a_share_exports_exactly_the_shared_rows_and_is_logged(session, results):
    doctor = make_user(session)
    shared = session.exec(select(LabResult).where(LabResult.value == 6.4)).one()
    share = LabShare(patient_id=results.id, doctor_id=doctor.id, expires_at=utcnow() + timedelta(1))
    session.add(share)
    session.flush()
    session.add(LabShareItem(share_id=share.id, result_id=shared.id))
    session.flush()
    access = PatientAccess(results.id, doctor.id, Via.SHARE, (share.id,))
    lines = csv_lines(export(session, access, "csv").body)
    assert [line[3] for line in lines[1:]] == ["6,4"]
    logged = session.exec(select(DataAccess)).one()
    assert (logged.viewer_id, logged.what, logged.share_id) == (doctor.id, "export", share.id)


def test_each_export_is_audited_without_values(session, results):
    export(session, owner(results), "fhir")
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "labs.export")).one()
    assert (event.user_id, event.object_id) == (results.id, str(results.id))
    assert event.details == "fhir; rows=5; via owner"
    assert session.exec(select(DataAccess)).all() == []  # the owner's own look is not listed


def test_too_many_rows_are_refused_with_a_clear_message(session, results, monkeypatch):
    monkeypatch.setitem(lab_exports.CAPS, "pdf", 3)
    with pytest.raises(TooManyRows) as refused:
        export(session, owner(results), "pdf")
    assert (
        "больше 3 результатов" in refused.value.message and "Сузьте отбор" in refused.value.message
    )
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "labs.export")).all() == []
    assert "(период, панель или показатель)" in refused.value.message
    assert "50\u00a0000" in TooManyRows(50_000).message
    monkeypatch.setitem(lab_exports.CAPS, "csv", 5)
    assert export(session, owner(results), "csv").rows == 5  # exactly the cap is fine


def test_an_unknown_kind_is_not_found(session, alice):
    with pytest.raises(NotFound):
        export(session, owner(alice), "xlsx")
