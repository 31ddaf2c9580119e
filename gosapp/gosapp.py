"""The Reflex app: pages, API routes and error handling are registered here, nothing else."""

import reflex as rx

from gosapp.api.app import create_api
from gosapp.pages.cabinets import CABINET_PAGES, cabinet_page
from gosapp.pages.error import error_page
from gosapp.pages.landing import landing
from gosapp.pages.not_found import not_found
from gosapp.settings import get_settings
from gosapp.state.incidents import backend_exception_handler

get_settings().secret()  # refuse to start without a secret key outside demo mode

app = rx.App(
    html_lang="ru",
    stylesheets=["/styles.css"],
    api_transformer=create_api(),
    backend_exception_handler=backend_exception_handler,
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
    ],
)

app.add_page(landing, route="/", title="Госпортал здоровья — личный кабинет")
for info in CABINET_PAGES:
    app.add_page(cabinet_page(info), route=info.route, title=f"{info.title} — Госпортал здоровья")
app.add_page(error_page, route="/error/[incident]", title="Ошибка — Госпортал здоровья")
app.add_page(not_found, route="404", title="Страница не найдена — Госпортал здоровья")
