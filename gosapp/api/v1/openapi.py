"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of the laboratory API.

The schemas come from the pydantic models that validate requests (``ingest_schema``), so the
published contract is the enforced one. Built once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gosapp import routes
from gosapp.api.v1.lab_results import MAX_BODY
from gosapp.services.medical import ingest_fhir
from gosapp.services.medical.ingest_schema import (
    MAX_RESULTS,
    ErrorReport,
    IngestReport,
    LabResultsIn,
)

REF = "#/components/schemas/{model}"
DESCRIPTION = f"""Laboratories post analyte results for the portal's patients.

Each laboratory has one API key (`gosapp lab-key add NAME`), sent as `Authorization: Bearer
lab_<prefix>_<secret>`. A request carries up to {MAX_RESULTS} results and {MAX_BODY // 2**20} MB,
in gosapp's JSON or as a FHIR R4 Bundle of Observations. A request is stored all or nothing:
any bad item refuses the whole request (422) with every error listed by item index and field.

Posting the same result id again with the same content is a duplicate (200 when nothing at all
changed); with a changed value, time, status or comment the result is updated (a preliminary
value replaced by the final one, or a correction). A final result is never set back to
preliminary, and an id stays with its patient and analyte.

FHIR R4 Bundle rules:
{ingest_fhir.RULES}"""


def _schemas(*models: type[BaseModel]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF)
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    return found


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model="ErrorReport")}}},
    }


FHIR_BUNDLE = {
    "type": "object",
    "description": "A FHIR R4 Bundle of Observation (and referenced Patient) resources",
    "required": ["resourceType", "entry"],
    "properties": {
        "resourceType": {"const": "Bundle"},
        "type": {"type": "string"},
        "entry": {"type": "array", "minItems": 1, "items": {"type": "object"}},
    },
}


@cache
def spec() -> dict[str, Any]:
    """The whole document."""
    body = {"$ref": REF.format(model="LabResultsIn")}
    report_schema = {"$ref": REF.format(model="IngestReport")}
    report = {"content": {"application/json": {"schema": report_schema}}}
    operation = {
        "operationId": "postLabResults",
        "summary": "Post a batch of lab results",
        "security": [{"labKey": []}],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"oneOf": [body, FHIR_BUNDLE]}},
                "application/fhir+json": {"schema": FHIR_BUNDLE},
            },
        },
        "responses": {
            "201": {"description": "Stored: counts of created, updated, duplicate", **report},
            "200": {"description": "Every result was already stored as it is", **report},
            "400": _error("Not JSON in UTF-8"),
            "401": _error("No key, an unknown or a revoked key"),
            "413": _error(f"Body over {MAX_BODY // 2**20} MB"),
            "415": _error("Not application/json or application/fhir+json"),
            "422": _error("Invalid items (all listed); nothing stored"),
            "429": _error("Too many requests with wrong keys"),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "gosapp laboratory API", "version": "1.0.0", "description": DESCRIPTION},
        "paths": {routes.API_LAB_RESULTS: {"post": operation}},
        "components": {
            "schemas": _schemas(LabResultsIn, IngestReport, ErrorReport),
            "securitySchemes": {
                "labKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The laboratory's API key: lab_<prefix>_<secret>",
                }
            },
        },
    }


async def openapi(_request: Request) -> Response:
    """The spec as JSON."""
    return JSONResponse(spec(), headers={"Cache-Control": "public, max-age=300"})
