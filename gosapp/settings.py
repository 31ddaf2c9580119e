"""One typed settings object read from GOSAPP_* environment variables, validated once."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_LENGTH = 32
MAX_WORKERS = 64
# How long Reflex keeps an idle tab's state in Redis: the session idle timeout
# (services/identity/sessions.IDLE_TIMEOUT; a test keeps the two equal). A tab idle longer has
# no live session anyway, so its state would only be personal data kept for nothing.
STATE_EXPIRY_S = 30 * 60


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message names it."""


class Settings(BaseSettings):
    """Everything configurable about a gosapp deployment."""

    model_config = SettingsConfigDict(env_prefix="GOSAPP_", extra="ignore")

    demo: bool = False
    port: int = 3000
    base_url: str = ""
    data_dir: Path = Path("data")
    database_url: str = ""
    redis_url: str = ""
    # Where document bytes live: this host's private folder, or the database (shared by every
    # host of a scaled deployment). services/documents/backends.py.
    storage: Literal["local", "database"] = "local"
    # Backend worker processes; unset: 2 × cores + 1 with Redis, 1 without (see backend_workers).
    workers: int | None = None
    secret_key: SecretStr | None = None
    timezone: str = "Europe/Moscow"

    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: SecretStr | None = None
    smtp_from: str = "gosapp <noreply@gosapp.local>"
    smtp_starttls: bool = False
    sms_gateway_url: str = ""
    sms_api_key: SecretStr | None = None

    # One-time codes: sends per account and per phone/e-mail, sends per client address (a
    # clinic or office shares one, hence higher), and guesses per account — "N per 15 min" and
    # "N per day" each. Held in the database (services/identity/throttle.py).
    code_sends_per_15min: int = 3
    code_sends_per_day: int = 10
    code_sends_per_ip_15min: int = 30
    code_sends_per_ip_day: int = 200
    code_guesses_per_15min: int = 5
    code_guesses_per_day: int = 10

    @field_validator("port")
    @classmethod
    def _port_in_range(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError("must be between 1 and 65535")
        return value

    @field_validator(
        "code_sends_per_15min",
        "code_sends_per_day",
        "code_sends_per_ip_15min",
        "code_sends_per_ip_day",
        "code_guesses_per_15min",
        "code_guesses_per_day",
    )
    @classmethod
    def _positive_limit(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("storage", mode="before")
    @classmethod
    def _storage_name(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("workers")
    @classmethod
    def _workers_share_state(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return None
        if not 1 <= value <= MAX_WORKERS:
            raise ValueError(f"must be between 1 and {MAX_WORKERS}")
        if value > 1 and not info.data.get("redis_url"):
            # Without Redis each process keeps its tabs' states in its own memory: a tab
            # reconnecting to another worker would find nothing.
            raise ValueError(
                "more than 1 worker needs GOSAPP_REDIS_URL (tab states are shared there)"
            )
        return value

    @property
    def backend_workers(self) -> int:
        """Worker processes to serve with: GOSAPP_WORKERS, else 2 × cores + 1 when Redis holds
        the tab states, else exactly 1 (in-memory states cannot be shared between processes)."""
        if self.workers is not None:
            return self.workers
        if not self.redis_url:
            return 1
        return min(2 * (os.cpu_count() or 1) + 1, MAX_WORKERS)

    @property
    def public_url(self) -> str:
        """The address users open; defaults to localhost on the configured port."""
        return self.base_url or f"http://localhost:{self.port}"

    @property
    def db_url(self) -> str:
        """The SQLAlchemy URL; an SQLite file in the data folder unless set."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'gosapp.db').resolve()}"

    @property
    def tz(self) -> ZoneInfo:
        """The portal's time zone (dates are shown in it)."""
        return ZoneInfo(self.timezone)

    @property
    def private_dir(self) -> Path:
        """Folder for private files (documents); never served directly."""
        return self.data_dir.resolve() / "private"

    @property
    def allowed_origins(self) -> list[str]:
        """Origins allowed to open the websocket: the app's own."""
        origins = {self.public_url}
        if urlsplit(self.public_url).hostname in ("localhost", "127.0.0.1"):
            port = urlsplit(self.public_url).port or self.port
            origins |= {f"http://localhost:{port}", f"http://127.0.0.1:{port}"}
        return sorted(origins)

    def secret(self) -> str:
        """The signing/encryption key.

        Demo mode generates one on first use and keeps it in the data folder; any other
        deployment must set GOSAPP_SECRET_KEY and refuses to start without it.
        """
        if self.secret_key is not None:
            value = self.secret_key.get_secret_value()
            if len(value) < MIN_SECRET_LENGTH:
                raise SettingsError(
                    f"GOSAPP_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters long"
                )
            return value
        if not self.demo:
            raise SettingsError("GOSAPP_SECRET_KEY is required outside demo mode (GOSAPP_DEMO=1)")
        return _demo_secret(self.data_dir / "secret.key")


def _demo_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


def load_settings() -> Settings:
    """Read and validate the environment; raise SettingsError naming the bad setting."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"GOSAPP_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()
