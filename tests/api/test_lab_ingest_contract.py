"""Schemathesis against the served OpenAPI spec of the laboratory API: requests generated from
the spec (valid ones and deliberately invalid ones) never get a 5xx, every answer matches the
documented status codes, content types and schemas, and a refused request stores nothing.
Schemathesis (pinned in pyproject's dev extras) walks its default checks and negative data."""

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from gosapp import routes
from gosapp.api.app import create_api
from tests.api.lab_ingest_setup import counts, make_lab


def served_spec() -> dict:
    """The spec as the app serves it (not the Python object behind it)."""
    import asyncio

    async def fetch() -> dict:
        transport = httpx.ASGITransport(app=create_api())
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return (await client.get(routes.API_OPENAPI)).json()

    return asyncio.run(fetch())


SCHEMA = schemathesis.openapi.from_dict(served_spec())


@SCHEMA.parametrize()
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_documented_contract(case, engine, session):
    found = getattr(session, "_contract_lab", None)
    if found is None:
        found = session._contract_lab = make_lab(session)
    before = counts(session)
    response = case.call(
        app=create_api(lambda: engine), headers={"Authorization": f"Bearer {found[1]}"}
    )
    # Schema-valid data may still be refused: a patient the portal does not know, a unit the
    # catalogue does not use — facts outside the spec. Everything else is checked.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500
    if response.status_code >= 400:
        assert counts(session) == before
