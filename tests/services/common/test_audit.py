"""``access_denied``: a signed-in user asking for someone else's object by id is written down,
committed even though the caller fails, and at most ``DENIED_LIMIT`` times per 10 minutes."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from gosapp.db import transaction
from gosapp.models.audit import AuditEvent
from gosapp.services.common import audit
from gosapp.services.common.audit import Actor

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def denials(engine, user_id=None) -> list[AuditEvent]:
    with Session(engine) as fresh:
        query = select(AuditEvent).where(AuditEvent.action == audit.ACCESS_DENIED)
        if user_id is not None:
            query = query.where(AuditEvent.user_id == user_id)
        return list(fresh.exec(query.order_by(AuditEvent.id)).all())


def test_a_denial_is_kept_although_the_callers_transaction_fails(engine):
    try:
        with transaction(engine) as db:
            audit.access_denied(
                session=db, actor=Actor(7, ip="10.0.0.1"), object_type="request", object_id=42
            )
            raise LookupError("the caller raises NotFound next")
    except LookupError:
        pass
    (row,) = denials(engine)
    assert (row.user_id, row.object_type, row.object_id, row.outcome, row.ip, row.details) == (
        7,
        "request",
        "42",
        "denied",
        "10.0.0.1",
        "",
    )


def test_a_reading_caller_gets_a_write_transaction_of_its_own(engine):
    with Session(engine) as reading:
        reading.exec(select(AuditEvent)).all()  # a deferred (read) transaction is open
        assert audit.access_denied(
            session=reading, actor=Actor(7), object_type="ticket", object_id=5
        )
    assert [r.object_id for r in denials(engine)] == ["5"]


def test_probing_many_ids_writes_at_most_the_limit_per_window(engine):
    written = []
    with Session(engine) as db:
        for n in range(audit.DENIED_LIMIT + 15):
            at = T0 + timedelta(seconds=n)
            written.append(
                audit.access_denied(
                    session=db, actor=Actor(7), object_type="request", object_id=n, now=at
                )
            )
        # Another user is counted separately.
        audit.access_denied(session=db, actor=Actor(8), object_type="request", object_id=1, now=T0)
    assert written == [True] * audit.DENIED_LIMIT + [False] * 15
    rows = denials(engine, 7)
    assert len(rows) == audit.DENIED_LIMIT
    assert [r.details for r in rows].count(audit.DENIED_LIMIT_NOTE) == 1
    assert rows[-1].details == audit.DENIED_LIMIT_NOTE
    assert len(denials(engine, 8)) == 1


def test_after_ten_quiet_minutes_denials_are_written_again(engine):
    with Session(engine) as db:
        for n in range(audit.DENIED_LIMIT + 1):
            audit.access_denied(
                session=db, actor=Actor(7), object_type="request", object_id=n, now=T0
            )
        later = T0 + audit.DENIED_WINDOW + timedelta(seconds=1)
        assert audit.access_denied(
            session=db, actor=Actor(7), object_type="request", object_id=99, now=later
        )
    assert len(denials(engine, 7)) == audit.DENIED_LIMIT + 1


def test_anonymous_callers_are_not_written_down(engine):
    with Session(engine) as db:
        assert not audit.access_denied(
            session=db, actor=audit.ANONYMOUS, object_type="request", object_id=1
        )
    assert denials(engine) == []


def test_denials_probed_at_once_are_counted_one_by_one(engine):
    """Thirty probes at the same moment from many workers: still exactly DENIED_LIMIT rows
    (on PostgreSQL the count and the insert are serialised per user, as BEGIN IMMEDIATE does
    on SQLite)."""
    import threading

    probes = audit.DENIED_LIMIT + 10
    barrier = threading.Barrier(probes)

    def probe(n):
        barrier.wait()
        with transaction(engine) as db:
            audit.access_denied(
                session=db, actor=Actor(9), object_type="request", object_id=n, now=T0
            )

    threads = [threading.Thread(target=probe, args=(n,)) for n in range(probes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = denials(engine, 9)
    assert len(rows) == audit.DENIED_LIMIT
    assert [r.details for r in rows].count(audit.DENIED_LIMIT_NOTE) == 1
