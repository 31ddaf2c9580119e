"""The Reflex app: pages, API routes and error handling are registered here, nothing else."""

import reflex as rx

from gosapp import routes
from gosapp.api.app import create_api
from gosapp.jobs.appointments import appointments_loop
from gosapp.jobs.attestation import attestation_loop
from gosapp.jobs.benefits import benefits_loop
from gosapp.jobs.delivery import delivery_loop
from gosapp.jobs.housekeeping import housekeeping_loop
from gosapp.jobs.portfolio import portfolio_loop
from gosapp.jobs.record import record_loop
from gosapp.log_redaction import install_log_redaction
from gosapp.pages.account.dashboard import HomeState
from gosapp.pages.account.history import HistoryState, history_page
from gosapp.pages.account.login import LoginState, login_page
from gosapp.pages.account.notifications import NotificationsState, notifications_page
from gosapp.pages.account.profile import ProfileState, profile_page
from gosapp.pages.account.recover import RecoverState, recover_page
from gosapp.pages.account.register import RegisterState, register_page
from gosapp.pages.account.security import SecurityState, security_page
from gosapp.pages.account.security.apps import AppsState, apps_page
from gosapp.pages.account.support import SupportState, support_page
from gosapp.pages.dev.outbox import OutboxState, outbox_page
from gosapp.pages.frmr.apply import FrmrApplyState, apply_page
from gosapp.pages.frmr.attestation import AttestationState, attestation_page
from gosapp.pages.frmr.education import EducationState, education_page
from gosapp.pages.frmr.experience import ExperienceState, experience_page
from gosapp.pages.frmr.overview import FrmrProfileState, frmr_page
from gosapp.pages.frmr.patient_card import PatientCardState, patient_card_page
from gosapp.pages.frmr.payments import WorkerPaymentsState, worker_payments_page
from gosapp.pages.frmr.portfolio import PortfolioState, portfolio_page
from gosapp.pages.frmr.shared import DoctorSharedState, doctor_shared_page
from gosapp.pages.frmr.training import TrainingState, training_page
from gosapp.pages.frmr.workplace import WorkplaceState, workplace_page
from gosapp.pages.patient.appointments import AppointmentsState, appointments_page
from gosapp.pages.patient.certificates import CertificatesState, certificates_page
from gosapp.pages.patient.lab_sharing import LabSharingState, lab_sharing_page
from gosapp.pages.patient.labs import LabsState, labs_page
from gosapp.pages.patient.my_appointments import MyAppointmentsState, my_appointments_page
from gosapp.pages.patient.overview import patient_page
from gosapp.pages.patient.record import RecordState, record_page
from gosapp.pages.public.error import error_page
from gosapp.pages.public.landing import landing_page
from gosapp.pages.public.not_found import not_found_page
from gosapp.pages.public.shared_link import SharedLinkState, shared_link_page
from gosapp.pages.public.verify import VerifyState, verify_page
from gosapp.pages.staff.audit import StaffAuditState, audit_page
from gosapp.pages.staff.queues import StaffQueueState, queues_page
from gosapp.pages.staff.request import StaffRequestState, request_page
from gosapp.pages.staff.schedules import StaffSchedulesState, schedules_page
from gosapp.pages.staff.users import StaffUsersState, users_page
from gosapp.pages.szn.applications import applications_page
from gosapp.pages.szn.applications_state import ApplicationsState
from gosapp.pages.szn.benefits import BenefitsState, benefits_page
from gosapp.pages.szn.overview import szn_page
from gosapp.pages.szn.payments import PaymentsState, payments_page
from gosapp.pages.szn.state import SznState
from gosapp.settings import get_settings
from gosapp.state.auth import SessionState
from gosapp.state.binding import StateBinding, upload_owner
from gosapp.state.incidents import backend_exception_handler
from gosapp.state.sockets import install as install_token_manager

install_log_redaction()  # cookies, tickets, codes and passwords never reach a log
get_settings().secret()  # refuse to start without a secret key outside demo mode
install_token_manager()  # a tab whose host died keeps its state on the next host

app = rx.App(
    html_lang="ru",
    stylesheets=["/styles.css"],
    api_transformer=create_api(owner=upload_owner),
    backend_exception_handler=backend_exception_handler,
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
    ],
)

app.add_middleware(StateBinding())  # a tab's state answers only the session that filled it
app.register_lifespan_task(delivery_loop)  # e-mail/SMS delivery (idle in demo mode)
app.register_lifespan_task(housekeeping_loop)  # abandoned uploads
app.register_lifespan_task(appointments_loop)  # visit reminders, waiting-list offers (demo too)
app.register_lifespan_task(record_loop)  # recommendation due-date reminders (demo too)
app.register_lifespan_task(portfolio_loop)  # portfolio expiry notices at 90/30/7 days
app.register_lifespan_task(benefits_loop)  # benefit expiry notices at 60/30/7 days
app.register_lifespan_task(attestation_loop)  # a category ending within a year: one reminder

TITLE = "Госпортал здоровья"
ME = SessionState.load_me  # every page knows who is signed in (for the header)


def add(component, route: str, title: str, *on_load) -> None:
    """Register a page with the product name in its title and the session check on load."""
    app.add_page(component, route=route, title=f"{title} — {TITLE}", on_load=[ME, *on_load])


add(landing_page, routes.HOME, "Личный кабинет", HomeState.load)
add(patient_page, routes.PATIENT, routes.cabinet(routes.PATIENT).title)
add(frmr_page, routes.FRMR, routes.cabinet(routes.FRMR).title, FrmrProfileState.load)
add(apply_page, routes.FRMR_APPLY, "Включение в регистр медработников", FrmrApplyState.load)
add(workplace_page, routes.WORKPLACE, "Рабочее место врача", WorkplaceState.load)
add(patient_card_page, routes.PATIENT_CARD, "Карта пациента", PatientCardState.load)
add(portfolio_page, routes.PORTFOLIO, "Портфолио", PortfolioState.load)
add(szn_page, routes.SZN, routes.cabinet(routes.SZN).title, SznState.load, BenefitsState.load)
add(payments_page, routes.SZN_PAYMENTS, "Выплаты", PaymentsState.load)
add(applications_page, routes.SZN_APPLICATIONS, "Заявления на пособия", ApplicationsState.load)
add(benefits_page, routes.SZN_BENEFITS, "Льготы", BenefitsState.load)
add(education_page, routes.EDUCATION, "Непрерывное образование (НМО)", EducationState.load)
add(training_page, routes.TRAINING, "Программы обучения", TrainingState.load)
add(experience_page, routes.EXPERIENCE, "Трудовой стаж", ExperienceState.load)
add(worker_payments_page, routes.FRMR_PAYMENTS, "Выплаты медработника", WorkerPaymentsState.load)
add(attestation_page, routes.ATTESTATION, "Аттестация на категорию", AttestationState.load)
add(login_page, routes.LOGIN, "Вход", LoginState.load)
add(register_page, routes.REGISTER, "Регистрация", RegisterState.load)
add(recover_page, routes.RECOVER, "Восстановление доступа", RecoverState.load)
add(profile_page, routes.PROFILE, "Профиль", ProfileState.load)
add(security_page, routes.SECURITY, "Безопасность", SecurityState.load)
add(apps_page, routes.SECURITY_APPS, "Доступ приложений", AppsState.load)
add(notifications_page, routes.NOTIFICATIONS, "Уведомления", NotificationsState.load)
add(history_page, routes.HISTORY, "История обращений", HistoryState.load)
add(certificates_page, routes.CERTIFICATES, "Справки", CertificatesState.load)
add(appointments_page, routes.APPOINTMENTS, "Запись к врачу", AppointmentsState.load)
add(my_appointments_page, routes.MY_APPOINTMENTS, "Мои записи", MyAppointmentsState.load)
add(record_page, routes.RECORD, "Моя карта здоровья", RecordState.load)
add(labs_page, routes.LABS, "Результаты анализов", LabsState.load)
add(support_page, routes.SUPPORT, "Поддержка", SupportState.load)
add(verify_page, routes.VERIFY, "Проверка справки", VerifyState.load)
add(lab_sharing_page, routes.LAB_SHARING, "Доступ к анализам", LabSharingState.load)
add(doctor_shared_page, routes.DOCTOR_SHARED, "Доступ от пациентов", DoctorSharedState.load)
add(shared_link_page, routes.SHARED_LINK, "Результаты анализов по ссылке", SharedLinkState.load)
add(outbox_page, routes.OUTBOX, "Исходящие сообщения", OutboxState.load)
add(queues_page, routes.STAFF, "Бэк-офис", StaffQueueState.load)
add(request_page, routes.STAFF_REQUEST, "Заявление — бэк-офис", StaffRequestState.load)
add(users_page, routes.STAFF_USERS, "Пользователи — бэк-офис", StaffUsersState.load)
add(schedules_page, routes.STAFF_SCHEDULES, "Расписания — бэк-офис", StaffSchedulesState.load)
add(audit_page, routes.STAFF_AUDIT, "Журнал аудита — бэк-офис", StaffAuditState.load)
add(error_page, routes.ERROR, "Ошибка")
add(not_found_page, routes.NOT_FOUND, "Страница не найдена")
