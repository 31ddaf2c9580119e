"""The check after a run: every certificate order the client saw accepted is in the database
exactly once, and nothing is there that the client did not send.

The client keeps, per synthetic user, the request numbers the page announced («Заявление
ОБР-… подано») and how many orders were *in doubt* (sent, but the connection broke before the
answer: the server may or may not have committed them). The database gives, per user, the
numbers of the requests that exist. Then:

* lost — a number the client saw accepted that the database does not hold;
* duplicated — a number held more than once, or more rows for a user than accepted orders plus
  orders in doubt (a retry or a replayed event that created a second request);
* in-doubt committed — rows beyond the accepted ones that the orders in doubt explain.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class OrderTally:
    """What the client saw of its orders, per user id."""

    accepted: dict[int, list[str]] = field(default_factory=dict)
    in_doubt: Counter[int] = field(default_factory=Counter)

    def accept(self, user_id: int, number: str) -> None:
        """The page announced request ``number`` for ``user_id``."""
        self.accepted.setdefault(user_id, []).append(number)

    def doubt(self, user_id: int) -> None:
        """An order of ``user_id`` was sent but its answer never came."""
        self.in_doubt[user_id] += 1

    def merge(self, other: OrderTally) -> None:
        """Add another user's tally to this one."""
        for user_id, numbers in other.accepted.items():
            self.accepted.setdefault(user_id, []).extend(numbers)
        self.in_doubt.update(other.in_doubt)


@dataclass(frozen=True)
class TallyCheck:
    """The outcome: lost and duplicated numbers (both empty when all is well)."""

    accepted: int
    in_doubt: int
    rows: int
    lost: list[str]
    duplicated: list[str]
    doubt_committed: int

    @property
    def ok(self) -> bool:
        """No accepted order lost, none duplicated."""
        return not self.lost and not self.duplicated


def check(tally: OrderTally, rows: dict[int, list[str]]) -> TallyCheck:
    """Compare the client's tally with the request numbers in the database, by user id."""
    held = Counter(n for numbers in rows.values() for n in numbers)
    lost = sorted(n for numbers in tally.accepted.values() for n in numbers if held[n] == 0)
    duplicated = sorted(n for n, times in held.items() if times > 1)
    doubt_committed = 0
    for user_id in set(rows) | set(tally.accepted):
        accepted = len(tally.accepted.get(user_id, []))
        extra = len(rows.get(user_id, [])) - accepted
        if extra > tally.in_doubt[user_id]:
            unexplained = set(rows.get(user_id, [])) - set(tally.accepted.get(user_id, []))
            duplicated.extend(sorted(unexplained))
        else:
            doubt_committed += max(extra, 0)
    return TallyCheck(
        accepted=sum(len(v) for v in tally.accepted.values()),
        in_doubt=sum(tally.in_doubt.values()),
        rows=sum(held.values()),
        lost=lost,
        duplicated=sorted(set(duplicated)),
        doubt_committed=doubt_committed,
    )


def describe(result: TallyCheck) -> str:
    """One line for the report."""
    verdict = "OK" if result.ok else "FAILED"
    line = (
        f"orders: {result.accepted} accepted by the client, {result.in_doubt} in doubt; "
        f"{result.rows} in the database ({result.doubt_committed} of those in doubt committed); "
        f"lost {len(result.lost)}, duplicated {len(result.duplicated)} — {verdict}"
    )
    if not result.ok:
        line += f"\n  lost: {result.lost[:10]}\n  duplicated: {result.duplicated[:10]}"
    return line
