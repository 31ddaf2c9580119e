from datetime import timedelta

import pytest

from gosapp.services.identity import sessions
from gosapp.settings import STATE_EXPIRY_S, Settings, SettingsError, load_settings


def test_secret_key_is_required_outside_demo_mode(tmp_path):
    settings = Settings(demo=False, data_dir=tmp_path)
    with pytest.raises(SettingsError, match="GOSAPP_SECRET_KEY"):
        settings.secret()


def test_short_secret_key_is_refused(tmp_path):
    settings = Settings(demo=False, data_dir=tmp_path, secret_key="short")
    with pytest.raises(SettingsError, match=r"GOSAPP_SECRET_KEY.*32"):
        settings.secret()


def test_demo_secret_is_generated_once_and_kept(tmp_path):
    first = Settings(demo=True, data_dir=tmp_path).secret()
    second = Settings(demo=True, data_dir=tmp_path).secret()
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("GOSAPP_PORT", "99999"),
        ("GOSAPP_TIMEZONE", "Mars/Olympus"),
        ("GOSAPP_BASE_URL", "ftp://x"),
        ("GOSAPP_DEMO", "maybe"),
        ("GOSAPP_CODE_SENDS_PER_15MIN", "0"),
        ("GOSAPP_REDIS_URL", "127.0.0.1:6379"),
        ("GOSAPP_STORAGE", "s3"),
    ],
)
def test_bad_setting_is_named_in_the_error(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        load_settings()


def test_defaults_serve_localhost_3000_in_moscow_time(tmp_path, monkeypatch):
    monkeypatch.delenv("GOSAPP_DATABASE_URL", raising=False)  # set by the PostgreSQL pass
    settings = Settings(data_dir=tmp_path)
    assert settings.public_url == "http://localhost:3000"
    assert settings.timezone == "Europe/Moscow"
    assert settings.db_url == f"sqlite:///{tmp_path.resolve() / 'gosapp.db'}"


def test_websocket_origins_are_the_apps_own():
    settings = Settings(base_url="https://portal.example.ru/")
    assert settings.allowed_origins == ["https://portal.example.ru"]


def test_document_storage_is_local_unless_the_database_is_chosen(monkeypatch):
    monkeypatch.delenv("GOSAPP_STORAGE", raising=False)
    assert load_settings().storage == "local"
    monkeypatch.setenv("GOSAPP_STORAGE", " Database ")
    assert load_settings().storage == "database"


# --- workers and where tab states live (issue 12) ---------------------------------------------

REDIS = "redis://127.0.0.1:6379/0"


def test_one_worker_without_redis_and_two_per_core_plus_one_with_it(monkeypatch):
    monkeypatch.setattr("gosapp.settings.os.cpu_count", lambda: 2)
    assert Settings(redis_url="").backend_workers == 1
    assert Settings(redis_url=REDIS).backend_workers == 5
    assert Settings(redis_url=REDIS, workers=3).backend_workers == 3
    assert Settings(redis_url="", workers=1).backend_workers == 1


def test_several_workers_without_redis_are_refused_naming_both_settings(monkeypatch):
    monkeypatch.delenv("GOSAPP_REDIS_URL", raising=False)
    monkeypatch.setenv("GOSAPP_WORKERS", "2")
    with pytest.raises(SettingsError, match=r"GOSAPP_WORKERS: .*GOSAPP_REDIS_URL"):
        load_settings()


@pytest.mark.parametrize("value", ["0", "-1", "65", "two", "1.5"])
def test_a_bad_worker_count_is_named_in_the_error(monkeypatch, value):
    monkeypatch.setenv("GOSAPP_REDIS_URL", REDIS)
    monkeypatch.setenv("GOSAPP_WORKERS", value)
    with pytest.raises(SettingsError, match="GOSAPP_WORKERS"):
        load_settings()


def test_workers_and_redis_from_the_environment(monkeypatch):
    monkeypatch.setenv("GOSAPP_REDIS_URL", REDIS)
    monkeypatch.setenv("GOSAPP_WORKERS", "4")
    settings = load_settings()
    assert (settings.redis_url, settings.backend_workers) == (REDIS, 4)


def test_tab_states_expire_with_the_session_idle_timeout():
    assert timedelta(seconds=STATE_EXPIRY_S) == sessions.IDLE_TIMEOUT


def test_reflex_keeps_tab_states_in_memory_without_redis_and_in_redis_with_it():
    from reflex.constants import StateManagerMode

    from rxconfig import state_manager

    assert state_manager(Settings(redis_url="")) == {"state_manager_mode": StateManagerMode.MEMORY}
    assert state_manager(Settings(redis_url=REDIS)) == {
        "state_manager_mode": StateManagerMode.REDIS,
        "redis_url": REDIS,
        "redis_token_expiration": STATE_EXPIRY_S,
    }
