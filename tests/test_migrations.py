from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from alembic import command
from gosapp.db import make_engine
from gosapp.migrate import alembic_config, is_up_to_date, upgrade
from gosapp.models import metadata


def test_empty_database_upgrades_to_head(empty_database_url):
    engine = make_engine(empty_database_url)
    assert not is_up_to_date(engine)
    upgrade(engine)
    assert is_up_to_date(engine)
    assert {"clinic", "specialty"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_upgrade_twice_is_harmless(empty_database_url):
    engine = make_engine(empty_database_url)
    upgrade(engine)
    upgrade(engine)
    assert is_up_to_date(engine)
    engine.dispose()


def test_autogenerate_finds_no_difference_from_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_every_migration_downgrades_and_upgrades_again(empty_database_url):
    engine = make_engine(empty_database_url)
    upgrade(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not {"clinic", "request"} & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert is_up_to_date(engine)
    engine.dispose()
