"""Property-based tests of POST /api/v1/lab-results: whatever a laboratory sends — random JSON,
random bytes, a good payload with one field broken (wrong types, missing, huge numbers, any
Unicode), a broken FHIR Bundle — the answer is never a 5xx, and a refused request stores nothing.
"""

import asyncio
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.lab_ingest_setup import FHIR, bundle, counts, item, make_lab, make_patient, post

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -0.0, 1e308, -1e308, 5e-324, 2**63, 2**64 + 1]),
)
TEXT = st.text(max_size=80)  # any Unicode, surrogates excluded by JSON itself
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)
ITEM_FIELDS = [
    "id",
    "patient",
    "analyte",
    "loinc",
    "value",
    "unit",
    "taken_at",
    "status",
    "comment",
]
PATIENT_FIELDS = ["snils", "birth_date"]


def send(engine, body, key, content_type="application/json"):
    return asyncio.run(post(engine, body, key, content_type=content_type))


def check(session, response, before):
    """Never a 5xx; a refusal is JSON and stored nothing; an acceptance stored what it says."""
    assert response.status_code < 500, response.text
    results, _notices, _audits = counts(session)
    if response.status_code in (200, 201):
        assert results == before[0] + response.json()["created"]
    else:
        assert response.status_code in (400, 413, 415, 422), response.status_code
        assert response.json()["error"]
        assert counts(session) == before


def dumps(value) -> bytes:
    """JSON text for any generated value (ints beyond float range stay exact integers)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode()


@FUZZ
@given(body=JSON_VALUES)
def test_random_json_never_fails_the_server(engine, session, body):
    _lab, key = lab_for(session)
    before = counts(session)
    check(session, send(engine, dumps(body), key), before)


@FUZZ
@given(body=st.binary(max_size=200), content_type=st.sampled_from(["application/json", FHIR]))
def test_random_bytes_never_fail_the_server(engine, session, body, content_type):
    _lab, key = lab_for(session)
    before = counts(session)
    check(session, send(engine, body, key, content_type), before)


@FUZZ
@given(
    field=st.sampled_from(ITEM_FIELDS),
    patient_field=st.sampled_from(PATIENT_FIELDS),
    value=st.one_of(JSON_VALUES, st.just(...)),  # ... deletes the field
    where=st.sampled_from(["item", "patient"]),
    n=st.integers(min_value=0, max_value=10**9),
)
def test_one_broken_field_refuses_the_batch(engine, session, field, patient_field, value, where, n):
    _lab, key = lab_for(session)
    patient = patient_for(session)
    broken = item(patient, f"H-{n}")
    target, name = (broken, field) if where == "item" else (broken["patient"], patient_field)
    if value is ...:
        target.pop(name, None)
    else:
        target[name] = value
    body = {"results": [item(patient, f"G-{n}"), broken]}
    before = counts(session)
    check(session, send(engine, dumps(body), key), before)


@FUZZ
@given(value=NUMBERS, taken_at=st.datetimes(timezones=st.timezones()), n=st.integers(0, 10**9))
def test_numbers_and_times_are_stored_or_refused_never_mangled(engine, session, value, taken_at, n):
    _lab, key = lab_for(session)
    patient = patient_for(session)
    body = {"results": [item(patient, f"N-{n}", value=value, taken_at=taken_at.isoformat())]}
    before = counts(session)
    response = send(engine, dumps(body), key)
    check(session, response, before)
    if response.status_code == 201:
        assert math.isfinite(float(value))


@FUZZ
@given(
    path=st.sampled_from(
        [
            ("resourceType",),
            ("entry",),
            ("entry", 0),
            ("entry", 0, "resource", "identifier"),
            ("entry", 0, "resource", "birthDate"),
            ("entry", 1),
            ("entry", 1, "resource"),
            ("entry", 1, "resource", "status"),
            ("entry", 1, "resource", "code"),
            ("entry", 1, "resource", "subject"),
            ("entry", 1, "resource", "valueQuantity"),
            ("entry", 1, "resource", "valueQuantity", "value"),
            ("entry", 1, "resource", "effectiveDateTime"),
            ("entry", 1, "resource", "identifier"),
            ("entry", 1, "resource", "note"),
        ]
    ),
    value=JSON_VALUES,
    n=st.integers(0, 10**9),
)
def test_a_broken_bundle_never_fails_the_server(engine, session, path, value, n):
    from tests.api.lab_ingest_setup import observation

    _lab, key = lab_for(session)
    patient = patient_for(session)
    body = bundle(patient, [observation(f"FH-{n}")])
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    before = counts(session)
    check(session, send(engine, dumps(body), key, FHIR), before)


def lab_for(session):
    """One laboratory per test (examples share the test's database)."""
    found = getattr(session, "_fuzz_lab", None)
    if found is None:
        found = session._fuzz_lab = make_lab(session)
    return found


def patient_for(session):
    found = getattr(session, "_fuzz_patient", None)
    if found is None:
        found = session._fuzz_patient = make_patient(session)
    return found
