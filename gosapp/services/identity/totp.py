"""TOTP second factor: secrets encrypted at rest, one use per time step, recovery codes."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import UTC, datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from pyotp.totp import TOTP
from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from gosapp.models.accounts import RecoveryCode, User, utcnow
from gosapp.services.identity.tokens import matches, token_hash
from gosapp.settings import get_settings

ISSUER = "Госпортал здоровья"
STEP_S = 30
DIGITS = 6
WINDOW = 1  # accept the previous and the next step too (clock drift)
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"gosapp-totp:" + get_settings().secret().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def new_secret() -> str:
    """A fresh 160-bit base32 secret from the CSPRNG."""
    return pyotp.random_base32()


def encrypt_secret(secret: str) -> str:
    """The secret as stored in the database."""
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(stored: str) -> str:
    """The secret back from its stored form."""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken as exc:
        raise RuntimeError("TOTP secret cannot be decrypted with the current key") from exc


def provisioning_uri(secret: str, account_name: str) -> str:
    """The otpauth:// URI authenticator apps scan."""
    return TOTP(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG QR code of ``uri``."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2)


def grouped_key(secret: str) -> str:
    """The secret in groups of four for manual entry."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def code_at(secret: str, moment: datetime) -> str:
    """The code valid at ``moment``."""
    return TOTP(secret).at(_timestamp(moment))


def _timestamp(moment: datetime) -> int:
    # A naive time is taken as UTC (.timestamp() alone would read it as local time).
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())


def looks_like_code(code: str) -> bool:
    """Six digits (spaces allowed), the shape of an authenticator code."""
    code = code.strip().replace(" ", "")
    return len(code) == DIGITS and code.isdigit()


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (±WINDOW) whose code equals ``code``, or None."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = TOTP(secret)
    current = _timestamp(now) // STEP_S
    for step in range(current - WINDOW, current + WINDOW + 1):
        if secrets.compare_digest(totp.at(step * STEP_S), code):
            return step
    return None


def consume_step(*, session: Session, user_id: int, step: int) -> bool:
    """Mark ``step`` used for the user; False when it (or a later one) was used already.

    A conditional UPDATE, so two logins racing with one code cannot both succeed.
    """
    result = session.exec(
        update(User)
        .where(col(User.id) == user_id)
        .where(or_(col(User.totp_last_step).is_(None), col(User.totp_last_step) < step))
        .values(totp_last_step=step)
    )
    return result.rowcount == 1


def new_recovery_codes(*, session: Session, user_id: int) -> list[str]:
    """Replace the user's recovery codes with 10 fresh ones; returns them (shown once)."""
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user_id)):
        session.delete(old)
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user_id, code_hash=token_hash(c)) for c in codes)
    session.flush()
    return codes


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def looks_like_recovery_code(code: str) -> bool:
    """Recovery codes are 10 letters/digits (with an optional hyphen); TOTP codes 6 digits."""
    return len(code.strip().replace("-", "")) == 10


def use_recovery_code(*, session: Session, user_id: int, code: str) -> bool:
    """Spend one unused recovery code; True when ``code`` was one."""
    normalised = code.strip().upper().replace(" ", "")
    if "-" not in normalised and len(normalised) == 10:
        normalised = f"{normalised[:5]}-{normalised[5:]}"
    unused = session.exec(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user_id, col(RecoveryCode.used_at).is_(None)
        )
    )
    for row in unused:
        if matches(normalised, row.code_hash):
            spent = session.exec(
                update(RecoveryCode)
                .where(col(RecoveryCode.id) == row.id, col(RecoveryCode.used_at).is_(None))
                .values(used_at=utcnow())
            )
            return spent.rowcount == 1
    return False


def remaining_recovery_codes(*, session: Session, user_id: int) -> int:
    """How many unused recovery codes the user has."""
    rows = session.exec(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user_id, col(RecoveryCode.used_at).is_(None)
        )
    )
    return len(list(rows))
