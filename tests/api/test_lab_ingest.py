"""POST /api/v1/lab-results: laboratories post results with their key, in gosapp's JSON or a
FHIR R4 Bundle; a bad batch is refused whole with every error listed and nothing stored; a
repeat is idempotent and a preliminary value is replaced by the final one; the patient is told."""

from datetime import date
from types import SimpleNamespace

import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.labs import LabFlag, LabResult, LabStatus
from gosapp.models.notifications import Notification
from gosapp.services.medical import lab_keys
from tests.api.lab_ingest_setup import (
    ACTOR,
    FHIR,
    bundle,
    counts,
    item,
    make_lab,
    make_patient,
    observation,
    post,
)

pytestmark = pytest.mark.anyio


def rows(session, patient):
    session.rollback()  # a fresh snapshot: the app wrote through its own connections
    return session.exec(
        select(LabResult).where(LabResult.patient_id == patient.id).order_by(LabResult.id)
    ).all()


async def test_our_json_is_stored_flagged_and_the_patient_told_once(engine, session):
    lab, key = make_lab(session)
    patient = make_patient(session)
    results = [
        item(patient, "R-1", value=7.2),
        item(patient, "R-2", analyte=None, loinc="14647-2", unit="mmol/L", value=4.1),
    ]
    response = await post(engine, {"results": results}, key)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "status": "accepted",
        "created": 2,
        "updated": 0,
        "duplicate": 0,
        "results": [{"id": "R-1", "outcome": "created"}, {"id": "R-2", "outcome": "created"}],
    }
    assert response.headers["cache-control"] == "no-store"
    glucose, cholesterol = rows(session, patient)
    assert (glucose.analyte_code, glucose.value, glucose.flag) == ("GLU", 7.2, LabFlag.HIGH)
    assert (glucose.laboratory, glucose.laboratory_id, glucose.external_id) == (
        lab.name,
        lab.id,
        "R-1",
    )
    assert glucose.taken_at.isoformat() == "2026-03-12T08:30:00+00:00"
    assert (cholesterol.analyte_code, cholesterol.flag) == ("CHOL", LabFlag.NORMAL)
    (notice,) = session.exec(select(Notification).where(Notification.user_id == patient.id))
    assert (notice.title, notice.link) == ("Готовы результаты анализов", "/labs")
    assert "2 показателя" in notice.body
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "lab_results.ingest"))
    assert (event.role, event.object_id) == ("laboratory", str(lab.id))
    assert event.details == "created=2 updated=0 duplicate=0 patients=1"
    assert "7.2" not in event.details


async def test_a_fhir_bundle_is_stored(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    obs = [
        observation("F-1", note=[{"text": "Натощак"}]),
        observation("F-2", loinc="3016-3", unit="m[IU]/L", value=2.5, status="preliminary"),
    ]
    response = await post(engine, bundle(patient, obs), key, content_type=FHIR)
    assert response.status_code == 201, response.text
    glucose, tsh = rows(session, patient)
    assert (glucose.analyte_code, glucose.comment, glucose.external_id) == ("GLU", "Натощак", "F-1")
    assert (tsh.analyte_code, tsh.value, tsh.status) == ("TSH", 2.5, LabStatus.PRELIMINARY)


def test_the_test_bundles_are_valid_fhir():
    """What the tests post is real FHIR (R4B: the R4 resources used here are unchanged)."""
    from fhir.resources.R4B.bundle import Bundle

    person = SimpleNamespace(snils="11223344595", birth_date=date(1985, 3, 14))
    for contained in (False, True):
        body = bundle(person, [observation("F-1", note=[{"text": "Натощак"}])], contained)
        parsed = Bundle.model_validate(body)
        assert parsed.entry[-1].resource.get_resource_type() == "Observation"


async def test_a_bundle_is_detected_in_plain_json_and_contained_patients_work(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    body = bundle(patient, [observation("C-1")], contained=True)
    response = await post(engine, body, key)
    assert response.status_code == 201, response.text
    assert [r.external_id for r in rows(session, patient)] == ["C-1"]


async def test_a_repeat_is_a_duplicate_and_changes_nothing(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    body = {"results": [item(patient)]}
    assert (await post(engine, body, key)).status_code == 201
    before = counts(session)
    again = await post(engine, body, key)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert (again.json()["created"], again.json()["duplicate"]) == (0, 1)
    results, notices, audits = counts(session)
    assert (results, notices) == before[:2]  # nobody is told twice
    assert audits == before[2] + 1  # the attempt is still on record


async def test_preliminary_is_replaced_by_final_in_place(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    first = item(patient, "P-1", status="preliminary", value=6.0)
    assert (await post(engine, {"results": [first]}, key)).status_code == 201
    (row,) = rows(session, patient)
    final = {**first, "status": "final", "value": 6.4, "comment": "Подтверждено"}
    response = await post(engine, {"results": [final]}, key)
    assert response.status_code == 201
    assert response.json()["results"] == [{"id": "P-1", "outcome": "updated"}]
    (updated,) = rows(session, patient)
    assert updated.id == row.id
    assert (updated.status, updated.value, updated.flag) == (LabStatus.FINAL, 6.4, LabFlag.HIGH)
    assert "подтверждено" in updated.search_text
    notices = session.exec(select(Notification).where(Notification.user_id == patient.id)).all()
    assert len(notices) == 2


async def test_final_never_goes_back_to_preliminary(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    assert (await post(engine, {"results": [item(patient)]}, key)).status_code == 201
    response = await post(engine, {"results": [item(patient, status="preliminary")]}, key)
    assert response.status_code == 422
    assert response.json()["errors"][0] | {"message": ""} == {
        "index": 0,
        "field": "status",
        "code": "final_exists",
        "message": "",
    }
    assert rows(session, patient)[0].status == LabStatus.FINAL


async def test_another_labs_result_id_does_not_collide(engine, session):
    _a, key_a = make_lab(session, "Лаборатория А")
    _b, key_b = make_lab(session, "Лаборатория Б")
    patient = make_patient(session)
    assert (
        await post(engine, {"results": [item(patient, "X-1", value=5.0)]}, key_a)
    ).status_code == 201
    response = await post(engine, {"results": [item(patient, "X-1", value=9.0)]}, key_b)
    assert response.json()["created"] == 1
    assert sorted((r.laboratory, r.value) for r in rows(session, patient)) == [
        ("Лаборатория А", 5.0),
        ("Лаборатория Б", 9.0),
    ]


async def test_an_id_stays_with_its_patient_and_analyte(engine, session):
    _lab, key = make_lab(session)
    patient, other = make_patient(session), make_patient(session)
    assert (await post(engine, {"results": [item(patient, "Z-1")]}, key)).status_code == 201
    for changed in (
        item(other, "Z-1"),
        item(patient, "Z-1", analyte="CHOL"),
    ):
        response = await post(engine, {"results": [changed]}, key)
        assert response.status_code == 422
        assert [e["code"] for e in response.json()["errors"]] == ["id_conflict"]
    assert len(rows(session, patient)) == 1 and rows(session, other) == []


BAD_ITEMS = {
    "unknown analyte": ({"analyte": "NOPE"}, "analyte", "unknown_analyte"),
    "unknown loinc": ({"analyte": None, "loinc": "0000-0"}, "loinc", "unknown_loinc"),
    "loinc of another analyte": ({"loinc": "14647-2"}, "loinc", "analyte_mismatch"),
    "no analyte at all": ({"analyte": None}, "", "value_error"),
    "wrong unit": ({"unit": "mg/dL"}, "unit", "unit_mismatch"),
    "unit in another case": ({"unit": "MMOL/L"}, "unit", "unit_mismatch"),
    "naive time": ({"taken_at": "2026-03-12T11:30:00"}, "taken_at", "timezone_aware"),
    "date only": ({"taken_at": "2026-03-12"}, "taken_at", "datetime_parsing"),
    "future": ({"taken_at": "2099-01-01T00:00:00Z"}, "taken_at", "future"),
    "before birth": ({"taken_at": "1980-01-01T00:00:00Z"}, "taken_at", "too_early"),
    "value as text": ({"value": "5.4"}, "value", "float_type"),
    "value as bool": ({"value": True}, "value", "float_type"),
    "no value": ({"value": None}, "value", "float_type"),
    "bad status": ({"status": "cancelled"}, "status", "enum"),
    "extra field": ({"secret": 1}, "secret", "extra_forbidden"),
    "id with spaces": ({"id": "a b"}, "id", "string_pattern_mismatch"),
    "long comment": ({"comment": "я" * 501}, "comment", "string_too_long"),
    "bad snils checksum": (
        {"patient": {"snils": "11223344500", "birth_date": "1985-03-14"}},
        "patient.snils",
        "bad_snils",
    ),
    "birth date as number": (
        {"patient": {"snils": "11223344595", "birth_date": 19850314}},
        "patient.birth_date",
        "date_type",
    ),
}


@pytest.mark.parametrize("case", BAD_ITEMS, ids=list(BAD_ITEMS))
async def test_a_bad_item_refuses_the_whole_batch(engine, session, case):
    overrides, field, code = BAD_ITEMS[case]
    _lab, key = make_lab(session)
    patient = make_patient(session)
    bad = {
        k: v for k, v in item(patient, "B-2", **overrides).items() if v is not None or k == "value"
    }
    body = {"results": [item(patient, "B-1"), bad, item(patient, "B-3")]}
    before = counts(session)
    response = await post(engine, body, key)
    assert response.status_code == 422, response.text
    payload = response.json()
    assert payload["error"] == "invalid"
    assert [(e["index"], e["field"], e["code"]) for e in payload["errors"]] == [(1, field, code)]
    assert all(e["message"] for e in payload["errors"])
    assert counts(session) == before


async def test_every_bad_item_is_listed(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    body = {
        "results": [
            item(patient, "E-0", unit="mg/dL"),
            item(patient, "E-1"),
            item(patient, "E-2", analyte="NOPE", taken_at="2026-03-12T11:30:00"),
            item(patient, "E-1"),
        ]
    }
    response = await post(engine, body, key)
    assert response.status_code == 422
    # pydantic errors come first (the item is not checked further), then the stored-data ones
    found = sorted((e["index"], e["field"], e["code"]) for e in response.json()["errors"])
    assert found == [
        (0, "unit", "unit_mismatch"),
        (2, "taken_at", "timezone_aware"),
        (3, "id", "repeated_id"),
    ]
    assert counts(session)[0] == 0


async def test_an_unknown_patient_and_a_wrong_birth_date_look_the_same(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    stranger = {"snils": "11223344595", "birth_date": patient.birth_date.isoformat()}
    wrong_birth = {"snils": patient.snils, "birth_date": "1985-03-15"}
    body = {
        "results": [
            item(patient, "U-1", patient=stranger),
            item(patient, "U-2", patient=wrong_birth),
        ]
    }
    response = await post(engine, body, key)
    assert response.status_code == 422
    first, second = response.json()["errors"]
    assert (first["index"], second["index"]) == (0, 1)
    assert {k: v for k, v in first.items() if k != "index"} == {
        k: v for k, v in second.items() if k != "index"
    }
    assert first["code"] == "unknown_patient" and counts(session)[0] == 0


async def test_fhir_errors_point_at_the_entry_and_path(engine, session):
    _lab, key = make_lab(session)
    patient = make_patient(session)
    obs = [
        observation("F-1"),
        observation("F-2", unit="mg/dL"),
        observation("F-3", effectiveDateTime="2026-03-12"),
        observation("F-4", status="cancelled"),
        observation("F-5", subject={"reference": "Patient/nobody"}),
        observation("F-6", code={"coding": [{"system": "http://snomed.info/sct", "code": "1"}]}),
    ]
    response = await post(engine, bundle(patient, obs), key, content_type=FHIR)
    assert response.status_code == 422, response.text
    found = [(e["index"], e["field"]) for e in response.json()["errors"]]
    assert found == [  # entry 0 is the Patient
        (2, "resource.valueQuantity.code"),
        (3, "resource.effectiveDateTime"),
        (4, "resource.status"),
        (5, "resource.subject.reference"),
        (6, "resource.code.coding"),
    ]
    assert counts(session)[0] == 0


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"{not json", 400, "bad_json"),
        (b'{"results": [NaN]}', 400, b"bad_json"),
        (b"\xff\xfe", 400, "bad_json"),
        (b'{"results": []}', 422, "invalid"),
        (b'{"results": {}}', 422, "invalid"),
        (b"[]", 422, "invalid"),
        (b'{"resourceType": "Patient"}', 422, "invalid"),
        (b'{"resourceType": "Bundle", "entry": []}', 422, "invalid"),
        (b'{"results": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400, "bad_json"),
        (b'{"results": [{"value": ' + b"9" * 5000 + b"}]}", 400, "bad_json"),
    ],
)
async def test_malformed_bodies_are_refused(engine, session, body, status, error):
    _lab, key = make_lab(session)
    response = await post(engine, body, key)
    assert response.status_code == status
    assert response.json()["error"] == (error.decode() if isinstance(error, bytes) else error)
    assert counts(session)[0] == 0


async def test_too_many_results_and_too_large_bodies_are_refused(engine, session, monkeypatch):
    from gosapp.api.v1 import lab_results

    _lab, key = make_lab(session)
    patient = make_patient(session)
    many = {"results": [item(patient, f"M-{n}") for n in range(1001)]}
    response = await post(engine, many, key)
    assert response.status_code == 422
    assert [(e["index"], e["field"], e["code"]) for e in response.json()["errors"]] == [
        (None, "results", "too_long")
    ]
    monkeypatch.setattr(lab_results, "MAX_BODY", 1000)
    big = {"results": [item(patient, "L-1", comment="x" * 2000)]}
    assert (await post(engine, big, key)).status_code == 413
    assert counts(session)[0] == 0


async def test_other_media_types_are_refused(engine, session):
    _lab, key = make_lab(session)
    response = await post(engine, b"results=1", key, content_type="text/plain")
    assert response.status_code == 415


async def test_a_missing_wrong_or_revoked_key_is_401(engine, session):
    lab, key = make_lab(session)
    patient = make_patient(session)
    body = {"results": [item(patient)]}
    missing = await post(engine, body)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == 'Bearer realm="gosapp-labs"'
    for wrong in (key + "x", key[:-1], f"lab_{lab.key_prefix}_guess", "Basic abc", "lab_"):
        response = await post(engine, body, wrong)
        assert response.status_code == 401, wrong
        assert 'error="invalid_token"' in response.headers["www-authenticate"]
    lab_keys.revoke(session=session, name=lab.name, actor=ACTOR)
    session.commit()
    assert (await post(engine, body, key)).status_code == 401
    new_key = lab_keys.rotate(session=session, name=lab.name, actor=ACTOR)
    session.commit()
    assert (await post(engine, body, key)).status_code == 401
    assert (await post(engine, body, new_key)).status_code == 201


async def test_wrong_keys_are_throttled_per_address(engine, session, monkeypatch):
    from datetime import timedelta

    from gosapp.api.v1 import lab_results
    from gosapp.services.identity import throttle

    _lab, key = make_lab(session)
    monkeypatch.setattr(lab_results, "KEY_MISSES", (throttle.Rule(2, timedelta(minutes=15)),))
    for _ in range(2):
        assert (await post(engine, b"{}", "lab_00000000_nope")).status_code == 401
    assert (await post(engine, b"{}", "lab_00000000_nope")).status_code == 429
    assert (await post(engine, b"{}", key)).status_code == 429  # the address waits


async def test_the_openapi_spec_is_served(engine, session):
    import httpx

    from gosapp.api.app import create_api

    transport = httpx.ASGITransport(app=create_api(lambda: engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/api/v1/openapi.json")
    spec = response.json()
    assert spec["openapi"] == "3.1.0"
    operation = spec["paths"]["/api/v1/lab-results"]["post"]
    assert operation["security"] == [{"labKey": []}]
    assert {"201", "200", "400", "401", "413", "415", "422"} <= set(operation["responses"])
    assert spec["components"]["securitySchemes"]["labKey"]["scheme"] == "bearer"
    result = spec["components"]["schemas"]["LabResultIn"]
    assert {"id", "patient", "value", "unit", "taken_at"} <= set(result["required"])
    assert (
        spec["components"]["schemas"]["LabResultsIn"]["properties"]["results"]["maxItems"] == 1000
    )


async def test_each_patient_is_told_once_per_batch(engine, session):
    _lab, key = make_lab(session)
    first, second = make_patient(session), make_patient(session)
    body = {
        "results": [
            item(first, "T-1"),
            item(first, "T-2", analyte="CHOL", value=4.0),
            item(second, "T-3"),
        ]
    }
    response = await post(engine, body, key)
    assert response.status_code == 201
    session.rollback()
    told = session.exec(select(Notification.user_id, Notification.body)).all()
    assert sorted(told) == sorted(
        [
            (first.id, "Лаборатория «Гемотест»: 2 показателя. Откройте раздел «Анализы»."),
            (second.id, "Лаборатория «Гемотест»: 1 показатель. Откройте раздел «Анализы»."),
        ]
    )


async def test_the_same_batch_posted_twice_at_once_is_stored_once(engine, session):
    import asyncio

    _lab, key = make_lab(session)
    patient = make_patient(session)
    body = {"results": [item(patient, f"C-{n}") for n in range(50)]}
    first, second = await asyncio.gather(post(engine, body, key), post(engine, body, key))
    assert sorted([first.status_code, second.status_code]) == [200, 201]
    assert len(rows(session, patient)) == 50


async def test_an_empty_analyte_code_is_refused_not_a_server_error(engine, session):
    """Found by the fuzz test: ``"analyte": ""`` passed the schema and crashed the write."""
    _lab, key = make_lab(session)
    patient = make_patient(session)
    body = {"results": [{**item(patient, "E-1"), "analyte": ""}]}
    response = await post(engine, body, key)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["code"] == "unknown_analyte"
    assert counts(session)[0] == 0
