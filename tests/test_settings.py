import pytest

from gosapp.settings import Settings, SettingsError, load_settings


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
