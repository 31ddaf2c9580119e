"""Money as the pages show it (СЗН payments, the medical worker's payments): kopecks in,
«12 345,67 ₽» out."""

from __future__ import annotations

NBSP = "\u00a0"


def rubles(kopecks: int) -> str:
    """«12 345,67 ₽» (no-break spaces between thousands and before the sign)."""
    sign = "−" if kopecks < 0 else ""
    whole, cents = divmod(abs(kopecks), 100)
    grouped = f"{whole:,}".replace(",", NBSP)
    return f"{sign}{grouped},{cents:02d}{NBSP}₽"
