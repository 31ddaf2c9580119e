"""Random tokens and codes, and the keyed hashes they are stored as."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from gosapp.settings import get_settings

TOKEN_BYTES = 32  # 256 bits: session ids, login tickets, recovery links


def new_token() -> str:
    """An unguessable URL-safe token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_numeric_code(digits: int = 6) -> str:
    """A one-time code of ``digits`` decimal digits from the CSPRNG."""
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def token_hash(value: str) -> str:
    """HMAC-SHA256 of ``value`` under the app secret.

    Keyed, so that a leaked table of 6-digit code hashes cannot be reversed by trying all codes.
    """
    key = get_settings().secret().encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def matches(value: str, stored_hash: str) -> bool:
    """Constant-time check of ``value`` against a stored ``token_hash``."""
    return hmac.compare_digest(token_hash(value), stored_hash)
