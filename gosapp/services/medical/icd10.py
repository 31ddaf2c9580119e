"""The curated МКБ-10 subset (SPEC §2.3): ~160 codes common in primary care with their Russian
names, read once from ``gosapp/data/icd10.json``.

Search is in Python over the casefolded names (SQLite's ``lower()`` does not fold Cyrillic, and
the list is small): a query that looks like a code matches by code prefix, any other by every
word being the start of a word of the name (ё and е are the same letter).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from gosapp.services.common.errors import Invalid

MAX_HITS = 20
CODE_LIKE = re.compile(r"^[A-ZА-Я]\d", re.IGNORECASE)
# A Russian keyboard layout types the Latin letter of a code as the Cyrillic one on its key.
LAYOUT = str.maketrans("ФИСВУАПРШОЛДЬТЩЗЙКЫЕГМЦЧНЯ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True)
class Icd:
    """One МКБ-10 code with its Russian name."""

    code: str
    name: str

    @property
    def label(self) -> str:
        """«J06.9 — Острая инфекция …»."""
        return f"{self.code} — {self.name}"


def fold(text: str) -> str:
    """Casefolded, ё as е: how names and queries are compared."""
    return text.casefold().replace("ё", "е")


@cache
def codes() -> tuple[Icd, ...]:
    """Every code of the subset, in code order."""
    raw = json.loads(resources.files("gosapp").joinpath("data", "icd10.json").read_text("utf-8"))
    return tuple(Icd(item["code"], item["name"]) for item in raw["codes"])


@cache
def _index() -> dict[str, Icd]:
    return {item.code: item for item in codes()}


@cache
def _words() -> tuple[tuple[Icd, tuple[str, ...]], ...]:
    return tuple((item, tuple(re.findall(r"\w+", fold(item.name)))) for item in codes())


def lookup(code: object) -> Icd:
    """The entry for ``code``, or Invalid (the doctor must pick a code from the list)."""
    found = _index().get(str(code).strip().upper())
    if found is None:
        raise Invalid("icd_code", "Выберите диагноз из справочника МКБ-10")
    return found


def search(query: str, limit: int = MAX_HITS) -> list[Icd]:
    """At most ``limit`` (≤ 20) codes matching ``query`` by code prefix or by name words."""
    text = (query or "").strip()[:80]
    limit = max(0, min(limit, MAX_HITS))
    if not text:
        return []
    if CODE_LIKE.match(text):
        prefix = text.upper().translate(LAYOUT).replace(",", ".")
        return [item for item in codes() if item.code.startswith(prefix)][:limit]
    wanted = re.findall(r"\w+", fold(text))
    hits = [
        item
        for item, words in _words()
        if all(any(word.startswith(part) for word in words) for part in wanted)
    ]
    return hits[:limit]
