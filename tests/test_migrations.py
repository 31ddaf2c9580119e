from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from gosapp.db import make_engine
from gosapp.migrate import is_up_to_date, upgrade
from gosapp.models import metadata


def test_empty_database_upgrades_to_head(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert not is_up_to_date(engine)
    upgrade(engine)
    assert is_up_to_date(engine)
    assert {"clinic", "specialty"} <= set(inspect(engine).get_table_names())


def test_upgrade_twice_is_harmless(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'twice.db'}")
    upgrade(engine)
    upgrade(engine)
    assert is_up_to_date(engine)


def test_autogenerate_finds_no_difference_from_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []
