"""The storage backends themselves: choosing one, chunks, streaming, atomic puts, health."""

import math
import os

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from gosapp.db import get_engine, make_engine
from gosapp.models.requests import DocumentBlobChunk
from gosapp.services.documents import backends, storage
from gosapp.services.documents.backends import CHUNK_BYTES, DatabaseStorage, LocalStorage
from gosapp.settings import get_settings
from tests.stores import chunk_sizes, stored_keys, use_backend

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
BIG = PDF + os.urandom(3 * storage.MB)  # 3 MB: a dozen chunks


def test_gosapp_storage_chooses_the_backend(monkeypatch, engine):
    use_backend(monkeypatch, "local")
    local = backends.get_storage(engine)
    assert isinstance(local, LocalStorage)
    assert local.root == get_settings().private_dir / "documents"
    use_backend(monkeypatch, "database")
    shared = backends.get_storage(engine)
    assert isinstance(shared, DatabaseStorage)
    assert shared.engine is engine
    default = backends.get_storage()
    assert isinstance(default, DatabaseStorage)
    assert default.engine is get_engine()  # the app's own database


def test_a_big_file_round_trips_piece_by_piece(session, alice, store):
    document = storage.stage(
        session=session, owner_id=alice.id, filename="скан.pdf", data=BIG, storage=store
    )
    session.commit()
    pieces = list(storage.chunks(document, store))
    assert b"".join(pieces) == BIG
    assert storage.read(document, store) == BIG
    assert len(pieces) == math.ceil(len(BIG) / CHUNK_BYTES)
    assert all(len(piece) <= CHUNK_BYTES for piece in pieces)
    if isinstance(store, DatabaseStorage):  # no row holds more than one chunk
        sizes = chunk_sizes(store, document.storage_key)
        assert sizes == [len(piece) for piece in pieces]


def test_a_rolled_back_big_file_leaves_no_chunks(engine, alice, store):
    with Session(engine) as db:
        storage.stage(session=db, owner_id=alice.id, filename="a.pdf", data=BIG, storage=store)
        assert len(stored_keys(store, db)) == 1
        db.rollback()
    assert stored_keys(store) == set()


def test_without_a_session_put_and_delete_act_at_once(store):
    key = backends.new_key()
    store.put(key, BIG)
    assert store.read(key) == BIG
    store.delete(key)
    store.delete(key)  # already gone: no error
    assert stored_keys(store) == set()


def test_an_empty_file_still_exists(store):
    key = backends.new_key()
    store.put(key, b"")
    assert store.read(key) == b""


def test_missing_bytes_are_not_found_before_anything_is_read(store):
    key = backends.new_key()
    with pytest.raises(FileNotFoundError):
        store.chunks(key)  # not a lazy generator: the download can still answer 404
    with pytest.raises(FileNotFoundError):
        store.read(key)


def test_a_failed_put_leaves_no_chunks_even_when_the_transaction_goes_on(engine):
    store = DatabaseStorage(engine)
    key = backends.new_key()
    with Session(engine) as db:
        # A chunk already in the way of the third one: the put fails half-way.
        db.exec(insert(DocumentBlobChunk).values(storage_key=key, seq=2, data=b"x"))
        with pytest.raises(IntegrityError):
            store.put(key, os.urandom(3 * CHUNK_BYTES), session=db)
        db.commit()
    assert chunk_sizes(store, key) == [1]  # only the row that was there before


def test_a_chunk_deleted_during_a_download_fails_it_rather_than_send_a_short_file(engine):
    store = DatabaseStorage(engine)
    key = backends.new_key()
    store.put(key, os.urandom(2 * CHUNK_BYTES))
    pieces = store.chunks(key)
    assert len(next(pieces)) == CHUNK_BYTES
    store.delete(key)
    with pytest.raises(FileNotFoundError):
        next(pieces)


# --- health ---------------------------------------------------------------------------------------


def test_both_backends_report_healthy(store):
    assert store.check() == "ok"


def test_a_documents_folder_that_cannot_be_written_is_not_writable(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert LocalStorage(blocked / "documents").check() == "not writable"


def test_a_database_without_the_chunk_table_is_unavailable(empty_database_url):
    empty = make_engine(empty_database_url)
    try:
        assert DatabaseStorage(empty).check() == "unavailable"
    finally:
        empty.dispose()
