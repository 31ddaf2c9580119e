"""The one place that lists every request type the engine knows.

Feature modules declare their types; adding a feature means adding its module here, never
changing the engine. The list is built on first use so feature modules may import the engine.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from gosapp.services.common.errors import NotFound
from gosapp.services.requests.types import RequestType

# Modules exposing ``TYPES: tuple[RequestType, ...]``.
FEATURE_MODULES = (
    "gosapp.services.medical.certificates",
    "gosapp.services.requests.support",
    "gosapp.services.profile.passport_check",
    "gosapp.services.frmr.portfolio_review",
    "gosapp.services.frmr.register",
    "gosapp.services.social.benefits_review",
    "gosapp.services.social.szn_certificates",
    "gosapp.services.social.allowance",
    "gosapp.services.frmr.education_review",
    "gosapp.services.frmr.experience_review",
    "gosapp.services.frmr.attestation_review",
)


@cache
def _types() -> dict[str, RequestType]:
    found: dict[str, RequestType] = {}
    for name in FEATURE_MODULES:
        for rtype in import_module(name).TYPES:
            if rtype.code in found:
                raise RuntimeError(f"request type {rtype.code!r} declared twice")
            found[rtype.code] = rtype
    return found


def get(code: str) -> RequestType:
    """The type with ``code``; NotFound for anything else (codes come from clients too)."""
    rtype = _types().get(str(code))
    if rtype is None:
        raise NotFound("Неизвестный вид заявления")
    return rtype


def all_types(cabinet: str | None = None) -> list[RequestType]:
    """Every type, or those of one cabinet, in declaration order."""
    return [t for t in _types().values() if cabinet is None or t.cabinet == cabinet]
