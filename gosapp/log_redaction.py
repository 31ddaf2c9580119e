"""No credentials in logs: cookies, tokens, tickets, codes and passwords are masked in every record.

Reflex logs whole events in some failures (an event naming an unknown handler is logged with its
router data: the handshake's headers, the ``Cookie`` header included), and any traceback may
carry a handler's arguments. Reflex logs through the standard ``logging`` module (its own rich
and JSON handlers hang off the ``reflex`` logger, which does not propagate to the root), granian
and uvicorn have loggers of their own, and the handler set changes when Reflex or granian
reconfigure logging. So redaction happens where every record is born — a wrapped log-record
factory — and, for records made elsewhere (``logging.makeLogRecord``), in a filter on the root
logger, the ``reflex`` logger and every handler present at start-up.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable

MASK = "<redacted>"  # no brackets: Reflex's rich console may read [..] as markup

_QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
# Keys whose value is a credential whatever it looks like.
_SECRET_WORDS = (
    r"cookie|authorization|password|passwd|secret|token|ticket|session|api[_-]?key|otp|totp"
)
# ``code`` keys (``code``, ``totp-code``, ``recovery_code``…) are masked when the value holds a
# code (four or more digits or letters+digits); ``status_code=200`` stays readable.
_KEY = r"[\w.-]*"
_BARE = r"[^\s,;&'\"{}\[\]()]+"  # an unquoted value, up to a separator or a bracket
_SECRET_PAIR = re.compile(
    rf"""(?P<key>(?P<q>['"]?){_KEY}(?:{_SECRET_WORDS}){_KEY}(?P=q))"""
    rf"""(?P<sep>\s*(?:=|:)\s*)"""
    rf"""(?P<value>{_QUOTED}|{_BARE})""",
    re.IGNORECASE,
)
_CODE_PAIR = re.compile(
    rf"""(?P<key>(?P<q>['"]?){_KEY}code{_KEY}(?P=q))"""
    rf"""(?P<sep>\s*(?:=|:)\s*)"""
    rf"""(?P<value>{_QUOTED}|{_BARE})""",
    re.IGNORECASE,
)
_CODE_LIKE = re.compile(r"\d{4,}|[A-Za-z0-9]{5}-[A-Za-z0-9]{5}")
# A header written as a line (``Cookie: a=b; c=d``), up to the end of the line.
_HEADER_LINE = re.compile(r"(?im)^(?P<key>\s*(?:set-)?cookie|\s*authorization)(?P<sep>:\s*).+$")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+")
# Recovery codes have a shape of their own (``ABCDE-FGH23``) wherever they appear.
_RECOVERY_CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}\b")
# Addresses whose last part is the credential: a lab share link, the calendar feed.
_TOKEN_PATH = re.compile(r"(?P<path>/shared/|/api/calendar/)[\w-]{16,}")


def redact(text: str) -> str:
    """``text`` with every credential-looking value replaced by a mask."""
    text = _HEADER_LINE.sub(lambda m: f"{m['key']}{m['sep']}{MASK}", text)
    text = _SECRET_PAIR.sub(_masked_pair, text)
    text = _CODE_PAIR.sub(_masked_code, text)
    text = _BEARER.sub(lambda m: f"{m[1]} {MASK}", text)
    text = _TOKEN_PATH.sub(lambda m: f"{m['path']}{MASK}", text)
    return _RECOVERY_CODE.sub(MASK, text)


def _masked_pair(match: re.Match[str]) -> str:
    value = match["value"]
    quote = value[0] if value[:1] in ("'", '"') else ""
    return f"{match['key']}{match['sep']}{quote}{MASK}{quote}"


def _masked_code(match: re.Match[str]) -> str:
    return _masked_pair(match) if _CODE_LIKE.search(match["value"]) else match[0]


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Redact a record in place: its message (arguments merged in) and any traceback text."""
    if record.args == () and record.msg is getattr(record, "_gosapp_clean", None):
        return record  # already done (the factory, then a filter)
    try:
        message = record.getMessage()
    except Exception:  # a broken format string must not lose the record
        message = f"{record.msg} {record.args}"
    record.msg, record.args = redact(message), ()
    if isinstance(record.exc_info, tuple) and record.exc_info[1] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        cleaned = redact(text)
        if cleaned != text:  # the traceback itself held a credential: keep only the clean text
            record.msg = f"{record.msg}\n{cleaned}"
            record.exc_info, record.exc_text = None, None
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    record._gosapp_clean = record.msg
    return record


class RedactingFilter(logging.Filter):
    """A logging filter that redacts every record it sees and lets it through."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; always keep it (True)."""
        redact_record(record)
        return True


_FILTER = RedactingFilter()


def install_log_redaction() -> None:
    """Redact every log record of this process from now on (idempotent)."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "_gosapp_redacting", False):
        logging.setLogRecordFactory(_redacting_factory(factory))
    loggers = [logging.getLogger(), logging.getLogger("reflex")]
    loggers += [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        _add_filter(logger)
        for handler in logger.handlers:
            _add_filter(handler)


def _add_filter(target: logging.Filterer) -> None:
    if _FILTER not in target.filters:
        target.addFilter(_FILTER)


def _redacting_factory(
    factory: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def make_record(*args, **kwargs) -> logging.LogRecord:
        return redact_record(factory(*args, **kwargs))

    make_record._gosapp_redacting = True  # type: ignore[attr-defined]
    return make_record
