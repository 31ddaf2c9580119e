"""A FHIR R4 Bundle of Observations read as gosapp's own ingestion payload.

The rules are ``RULES`` (published in the OpenAPI description and the README).
Each Observation becomes a dict in gosapp's format that ``ingest_schema`` then validates; errors
point at the Bundle entry and the FHIR path.
"""

from __future__ import annotations

from typing import Any

from gosapp.services.medical.ingest_schema import ItemError

SNILS_SYSTEM = "urn:oid:1.2.643.100.3"
LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
STATUSES = {
    "final": "final",
    "amended": "final",
    "corrected": "final",
    "preliminary": "preliminary",
}
# Where each field of gosapp's format comes from, for error messages.
FHIR_PATHS = {
    "id": "resource.identifier[0].value",
    "patient": "resource.subject",
    "snils": f"Patient.identifier[system={SNILS_SYSTEM}].value",
    "birth_date": "Patient.birthDate",
    "loinc": "resource.code.coding[system=http://loinc.org].code",
    "value": "resource.valueQuantity.value",
    "unit": "resource.valueQuantity.code",
    "taken_at": "resource.effectiveDateTime",
    "status": "resource.status",
    "comment": "resource.note",
}
_MISSING = object()
RULES = """\
- every ``entry[].resource`` is an ``Observation`` (one result) or a ``Patient`` (referenced);
- the lab's result id is ``Observation.identifier[0].value``, else ``Observation.id``;
- ``Observation.subject.reference`` names a Patient of the Bundle (its ``fullUrl`` or
  ``Patient/<id>``) or a contained one (``#<id>``); that Patient carries the SNILS as an
  ``identifier`` with system ``urn:oid:1.2.643.100.3`` and its ``birthDate``;
- the analyte is the ``code.coding`` with system ``http://loinc.org``;
- ``valueQuantity.value`` is the value, ``valueQuantity.code`` the UCUM unit (its ``system``, if
  given, must be ``http://unitsofmeasure.org``);
- ``effectiveDateTime`` with a UTC offset is when the sample was taken;
- ``status``: ``final``, ``amended`` and ``corrected`` are final, ``preliminary`` is preliminary;
- ``note[].text`` becomes the comment.
"""


class _Fault(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def is_bundle(data: object) -> bool:
    """Whether a parsed body is a FHIR resource (then it must be a Bundle)."""
    return isinstance(data, dict) and "resourceType" in data


def from_bundle(data: dict[str, Any]) -> tuple[list[object], list[int], list[ItemError]]:
    """The Bundle's Observations as gosapp-format dicts, their entry indexes, and the errors."""
    if data.get("resourceType") != "Bundle":
        return [], [], [_error(None, "resourceType", "bundle", "Ожидается Bundle")]
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        return [], [], [_error(None, "entry", "missing", "Нет ни одной записи")]
    patients = _patients(entries)
    items: list[object] = []
    where: list[int] = []
    errors: list[ItemError] = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind == "Patient":
            continue
        if kind != "Observation":
            errors.append(_error(index, "resource", "resource_type", "Ожидается Observation"))
            continue
        try:
            items.append(_observation(resource, patients))  # type: ignore[arg-type]
            where.append(index)
        except _Fault as fault:
            errors.append(_error(index, fault.field, "fhir", fault.message))
    return items, where, errors


def _error(index: int | None, field: str, code: str, message: str) -> ItemError:
    return ItemError(index=index, field=field, code=code, message=message)


def _patients(entries: list[object]) -> dict[str, dict]:
    """Bundle Patients by every name a subject may use: fullUrl and ``Patient/<id>``."""
    found: dict[str, dict] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        resource = entry.get("resource")
        if not isinstance(resource, dict) or resource.get("resourceType") != "Patient":
            continue
        if isinstance(entry.get("fullUrl"), str):
            found[entry["fullUrl"]] = resource
        if isinstance(resource.get("id"), str):
            found[f"Patient/{resource['id']}"] = resource
    return found


def _observation(resource: dict, patients: dict[str, dict]) -> dict[str, object]:
    item: dict[str, object] = {
        "id": _result_id(resource),
        "patient": _patient(resource, patients),
        "loinc": _loinc(resource),
        "status": _status(resource),
    }
    quantity = resource.get("valueQuantity")
    if not isinstance(quantity, dict):
        raise _Fault("resource.valueQuantity", "Нужно valueQuantity со значением и единицей")
    if quantity.get("system", UCUM_SYSTEM) != UCUM_SYSTEM:
        raise _Fault("resource.valueQuantity.system", f"Единица должна быть из {UCUM_SYSTEM}")
    for name, source in (
        ("value", quantity.get("value", _MISSING)),
        ("unit", quantity.get("code", _MISSING)),
        ("taken_at", resource.get("effectiveDateTime", _MISSING)),
    ):
        if source is not _MISSING:
            item[name] = source
    notes = resource.get("note", [])
    if not isinstance(notes, list) or not all(isinstance(n, dict) for n in notes):
        raise _Fault("resource.note", "Ожидается список Annotation")
    texts = [n.get("text") for n in notes]
    if not all(isinstance(t, str) for t in texts):
        raise _Fault("resource.note", "Ожидается текст примечания")
    item["comment"] = "\n".join(texts)  # type: ignore[arg-type]
    return item


def _result_id(resource: dict) -> object:
    identifiers = resource.get("identifier")
    if isinstance(identifiers, list) and identifiers and isinstance(identifiers[0], dict):
        return identifiers[0].get("value")
    if "id" in resource:
        return resource["id"]
    raise _Fault("resource.identifier", "Нужен идентификатор результата (identifier или id)")


def _patient(resource: dict, patients: dict[str, dict]) -> dict[str, object]:
    subject = resource.get("subject")
    reference = subject.get("reference") if isinstance(subject, dict) else None
    if not isinstance(reference, str):
        raise _Fault("resource.subject.reference", "Нужна ссылка на пациента")
    patient = patients.get(reference)
    if reference.startswith("#"):
        contained = resource.get("contained", [])
        patient = next(
            (
                r
                for r in (contained if isinstance(contained, list) else [])
                if isinstance(r, dict)
                and r.get("resourceType") == "Patient"
                and r.get("id") == reference[1:]
            ),
            None,
        )
    if patient is None:
        raise _Fault("resource.subject.reference", "Пациент не найден в Bundle")
    return {"snils": _snils(patient), "birth_date": patient.get("birthDate")}


def _snils(patient: dict) -> object:
    identifiers = patient.get("identifier")
    for identifier in identifiers if isinstance(identifiers, list) else []:
        if isinstance(identifier, dict) and identifier.get("system") == SNILS_SYSTEM:
            return identifier.get("value")
    raise _Fault(FHIR_PATHS["snils"], "У пациента нет СНИЛС")


def _loinc(resource: dict) -> object:
    code = resource.get("code")
    codings = code.get("coding") if isinstance(code, dict) else None
    for coding in codings if isinstance(codings, list) else []:
        if isinstance(coding, dict) and coding.get("system") == LOINC_SYSTEM:
            return coding.get("code")
    raise _Fault("resource.code.coding", "Нужен код LOINC (system http://loinc.org)")


def _status(resource: dict) -> str:
    status = resource.get("status")
    if not isinstance(status, str) or status not in STATUSES:
        raise _Fault("resource.status", "Статус: final, amended, corrected или preliminary")
    return STATUSES[status]


def fhir_path(field: str) -> str:
    """The FHIR path of one of gosapp's field paths (``patient.snils`` → the Patient's)."""
    leaf = field.rsplit(".", 1)[-1]
    return FHIR_PATHS.get(leaf, FHIR_PATHS.get(field.split(".", 1)[0], f"resource.{field}"))
