"""Reflex configuration from gosapp settings (GOSAPP_* environment); no secrets here."""

import reflex as rx
from reflex.constants import StateManagerMode

from gosapp.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="gosapp",
    frontend_port=_settings.port,
    backend_port=_settings.port,
    deploy_url=_settings.public_url,
    api_url=_settings.public_url,
    # The websocket accepts only the app's own origin (Reflex's default is "*").
    cors_allowed_origins=_settings.allowed_origins,
    # Tab states stay in this process's memory: never written to disk, where Reflex's default
    # (state files in .states/) would keep personal data readable after the tab is gone.
    state_manager_mode=StateManagerMode.MEMORY,
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
