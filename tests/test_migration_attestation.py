"""Migration 0010a_attestation: a profile gains the category's valid-until date and the
reminder mark, and loses them again on downgrade, existing profiles untouched."""

from sqlalchemy import inspect

from alembic import command
from gosapp.db import make_engine
from gosapp.migrate import alembic_config, upgrade

COLUMNS = {"category_valid_until", "category_reminded_for"}


def _columns(engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("medicalworkerprofile")}


def _to(engine, revision: str, down: bool) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_the_attestation_columns_come_and_go(empty_database_url):
    engine = make_engine(empty_database_url)
    upgrade(engine)
    assert _columns(engine) >= COLUMNS
    _to(engine, "0010p_frmr_payments", down=True)
    assert not COLUMNS & _columns(engine)
    assert "category" in _columns(engine)
    _to(engine, "0010a_attestation", down=False)
    assert _columns(engine) >= COLUMNS
    engine.dispose()
