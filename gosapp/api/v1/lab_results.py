"""POST /api/v1/lab-results: a laboratory posts a batch of results with its API key.

``Authorization: Bearer lab_<prefix>_<secret>``; anything else is 401 with ``WWW-Authenticate``
(and misses are counted per client address: past the limit 429 without looking keys up). The
body — gosapp's JSON or a FHIR R4 Bundle — is read up to ``MAX_BODY`` (413 beyond), parsed and
validated (``services.medical.ingest_parse``), then stored all or nothing in one transaction
(``services.medical.ingest``). Answers are JSON and never cached.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from gosapp.api.auth import request_actor
from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.models.labs import Laboratory
from gosapp.services.common.audit import Actor
from gosapp.services.identity import throttle
from gosapp.services.medical import ingest, ingest_parse, lab_keys
from gosapp.services.medical.ingest_parse import Rejected

MAX_BODY = 4 * 1024 * 1024  # 1,000 FHIR Observations with their Patients fit easily
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
KEY_MISSES = (throttle.Rule(30, timedelta(minutes=15)), throttle.Rule(300, timedelta(days=1)))
REALM = 'Bearer realm="gosapp-labs"'


async def post_lab_results(request: Request) -> Response:
    """Authenticate the laboratory, read and validate the batch, store it."""
    actor = replace(request_actor(request), role="laboratory")
    key = _bearer(request)
    engine = request.app.state.engine()
    lab = await run_in_threadpool(_authenticate, engine, key, actor)
    if not isinstance(lab, Laboratory):
        return lab
    try:
        body = await _read_capped(request)
        parsed = ingest_parse.parse(body, request.headers.get("content-type", ""))
        report = await run_in_threadpool(_store, engine, lab.id, parsed, actor)
    except Rejected as refused:
        return JSONResponse(refused.body(), status_code=refused.status, headers=HEADERS)
    if report is None:
        return _unauthorized("invalid_token")  # revoked while the body was read
    status = 200 if report.status == "duplicate" else 201
    return JSONResponse(report.model_dump(mode="json"), status_code=status, headers=HEADERS)


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _authenticate(engine, key: str | None, actor: Actor) -> Laboratory | Response:
    miss_key = "lab-api-miss:" + actor.ip
    now = utcnow()
    with transaction(engine) as db:
        if throttle.left(session=db, key=miss_key, rules=KEY_MISSES, now=now) <= 0:
            return _refuse(
                429, "too_many_attempts", "Слишком много неверных ключей", {"Retry-After": "900"}
            )
        lab = lab_keys.authenticate(session=db, key=key) if key else None
        if lab is None and key:
            throttle.take(session=db, keys=[(miss_key, KEY_MISSES)], now=now)
    if lab is None:
        return _unauthorized("invalid_token" if key else None)
    return lab


async def _read_capped(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise _too_large()
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise _too_large()
            chunks.append(chunk)
    except ClientDisconnect:
        raise Rejected(400, "bad_request", "Запрос оборван") from None
    return b"".join(chunks)


def _too_large() -> Rejected:
    return Rejected(413, "too_large", f"Тело запроса больше {MAX_BODY // (1024 * 1024)} МБ")


def _store(engine, lab_id: int, parsed: ingest_parse.Parsed, actor: Actor):
    """The batch stored in one transaction (None: the key was revoked meanwhile).

    A concurrent request with the same result ids can win the unique index first; the batch is
    then tried once more and sees those rows as duplicates or updates.
    """
    for attempt in range(2):
        try:
            with transaction(engine) as db:
                lab = db.get(Laboratory, lab_id)
                if lab is None or lab.revoked_at is not None:
                    return None
                return ingest.ingest(session=db, laboratory=lab, parsed=parsed, actor=actor)
        except IntegrityError:
            if attempt:
                raise
    return None


def _unauthorized(error: str | None) -> Response:
    challenge = f'{REALM}, error="{error}"' if error else REALM
    return _refuse(
        401,
        "unauthorized",
        "Нужен действующий ключ API лаборатории",
        {"WWW-Authenticate": challenge},
    )


def _refuse(status: int, error: str, message: str, extra: dict[str, str]) -> Response:
    body = {"error": error, "message": message, "errors": []}
    return JSONResponse(body, status_code=status, headers={**HEADERS, **extra})
