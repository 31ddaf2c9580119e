"""Reflex configuration from gosapp settings (GOSAPP_* environment); no secrets here."""

import reflex as rx
from reflex.constants import StateManagerMode

from gosapp.serving import respawn_failed_workers
from gosapp.settings import STATE_EXPIRY_S, Settings, get_settings

_settings = get_settings()
respawn_failed_workers()  # a worker killed is started again, not the whole host stopped


def state_manager(settings: Settings) -> dict:
    """Where Reflex keeps tab states: Redis when GOSAPP_REDIS_URL is set, else this process.

    Without Redis, tab states stay in this process's memory: never written to disk, where
    Reflex's default (state files in .states/) would keep personal data readable after the tab
    is gone. Memory cannot be shared, so that mode serves with one worker. With Redis every
    worker (and host) reads and writes the same states, so a tab may reconnect to any of them;
    an idle state expires with the session's idle timeout, and what is stored is the same
    backend-only tree as in memory (no cookie: ``api/binding.py`` keeps it from Reflex).
    """
    if not settings.redis_url:
        return {"state_manager_mode": StateManagerMode.MEMORY}
    return {
        "state_manager_mode": StateManagerMode.REDIS,
        "redis_url": settings.redis_url,
        "redis_token_expiration": STATE_EXPIRY_S,
    }


config = rx.Config(
    app_name="gosapp",
    frontend_port=_settings.port,
    backend_port=_settings.port,
    deploy_url=_settings.public_url,
    api_url=_settings.public_url,
    # The websocket accepts only the app's own origin (Reflex's default is "*").
    cors_allowed_origins=_settings.allowed_origins,
    # Tab states: in this process's memory, or in Redis when configured (state_manager above).
    **state_manager(_settings),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                accent_color="indigo", gray_color="slate", radius="medium", appearance="light"
            ),
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
