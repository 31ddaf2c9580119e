"""Limits on the one-time codes we send and on the guesses we accept, held in the database.

Every place that sends a code calls ``before_send`` (per account and purpose, per phone or
e-mail, per client address); every check of a code calls ``before_guess`` (per account and
purpose, so a re-sent code does not bring the tries back). A limit is "N uses per window".

How it holds across workers: each limited key and window owns at most N ``RateSlot`` rows, the
times of its last N uses. A use either inserts a missing slot (``INSERT … ON CONFLICT DO
NOTHING``) or moves the oldest slot with ``UPDATE … WHERE used_at = <seen>``; a row count of 0
means another worker took that slot first, so of two racing workers exactly one gets the last
use, on SQLite and PostgreSQL alike. A slot older than its window is free, so ``purge``
deleting old rows changes nothing. Keys are stored as keyed hashes: no contact or address in
clear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from gosapp.db import insert_for
from gosapp.models.accounts import RateSlot
from gosapp.services.common.errors import Throttled
from gosapp.services.identity.tokens import token_hash
from gosapp.settings import get_settings

QUARTER = timedelta(minutes=15)
DAY = timedelta(days=1)
RACE_RETRIES = 3


@dataclass(frozen=True)
class Rule:
    """At most ``count`` uses in any ``window``."""

    count: int
    window: timedelta


def _rules(per_quarter: int, per_day: int) -> tuple[Rule, ...]:
    return (Rule(per_quarter, QUARTER), Rule(per_day, DAY))


def send_rules() -> tuple[Rule, ...]:
    """Sends per account (and purpose) and per destination."""
    s = get_settings()
    return _rules(s.code_sends_per_15min, s.code_sends_per_day)


def ip_send_rules() -> tuple[Rule, ...]:
    """Sends per client address (higher: a clinic or an office shares one)."""
    s = get_settings()
    return _rules(s.code_sends_per_ip_15min, s.code_sends_per_ip_day)


def guess_rules() -> tuple[Rule, ...]:
    """Guesses at a code per account and purpose, across re-sends."""
    s = get_settings()
    return _rules(s.code_guesses_per_15min, s.code_guesses_per_day)


def wait_label(wait: timedelta) -> str:
    """«12 мин.», «2 ч 5 мин.» — rounded up to a whole minute."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} мин."
    return f"{hours} ч {minutes} мин." if minutes else f"{hours} ч"


def send_wait_message(wait: timedelta) -> str:
    """What the page shows beside the field when a code cannot be sent yet."""
    return f"Повторная отправка возможна через {wait_label(wait)}"


def guess_wait_message(wait: timedelta) -> str:
    """What the page shows beside the code field when no guesses are left."""
    return f"Слишком много попыток. Повторите через {wait_label(wait)}"


def before_send(
    *,
    session: Session,
    account: str,
    now: datetime,
    target: str = "",
    ip: str = "",
    field: str = "code",
) -> None:
    """Count one code sent to ``target`` for ``account``; raise Throttled(field) when a limit
    is reached (nothing is counted then). An empty ``target`` or ``ip`` is not limited (the
    CLI and jobs have no client address).
    """
    keys = [(f"send:account:{account}", send_rules())]
    if target:
        keys.append((f"send:to:{target}", send_rules()))
    if ip:
        keys.append((f"send:ip:{ip}", ip_send_rules()))
    wait = take(session=session, keys=keys, now=now)
    if wait is not None:
        raise Throttled(field, send_wait_message(wait), wait)


def before_guess(*, session: Session, key: str, now: datetime, field: str = "code") -> int:
    """Count one guess at a code under ``key``; return how many are left after it.

    Raise Throttled(field) when none is left. The caller must commit the count even when the
    guess turns out wrong and it raises.
    """
    rules = guess_rules()
    wait = take(session=session, keys=[(f"guess:{key}", rules)], now=now)
    if wait is not None:
        raise Throttled(field, guess_wait_message(wait), wait)
    return left(session=session, key=f"guess:{key}", rules=rules, now=now)


def guess_wait(*, session: Session, key: str, now: datetime) -> timedelta:
    """How long until one more guess under ``key`` is allowed (zero when one is)."""
    slots = [(_slot_key(f"guess:{key}", r), r) for r in guess_rules()]
    return max(_wait(session, k, r, now) for k, r in slots)


def take(
    *, session: Session, keys: Sequence[tuple[str, Sequence[Rule]]], now: datetime
) -> timedelta | None:
    """Record one use under every key and rule; or, when one is exhausted, none and return
    the wait until all allow it. Losing a race for a slot refuses too (the wait is a guess).
    """
    slots = [(_slot_key(key, rule), rule) for key, rules in keys for rule in rules]
    wait = max(_wait(session, k, r, now) for k, r in slots)
    if wait > timedelta(0):
        return wait
    for slot_key, rule in slots:
        if not _take_one(session, slot_key, rule, now):
            return _wait(session, slot_key, rule, now) or timedelta(seconds=1)
    return None


def left(*, session: Session, key: str, rules: Sequence[Rule], now: datetime) -> int:
    """Uses still allowed under ``key`` now."""
    return min(r.count - _busy(session, _slot_key(key, r), r, now) for r in rules)


def purge(*, session: Session, now: datetime) -> int:
    """Delete slots older than the longest window (they are free anyway); the number deleted."""
    result = session.exec(delete(RateSlot).where(col(RateSlot.used_at) < now - DAY))
    return result.rowcount


def _slot_key(key: str, rule: Rule) -> str:
    return token_hash(f"throttle|{key}|{int(rule.window.total_seconds())}")


def _slots(session: Session, key: str, rule: Rule) -> list[tuple[int, datetime]]:
    rows = session.exec(
        select(RateSlot.slot, RateSlot.used_at)
        .where(RateSlot.key == key, RateSlot.slot < rule.count)
        .order_by(col(RateSlot.slot))
    )
    return [(slot, used_at) for slot, used_at in rows]


def _wait(session: Session, key: str, rule: Rule, now: datetime) -> timedelta:
    slots = _slots(session, key, rule)
    if len(slots) < rule.count:
        return timedelta(0)
    oldest = min(used_at for _, used_at in slots)
    return max(timedelta(0), oldest + rule.window - now)


def _busy(session: Session, key: str, rule: Rule, now: datetime) -> int:
    count = session.exec(
        select(func.count())
        .select_from(RateSlot)
        .where(
            RateSlot.key == key, RateSlot.slot < rule.count, RateSlot.used_at > now - rule.window
        )
    ).one()
    return int(count)


def _take_one(session: Session, key: str, rule: Rule, now: datetime) -> bool:
    """Take a free slot with a conditional insert or update; False when none is free."""
    for _ in range(RACE_RETRIES):
        slots = _slots(session, key, rule)
        used = {slot for slot, _ in slots}
        if len(used) < rule.count:
            free = min(set(range(rule.count)) - used)
            if _insert_slot(session, key, free, now):
                return True
            continue
        slot, seen = min(slots, key=lambda s: s[1])
        if seen > now - rule.window:
            return False
        moved = session.exec(
            update(RateSlot)
            .where(
                col(RateSlot.key) == key, col(RateSlot.slot) == slot, col(RateSlot.used_at) == seen
            )
            .values(used_at=now)
        )
        if moved.rowcount == 1:
            return True
    return False


def _insert_slot(session: Session, key: str, slot: int, now: datetime) -> bool:
    statement = (
        insert_for(session, RateSlot)
        .values(key=key, slot=slot, used_at=now)
        .on_conflict_do_nothing()
        # SQLAlchemy keeps an INSERT's row count only when asked (psycopg reports -1 otherwise).
        .execution_options(preserve_rowcount=True)
    )
    return session.exec(statement).rowcount == 1
