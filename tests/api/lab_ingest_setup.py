"""Helpers for the lab ingestion API tests: a laboratory with a key, patients with SNILS,
payloads in both formats, posting through the real Starlette app, and counting what is stored."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import httpx
from sqlalchemy import func
from sqlmodel import select

from gosapp import routes
from gosapp.api.app import create_api
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import LabResult
from gosapp.models.notifications import Notification
from gosapp.services.common.audit import Actor
from gosapp.services.medical import lab_keys
from tests.factories import give_documents, make_user

ACTOR = Actor(role="cli", user_agent="tests")
TAKEN = datetime(2026, 3, 12, 8, 30, tzinfo=UTC)
FHIR = "application/fhir+json"


def make_lab(session, name="Лаборатория «Гемотест»"):
    """A laboratory and its key (committed)."""
    lab, key = lab_keys.create(session=session, name=name, actor=ACTOR)
    session.commit()
    return lab, key


def make_patient(session, birth_date=date(1985, 3, 14)):
    """A standard-level patient with a checksum-valid SNILS (committed)."""
    patient = give_documents(session, make_user(session, birth_date=birth_date))
    session.commit()
    return patient


def item(person, result_id="R-1", **overrides) -> dict:
    """One result of ``person`` in gosapp's format: glucose 5.4 mmol/L."""
    values = {
        "id": result_id,
        "patient": {"snils": person.snils, "birth_date": person.birth_date.isoformat()},
        "analyte": "GLU",
        "value": 5.4,
        "unit": "mmol/L",
        "taken_at": "2026-03-12T11:30:00+03:00",
        "status": "final",
        "comment": "",
    }
    return {**values, **overrides}


def bundle(patient, observations: list[dict], contained=False) -> dict:
    """A FHIR R4 Bundle: the Patient (SNILS + birth date) and the Observations."""
    person = {
        "resourceType": "Patient",
        "id": "p1",
        "identifier": [{"system": "urn:oid:1.2.643.100.3", "value": patient.snils}],
        "birthDate": patient.birth_date.isoformat(),
    }
    entries = [] if contained else [{"fullUrl": "urn:uuid:patient-1", "resource": person}]
    for obs in observations:
        if contained:
            obs = {**obs, "contained": [person], "subject": {"reference": "#p1"}}
        entries.append({"fullUrl": f"urn:uuid:{obs['identifier'][0]['value']}", "resource": obs})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def observation(result_id="F-1", loinc="14749-6", value=5.4, unit="mmol/L", **overrides) -> dict:
    """One FHIR Observation of the bundle's patient (glucose by default)."""
    obs = {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:lab:gemotest", "value": result_id}],
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
        "subject": {"reference": "urn:uuid:patient-1"},
        "effectiveDateTime": "2026-03-12T11:30:00+03:00",
        "valueQuantity": {
            "value": value,
            "unit": unit,
            "system": "http://unitsofmeasure.org",
            "code": unit,
        },
    }
    return {**obs, **overrides}


async def post(engine, body, key=None, content_type="application/json", headers=None):
    """POST to /api/v1/lab-results through the real app; ``body``: JSON-able or bytes."""
    app = create_api(lambda: engine)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    sent = {"content-type": content_type, **(headers or {})}
    if key is not None:
        sent["authorization"] = f"Bearer {key}"
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post(routes.API_LAB_RESULTS, content=data, headers=sent)


def counts(session) -> tuple[int, int, int]:
    """Stored results, notifications and ingest audit events."""
    session.rollback()  # a fresh snapshot: the app wrote through its own connections
    results = session.exec(select(func.count()).select_from(LabResult)).one()
    notices = session.exec(select(func.count()).select_from(Notification)).one()
    audits = session.exec(
        select(func.count()).where(AuditEvent.action == "lab_results.ingest")
    ).one()
    return results, notices, audits
