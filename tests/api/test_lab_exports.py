"""GET /api/exports/labs.{csv,pdf,fhir}: the cookie's user's results, or exactly what a doctor
may see of a patient's; nobody else's, every export audited, refusals indistinguishable."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlmodel import select

from gosapp import routes
from gosapp.models.accounts import Role, utcnow
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import DataAccess, LabShare, LabShareItem
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.identity import sessions
from gosapp.services.medical import lab_exports
from tests.api.test_exports import cookie_of, get
from tests.personas import make_persona
from tests.services.medical.setup import START, add_result, add_series
from tests.services.scheduling.setup import make_doctor


@pytest.fixture
def doctor(session):
    persona = make_persona(session, "doctor")
    resource = make_doctor(session)
    resource.user_id = persona.id
    session.commit()
    return persona, resource


@pytest.fixture
def labs(session, alice, bob):
    """Alice: four glucose values (the last two high) and one haemoglobin; Bob: one glucose."""
    rows = add_series(session, alice, "GLU", [5.0, 5.6, 6.4, 7.1])
    rows.append(add_result(session, alice, "HGB", 132, START + timedelta(days=3)))
    add_result(session, bob, "GLU", 9.9)
    session.commit()
    return rows


def values(response) -> list[str]:
    lines = response.content.decode("utf-8-sig").strip().split("\r\n")
    return sorted(line.split(";")[3] for line in lines[1:])


def exports(session, action="labs.export") -> list[AuditEvent]:
    session.expire_all()
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


@pytest.mark.anyio
async def test_the_owner_downloads_their_csv_and_the_export_is_audited(
    engine, session, alice, labs
):
    response = await get(engine, routes.lab_export("csv"), cookie_of(session, alice))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="analizy-20') and '.csv"' in disposition
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert values(response) == ["132", "5,0", "5,6", "6,4", "7,1"]  # not bob's 9,9
    (event,) = exports(session)
    assert (event.user_id, event.object_id, event.details) == (
        alice.id,
        str(alice.id),
        "csv; rows=5; via owner",
    )
    assert "7,1" not in event.details


@pytest.mark.anyio
async def test_the_query_string_filters_the_export(engine, session, alice, labs):
    query = "analyte=GLU&abnormal=1&from=2026-01-01"
    response = await get(engine, routes.lab_export("csv", query), cookie_of(session, alice))
    assert values(response) == ["6,4", "7,1"]


@pytest.mark.anyio
async def test_pdf_and_fhir_are_served_with_their_types(engine, session, alice, labs):
    cookies = cookie_of(session, alice)
    pdf = await get(engine, routes.lab_export("pdf"), cookies)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    fhir = await get(engine, routes.lab_export("fhir"), cookies)
    assert fhir.headers["content-type"] == "application/fhir+json"
    assert '.json"' in fhir.headers["content-disposition"]
    bundle = Bundle.model_validate(json.loads(fhir.content))
    assert len(bundle.entry) == 6
    assert [e.details.split(";")[0] for e in exports(session)] == ["pdf", "fhir"]


@pytest.mark.anyio
async def test_another_patients_results_are_not_found(engine, session, alice, bob, labs):
    mine = await get(
        engine, routes.lab_export("csv", f"patient={bob.id}"), cookie_of(session, alice)
    )
    missing = await get(
        engine, routes.lab_export("csv", "patient=999999"), cookie_of(session, alice)
    )
    assert mine.status_code == missing.status_code == 404
    assert mine.content == missing.content and b"9,9" not in mine.content
    assert exports(session) == []
    assert len(exports(session, "access.denied")) == 2


@pytest.mark.anyio
async def test_a_doctor_without_a_visit_or_share_gets_404(engine, session, alice, doctor, labs):
    persona, _ = doctor
    query = f"patient={alice.id}"
    response = await get(engine, routes.lab_export("fhir", query), cookie_of(session, persona))
    assert response.status_code == 404
    assert "Смирнова".encode() not in response.content
    assert exports(session) == [] and session.exec(select(DataAccess)).all() == []


@pytest.mark.anyio
async def test_a_doctor_with_a_visit_exports_all_and_the_patient_sees_it(
    engine, session, alice, doctor, labs
):
    persona, resource = doctor
    session.add(
        Appointment(
            resource_id=resource.id,
            patient_id=alice.id,
            starts_at=START,
            ends_at=START + timedelta(minutes=20),
            status=AppointmentStatus.COMPLETED,
        )
    )
    session.commit()
    query = f"patient={alice.id}"
    response = await get(engine, routes.lab_export("csv", query), cookie_of(session, persona))
    assert response.status_code == 200 and len(values(response)) == 5
    (event,) = exports(session)
    assert (event.user_id, event.role, event.details) == (
        persona.id,
        Role.DOCTOR.value,
        "csv; rows=5; via visit",
    )
    logged = session.exec(select(DataAccess)).one()
    assert (logged.patient_id, logged.viewer_id, logged.what) == (alice.id, persona.id, "export")


@pytest.mark.anyio
async def test_a_doctor_with_a_share_gets_exactly_the_shared_rows(
    engine, session, alice, doctor, labs
):
    persona, _ = doctor
    share = LabShare(patient_id=alice.id, doctor_id=persona.id, expires_at=utcnow() + timedelta(1))
    session.add(share)
    session.flush()
    for row in labs[2:4]:  # the two high glucose values
        session.add(LabShareItem(share_id=share.id, result_id=row.id))
    session.commit()
    cookies = cookie_of(session, persona)
    response = await get(engine, routes.lab_export("csv", f"patient={alice.id}"), cookies)
    assert values(response) == ["6,4", "7,1"]
    fhir = await get(engine, routes.lab_export("fhir", f"patient={alice.id}"), cookies)
    assert len(json.loads(fhir.content)["entry"]) == 3  # the patient and the two shared
    share.revoked_at = utcnow()
    session.commit()
    revoked = await get(engine, routes.lab_export("csv", f"patient={alice.id}"), cookies)
    assert revoked.status_code == 404


@pytest.mark.anyio
async def test_a_registrar_is_no_doctor(engine, session, alice, labs):
    registrar = make_persona(session, "roman")  # back office: requests, not medical data
    session.commit()
    query = f"patient={alice.id}"
    response = await get(engine, routes.lab_export("csv", query), cookie_of(session, registrar))
    assert response.status_code == 404


@pytest.mark.anyio
@pytest.mark.parametrize("cookies", [None, {sessions.COOKIE_NAME: "forged-token"}])
async def test_no_session_gets_no_data(engine, session, alice, labs, cookies):
    for kind in ("csv", "pdf", "fhir"):
        response = await get(engine, routes.lab_export(kind, f"patient={alice.id}"), cookies)
        assert response.status_code == 303
        assert response.headers["location"] == routes.LOGIN
        assert b"7,1" not in response.content
    assert exports(session) == []


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["xlsx", "json", "CSV", ""])
async def test_an_unknown_kind_is_not_found(engine, session, alice, kind):
    response = await get(engine, f"/api/exports/labs.{kind}", cookie_of(session, alice))
    assert response.status_code == 404


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("from=вчера", "дату"),
        ("sort=weight", "сортировки"),
        ("from=2026-05-01&to=2026-01-01", "позже"),
    ],
)
async def test_a_bad_filter_is_refused_in_russian(engine, session, alice, query, words):
    response = await get(engine, routes.lab_export("csv", query), cookie_of(session, alice))
    assert response.status_code == 400 and words in response.text
    assert exports(session) == []


@pytest.mark.anyio
async def test_too_large_a_set_is_refused_with_a_message(engine, session, alice, labs, monkeypatch):
    monkeypatch.setitem(lab_exports.CAPS, "pdf", 2)
    response = await get(engine, routes.lab_export("pdf"), cookie_of(session, alice))
    assert response.status_code == 413 and "Сузьте отбор" in response.text
    assert exports(session) == []
