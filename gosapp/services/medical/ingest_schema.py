"""The lab ingestion payload (``POST /api/v1/lab-results``) as pydantic models.

The same models validate every request and give the OpenAPI schema (``ingest_openapi``), so the
published contract and the checks cannot drift apart. Validation is strict JSON: a number must be
a JSON number (never ``"5.2"`` or ``true``), dates are ISO strings, a time carries its UTC offset,
unknown fields are refused.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

MAX_RESULTS = 1000  # results in one request
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$"
STRICT = ConfigDict(strict=True, extra="forbid")


class Status(StrEnum):
    """A preliminary value may later be replaced by the final one (never the other way)."""

    PRELIMINARY = "preliminary"
    FINAL = "final"


class PatientRef(BaseModel):
    """Who the sample is from: SNILS and date of birth must both match one patient."""

    model_config = STRICT

    snils: Annotated[
        str,
        Field(
            min_length=11,
            max_length=14,
            description="СНИЛС: 11 digits, or XXX-XXX-XXX YY",
            examples=["112-233-445 95"],
        ),
    ]
    birth_date: Annotated[date, Field(description="Date of birth, YYYY-MM-DD")]


class LabResultIn(BaseModel):
    """One analyte's value."""

    model_config = STRICT

    id: Annotated[
        str,
        Field(
            pattern=ID_PATTERN,
            description="The laboratory's own id of this result: a repeat is idempotent",
            examples=["GT-2026-000123-GLU"],
        ),
    ]
    patient: PatientRef
    analyte: Annotated[
        str | None,
        Field(max_length=16, description="Catalogue code (e.g. GLU); or give `loinc`"),
    ] = None
    loinc: Annotated[
        str | None, Field(max_length=16, description="LOINC code (e.g. 2345-7); or `analyte`")
    ] = None
    value: Annotated[float, Field(allow_inf_nan=False, description="A finite JSON number")]
    unit: Annotated[
        str,
        Field(max_length=24, description="UCUM unit, exactly the catalogue's (e.g. mmol/L)"),
    ]
    taken_at: Annotated[
        AwareDatetime,
        Field(description="When the sample was taken, ISO 8601 with a UTC offset"),
    ]
    status: Status = Status.FINAL
    comment: Annotated[str, Field(max_length=500)] = ""

    @model_validator(mode="after")
    def _names_an_analyte(self) -> LabResultIn:
        if self.analyte is None and self.loinc is None:
            raise ValueError("Укажите analyte (код каталога) или loinc")
        return self


class LabResultsIn(BaseModel):
    """The request body in gosapp's own format (a FHIR R4 Bundle is accepted too)."""

    model_config = STRICT

    results: Annotated[list[LabResultIn], Field(min_length=1, max_length=MAX_RESULTS)]


class Outcome(StrEnum):
    """What became of one posted result."""

    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"


class ItemOutcome(BaseModel):
    """One result's outcome, in the order they were posted."""

    id: str
    outcome: Outcome


class IngestReport(BaseModel):
    """The answer to an accepted request (201, or 200 when every result was a duplicate)."""

    status: Annotated[str, Field(description="accepted, or duplicate when nothing changed")]
    created: int
    updated: int
    duplicate: int
    results: list[ItemOutcome]


class ItemError(BaseModel):
    """One problem: ``index`` is the result's position (a FHIR Bundle: the entry's), null for
    the request as a whole; ``field`` is the path inside the item."""

    index: int | None
    field: str
    code: Annotated[str, Field(description="missing, unknown_analyte, unit_mismatch, …")]
    message: str


class ErrorReport(BaseModel):
    """The answer to a refused request: nothing of it was stored."""

    error: Annotated[str, Field(description="invalid, bad_json, unauthorized, too_large, …")]
    message: str
    errors: list[ItemError] = []
