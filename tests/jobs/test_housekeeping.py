"""Housekeeping run by several workers at once (every backend worker runs the loop): each stale
row and each file is deleted by exactly one of them, and nothing still in use is touched."""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp.db import make_engine, transaction
from gosapp.jobs.housekeeping import purge_once
from gosapp.models.accounts import RateSlot, utcnow
from gosapp.models.requests import Document
from gosapp.services.documents.backends import LocalStorage
from tests.services.documents.test_storage import PDF, make_request, stage
from tests.stores import stored_keys

WORKERS = 4
STALE = 12


class CountingStorage(LocalStorage):
    """The private folder, counting how often each key is deleted (from any thread)."""

    def __init__(self, root):
        super().__init__(root)
        self.deleted: Counter[str] = Counter()
        self._lock = threading.Lock()

    def delete(self, key: str, *, session=None) -> None:
        if session is None:  # with a session, the file goes by a call without one on commit
            with self._lock:
                self.deleted[key] += 1
        super().delete(key, session=session)


def _arrange(session, alice, store):
    old = utcnow() - timedelta(days=2)
    stale = [stage(session, alice.user, PDF, store=store, now=old) for _ in range(STALE)]
    kept = stage(session, alice.user, PDF, store=store, now=old)
    kept.request_id = make_request(session, alice.id).id
    fresh = stage(session, alice.user, PDF, store=store)
    session.add_all(RateSlot(key=f"k{i}", slot=0, used_at=old) for i in range(STALE))
    session.add(RateSlot(key="recent", slot=0, used_at=utcnow()))
    session.commit()
    return stale, {kept.id, fresh.id}


def _run_workers(engine, store) -> list[int]:
    barrier = threading.Barrier(WORKERS)

    def worker(_n: int) -> int:
        own = make_engine(str(engine.url))  # a worker process has its own connections
        try:
            barrier.wait()
            return purge_once(own, store)
        finally:
            own.dispose()

    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(worker, range(WORKERS)))


def test_workers_purging_at_once_delete_each_stale_upload_exactly_once(
    engine, session, alice, tmp_path
):
    store = CountingStorage(tmp_path / "documents")
    stale, kept_ids = _arrange(session, alice, store)
    counts = _run_workers(engine, store)
    assert sum(counts) == STALE  # every stale upload counted by exactly one worker
    assert store.deleted == Counter({d.storage_key: 1 for d in stale})
    with Session(engine) as db:
        assert set(db.exec(select(Document.id)).all()) == kept_ids
        assert db.exec(select(RateSlot.key)).all() == ["recent"]
    assert len(stored_keys(store)) == len(kept_ids)


def test_an_upload_attached_while_the_purge_waits_is_kept(engine, session, alice, tmp_path):
    store = CountingStorage(tmp_path / "documents")
    document = stage(session, alice.user, PDF, store=store, now=utcnow() - timedelta(days=2))
    request = make_request(session, alice.id)
    session.commit()
    purging = make_engine(str(engine.url))
    with ThreadPoolExecutor(1) as pool:
        # The form is submitted a day late: the attach holds its row (PostgreSQL) or the write
        # lock (SQLite) while a worker's purge runs into it and waits.
        with transaction(engine) as attach:
            attach.exec(
                update(Document)
                .where(col(Document.id) == document.id)
                .values(request_id=request.id)
            )
            purge = pool.submit(purge_once, purging, store)
            time.sleep(1)
        assert purge.result(timeout=60) == 0
    purging.dispose()
    with Session(engine) as db:
        assert db.exec(select(Document.request_id)).all() == [request.id]
    assert store.deleted == Counter()
