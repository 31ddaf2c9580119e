"""Staff read the audit log in Russian words: every action code the code base records has a
label, request creation is named by its type, and an unknown code never shows raw."""

import ast
import pathlib
import re

import pytest

from gosapp.models.accounts import LoginResult
from gosapp.services.backoffice.audit_labels import ACTION_LABELS, action_label, object_label
from gosapp.services.requests import catalog, workflow

ROOT = pathlib.Path(__file__).resolve().parents[3] / "gosapp"
DOTTED = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
NOT_ACTIONS = {"common_passwords.txt", "http.request", "http.disconnect", "http.response.start"}
NOT_ACTIONS |= {"analytes.json", "patient.birth_date", "patient.snils"}  # data files, API fields
NOT_PREFIXES = ("gosapp.", "resource.")  # module names, FHIR paths in ingestion errors


def recorded_literals() -> set[str]:
    """Every dotted lower-case string literal in services and api (the audit action codes)."""
    found = set()
    for folder in ("services", "api"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "audit_labels.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                value = node.value if isinstance(node, ast.Constant) else None
                if isinstance(value, str) and DOTTED.match(value):
                    found.add(value)
    return {v for v in found - NOT_ACTIONS if not v.startswith(NOT_PREFIXES)}


def test_every_recorded_code_has_a_label():
    codes = recorded_literals()
    codes |= {f"login.{r.value}" for r in LoginResult}  # signin._fail: f"login.{result}"
    codes |= {f"request.{a}" for a in workflow.TRANSITIONS}  # workflow.transition
    assert "login.success" in codes and "staff.user.lock" in codes  # the scan finds them
    missing = sorted(c for c in codes if c not in ACTION_LABELS)
    assert not missing


def test_request_creation_is_named_by_its_type():
    assert action_label("request.create.cert_health") == (
        "Создано заявление: справка о состоянии здоровья (форма 086/у)"
    )
    for rtype in catalog.all_types():
        label = action_label(f"request.create.{rtype.code}")
        assert label.startswith("Создано заявление: ") and "." not in label.split(": ")[1][:3]


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("login.success", "Вход"),
        ("request.approve", "Заявление одобрено"),
        ("request.create.no_such_type", "Создано заявление"),
        ("login.something_new", "Вход: другое действие"),
        ("bulk.119", "Другое действие"),
        ("", "Другое действие"),
    ],
)
def test_labels_and_fallbacks(code, label):
    assert action_label(code) == label


def test_no_label_is_a_raw_code():
    for code in [*ACTION_LABELS, "request.create.x", "staff.new.thing", "weird.code"]:
        assert not DOTTED.match(action_label(code)) and code not in action_label(code)


def test_objects_in_words():
    assert object_label("request", "ОБР-2026-000001") == "заявление ОБР-2026-000001"
    assert object_label("user", "12") == "пользователь № 12"
    assert object_label(None, None) == "—"
    assert object_label("mystery", "7") == "объект 7"
