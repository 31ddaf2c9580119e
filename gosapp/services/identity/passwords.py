"""Passwords: argon2id hashing (passlib CryptContext) and the password policy of SPEC §1.

Passwords are Unicode-normalised (NFKC, as NIST SP 800-63B advises) so that the same Cyrillic
text typed on different systems hashes the same; they are never truncated.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import threading
import unicodedata
import warnings
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Literal

from zxcvbn import zxcvbn

from gosapp.services.common.errors import Invalid

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn scores 0..4; below this a password is refused
ZXCVBN_MAX_LENGTH = 100  # zxcvbn looks at this many characters (the meter only, never the hash)

# argon2id with OWASP's minimum: m = 19 MiB, t = 2, p = 1. Only argon2: bcrypt is never used.
ARGON2_MEMORY_COST = 19_456  # KiB
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1

with warnings.catch_warnings():
    # passlib 1.7.4 imports the stdlib ``crypt`` module (deprecated since Python 3.11) and reads
    # ``argon2.__version__`` (deprecated in argon2-cffi) when it loads the backend: do both now.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"passlib|argon2|crypt")
    from passlib.context import CryptContext

    _context = CryptContext(
        schemes=["argon2"],
        argon2__type="ID",
        argon2__memory_cost=ARGON2_MEMORY_COST,
        argon2__time_cost=ARGON2_TIME_COST,
        argon2__parallelism=ARGON2_PARALLELISM,
    )
    _context.handler().get_backend()

TOO_SHORT = f"Не короче {MIN_LENGTH} символов"
TOO_LONG = f"Не длиннее {MAX_LENGTH} символов"
NEEDS_LOWER = "Нужна хотя бы одна строчная буква"
NEEDS_UPPER = "Нужна хотя бы одна заглавная буква"
NEEDS_DIGIT = "Нужна хотя бы одна цифра"
TOO_COMMON = "Этот пароль слишком распространён"
TOO_WEAK = "Пароль легко подобрать — добавьте слова или символы"

# The same keys on the ЙЦУКЕН and QWERTY layouts: «пароль» typed in the wrong layout is «gfhjkm».
_CYRILLIC_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
_LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
_TO_LATIN_LAYOUT = str.maketrans(_CYRILLIC_KEYS, _LATIN_KEYS)
_TO_CYRILLIC_LAYOUT = str.maketrans(_LATIN_KEYS, _CYRILLIC_KEYS)
_TRANSLIT = str.maketrans(
    dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeeziyklmnoprstufye", strict=True))
    | {"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": ""}
    | {"ю": "yu", "я": "ya"}
)
_INPUT_PARTS = re.compile(r"\W+")
_NON_DIGITS = re.compile(r"\D")

# zxcvbn keeps the user inputs in a module-level dictionary during a call: one call at a time.
_zxcvbn_lock = threading.Lock()


def _normalize(password: str) -> str:
    """The password in Unicode NFKC form (what is measured, hashed and verified)."""
    return unicodedata.normalize("NFKC", password)


# --- hashing ------------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An argon2id hash (``$argon2id$v=19$m=…,t=…,p=…$…``) of the whole password."""
    return _context.hash(_normalize(password))


def verify_password(password: str, password_hash: str | None) -> bool:
    """Whether ``password`` matches ``password_hash``; False (never an exception) for a hash
    that is empty, unusable (``!unusable``) or malformed — after the same work as a real check,
    so the answer's timing does not tell such accounts apart."""
    if not password_hash:
        return verify_against_dummy(password)
    try:
        return _context.verify(_normalize(password), password_hash)
    except (ValueError, TypeError):
        return verify_against_dummy(password)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (also True if unreadable)."""
    try:
        return _context.needs_update(password_hash)
    except (ValueError, TypeError):
        return True


@cache
def _dummy_hash() -> str:
    """A hash of a random secret, computed on first use, for equal-time failed logins."""
    return hash_password(secrets.token_urlsafe(32))


def verify_against_dummy(password: str) -> Literal[False]:
    """Spend the time of one real verification, then return False (login for unknown accounts)."""
    with contextlib.suppress(ValueError, TypeError):
        _context.verify(_normalize(password), _dummy_hash())
    return False


# --- policy -------------------------------------------------------------------------------------


@cache
def _common_passwords() -> frozenset[str]:
    """The lower-cased common-password list shipped in ``gosapp/data``."""
    text = resources.files("gosapp").joinpath("data", "common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _layout_variants(password: str) -> set[str]:
    """The password as typed, and as the same keys give on the other keyboard layout."""
    return {
        password,
        password.translate(_TO_LATIN_LAYOUT),
        password.translate(_TO_CYRILLIC_LAYOUT),
    }


def is_common_password(password: str) -> bool:
    """Whether the password (in either keyboard layout, any case) is on the common list."""
    common = _common_passwords()
    return any(variant.lower() in common for variant in _layout_variants(_normalize(password)))


def _phone_variants(text: str) -> list[str]:
    """A phone number's digits as people type them: 79161234567, 9161234567, 89161234567."""
    digits = _NON_DIGITS.sub("", text)
    if len(digits) < 10:
        return []
    return [digits, digits[-10:], "8" + digits[-10:]]


def _expand_user_inputs(user_inputs: Iterable[str | None]) -> list[str]:
    """User data for zxcvbn: each value, its parts (e-mail local part, words), phone digits
    without the country code, and Cyrillic words transliterated and in the Latin layout."""
    words: dict[str, None] = {}
    for value in user_inputs:
        text = (value or "").strip().lower()
        if not text:
            continue
        parts = [text, *(word for word in _INPUT_PARTS.split(text) if len(word) >= 3)]
        parts += _phone_variants(text)
        for part in parts:
            words.update(dict.fromkeys([part, part.translate(_TRANSLIT)]))
            words[part.translate(_TO_LATIN_LAYOUT)] = None
    return list(words)


def _zxcvbn_score(password: str, user_inputs: Iterable[str | None]) -> int:
    """The lowest zxcvbn score of the password in either layout (first 100 characters)."""
    inputs = _expand_user_inputs(user_inputs)
    typed = (password, password.translate(_TO_LATIN_LAYOUT))
    variants = {variant[:ZXCVBN_MAX_LENGTH] for variant in typed}
    with _zxcvbn_lock:
        return min(
            zxcvbn(variant, user_inputs=inputs, max_length=ZXCVBN_MAX_LENGTH)["score"]
            for variant in variants
        )


def _rule_problems(password: str) -> list[str]:
    """Length and character-class problems (Cyrillic letters count as letters)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(TOO_SHORT)
    if len(password) > MAX_LENGTH:
        problems.append(TOO_LONG)
    if not any(char.islower() for char in password):
        problems.append(NEEDS_LOWER)
    if not any(char.isupper() for char in password):
        problems.append(NEEDS_UPPER)
    if not any(char.isdecimal() for char in password):
        problems.append(NEEDS_DIGIT)
    return problems


def password_problems(password: str, user_inputs: Iterable[str | None] = ()) -> list[str]:
    """Every reason (in Russian) to refuse ``password`` as a new password; [] when acceptable.

    ``user_inputs`` are the person's own data (name, e-mail, phone…) that make a guess easy.
    """
    password = _normalize(password)
    problems = _rule_problems(password)
    if not password:
        return problems
    if is_common_password(password):
        problems.append(TOO_COMMON)
    elif _zxcvbn_score(password, user_inputs) < MIN_SCORE:
        problems.append(TOO_WEAK)
    return problems


def check_new_password(password: str, user_inputs: Iterable[str | None] = ()) -> None:
    """Raise ``Invalid("password", …)`` with the first problem unless the password is acceptable."""
    problems = password_problems(password, user_inputs)
    if problems:
        raise Invalid("password", problems[0])


def password_strength(password: str, user_inputs: Iterable[str | None] = ()) -> int:
    """0..4 for the strength meter: the zxcvbn score; 0 when empty or on the common list."""
    password = _normalize(password)
    if not password or is_common_password(password):
        return 0
    return _zxcvbn_score(password, user_inputs)
