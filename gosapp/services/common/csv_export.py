"""Plain-text exports: CSV that Russian Excel opens correctly and cannot be tricked by."""

from __future__ import annotations

import csv
import io

# A cell starting with one of these is taken as a formula by spreadsheet programs (OWASP
# "CSV injection"): user-entered text such as a support-ticket subject must not run there.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV for Excel in a Russian locale: UTF-8 with BOM, `;` between fields, CRLF line ends.

    Excel guesses the encoding from the BOM and the separator from the locale (`;` where the
    decimal mark is a comma). Values that look like formulas get a leading apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(value) for value in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def safe_cell(value: object) -> str:
    """The value as text, defused if a spreadsheet would evaluate it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
