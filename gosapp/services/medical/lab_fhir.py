"""Lab results as a FHIR R4 Bundle (type ``collection``): one Patient, then one Observation per
result with its LOINC code, a UCUM quantity, the reference range and the interpretation.

The Patient carries name, birth date, sex and the СНИЛС as identifier; the portal's internal ids
are not exported (resources are named by ``urn:uuid:`` full URLs). The JSON is written entry by
entry from the row iterator, so only the output text grows with the number of results.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from gosapp.models.accounts import Sex, User
from gosapp.models.labs import LabFlag, LabResult, LabStatus
from gosapp.services.medical.lab_exports_format import decimals, local, unit_text

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
SNILS = "urn:oid:1.2.643.100.3"  # СНИЛС in Russian FHIR profiles
INTERPRETATIONS = {LabFlag.HIGH: "High", LabFlag.LOW: "Low", LabFlag.NORMAL: "Normal"}
GENDERS = {Sex.MALE: "male", Sex.FEMALE: "female"}
# Observations are named by a UUID derived from the result (stable between exports of the same
# result, so a receiver can recognise a repeat) that does not reveal the row's id.
RESULT_NAMESPACE = uuid.UUID("6f0c3d1e-6c55-4b1b-9a53-2a9d8f1c7e41")


def bundle_json(patient: User, rows: Iterator[LabResult], *, now: datetime) -> tuple[bytes, int]:
    """The Bundle as UTF-8 JSON, and how many Observations it holds."""
    patient_url = f"urn:uuid:{uuid.uuid4()}"
    head = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": local(now).isoformat(timespec="seconds"),
    }
    parts = [_json(head)[:-1], ',"entry":[']
    parts.append(_entry(patient_url, patient_resource(patient)))
    count = 0
    for row in rows:
        parts.append("," + _entry(_result_url(row), observation(row, patient_url)))
        count += 1
    parts.append("]}")
    return "".join(parts).encode("utf-8"), count


def _entry(full_url: str, resource: dict[str, Any]) -> str:
    return _json({"fullUrl": full_url, "resource": resource})


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _result_url(row: LabResult) -> str:
    return f"urn:uuid:{uuid.uuid5(RESULT_NAMESPACE, f'labresult:{row.id}')}"


def patient_resource(patient: User) -> dict[str, Any]:
    """The Patient: name, sex, birth date and the СНИЛС when known."""
    given = [name for name in (patient.first_name, patient.patronymic) if name]
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "name": [{"use": "official", "family": patient.last_name, "given": given}],
        "gender": GENDERS.get(Sex(patient.sex), "unknown"),
        "birthDate": patient.birth_date.isoformat(),
    }
    if patient.snils:
        resource["identifier"] = [{"system": SNILS, "value": patient.snils}]
    return resource


def observation(row: LabResult, patient_url: str) -> dict[str, Any]:
    """One result as a laboratory Observation."""
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "preliminary" if row.status == LabStatus.PRELIMINARY else "final",
        "category": [_concept(CATEGORY, "laboratory", "Laboratory")],
        "code": {
            "coding": [{"system": LOINC, "code": row.loinc, "display": row.analyte_name}],
            "text": row.analyte_name,
        },
        "subject": {"reference": patient_url},
        "effectiveDateTime": local(row.taken_at).isoformat(timespec="seconds"),
        "valueQuantity": quantity(row, row.value),
        "interpretation": [_concept(INTERPRETATION, str(row.flag), _interpretation(row))],
    }
    reference = reference_range(row)
    if reference:
        resource["referenceRange"] = [reference]
    if row.laboratory:
        resource["performer"] = [{"display": row.laboratory}]
    if row.method:
        resource["method"] = {"text": row.method}
    if row.comment:
        resource["note"] = [{"text": row.comment}]
    return resource


def quantity(row: LabResult, value: float) -> dict[str, Any]:
    """A UCUM quantity: the code machines read, the Russian unit people read."""
    return {
        "value": round(value, decimals(row)),
        "unit": unit_text(row),
        "system": UCUM,
        "code": row.units,
    }


def reference_range(row: LabResult) -> dict[str, Any]:
    """``low``/``high`` of the row's range (either side may be open); {} without one."""
    found = {}
    if row.ref_low is not None:
        found["low"] = quantity(row, row.ref_low)
    if row.ref_high is not None:
        found["high"] = quantity(row, row.ref_high)
    return found


def _interpretation(row: LabResult) -> str:
    return INTERPRETATIONS.get(LabFlag(row.flag), "Normal")


def _concept(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}]}
