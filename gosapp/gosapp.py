"""The Reflex app: pages, API routes and error handling are registered here, nothing else."""

import reflex as rx

from gosapp.api.app import create_api
from gosapp.jobs.delivery import delivery_loop
from gosapp.jobs.housekeeping import housekeeping_loop
from gosapp.pages.cabinets import CABINET_PAGES, cabinet_page
from gosapp.pages.certificates_page import CertificatesState, certificates_page
from gosapp.pages.error import error_page
from gosapp.pages.history import HistoryState, history_page
from gosapp.pages.landing import landing
from gosapp.pages.login import LoginState, login
from gosapp.pages.not_found import not_found
from gosapp.pages.notifications import NotificationsState, notifications_page
from gosapp.pages.outbox import OutboxState, outbox
from gosapp.pages.profile import ProfileState, profile
from gosapp.pages.recover import RecoverState, recover
from gosapp.pages.register import RegisterState, register
from gosapp.pages.security import SecurityState, security_page
from gosapp.pages.staff.audit import StaffAuditState, audit_page
from gosapp.pages.staff.queues import StaffQueueState, queues_page
from gosapp.pages.staff.request import ROUTE as STAFF_REQUEST_ROUTE
from gosapp.pages.staff.request import StaffRequestState, request_page
from gosapp.pages.staff.users import StaffUsersState, users_page
from gosapp.pages.support_page import SupportState, support_page
from gosapp.pages.verify_page import ROUTE as VERIFY_ROUTE
from gosapp.pages.verify_page import VerifyState, verify_page
from gosapp.settings import get_settings
from gosapp.state.auth import SessionState
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

app.register_lifespan_task(delivery_loop)  # e-mail/SMS delivery (idle in demo mode)
app.register_lifespan_task(housekeeping_loop)  # abandoned uploads

TITLE = "Госпортал здоровья"
ME = SessionState.load_me  # every page knows who is signed in (for the header)


def add(component, route: str, title: str, *on_load) -> None:
    """Register a page with the product name in its title and the session check on load."""
    app.add_page(component, route=route, title=f"{title} — {TITLE}", on_load=[ME, *on_load])


add(landing, "/", "Личный кабинет")
for info in CABINET_PAGES:
    add(cabinet_page(info), info.route, info.title)
add(login, "/login", "Вход", LoginState.load)
add(register, "/register", "Регистрация", RegisterState.load)
add(recover, "/recover", "Восстановление доступа", RecoverState.load)
add(profile, "/profile", "Профиль", ProfileState.load)
add(security_page, "/security", "Безопасность", SecurityState.load)
add(notifications_page, "/notifications", "Уведомления", NotificationsState.load)
add(history_page, "/history", "История обращений", HistoryState.load)
add(certificates_page, "/certificates", "Справки", CertificatesState.load)
add(support_page, "/support", "Поддержка", SupportState.load)
add(verify_page, VERIFY_ROUTE, "Проверка справки", VerifyState.load)
add(outbox, "/dev/outbox", "Исходящие сообщения", OutboxState.load)
add(queues_page, "/staff", "Бэк-офис", StaffQueueState.load)
add(request_page, STAFF_REQUEST_ROUTE, "Заявление — бэк-офис", StaffRequestState.load)
add(users_page, "/staff/users", "Пользователи — бэк-офис", StaffUsersState.load)
add(audit_page, "/staff/audit", "Журнал аудита — бэк-офис", StaffAuditState.load)
add(error_page, "/error/[incident]", "Ошибка")
add(not_found, "404", "Страница не найдена")
