"""Every address of the portal in one place: page routes, API routes, URL builders, cabinets.

Plain data with no ``reflex`` import, so services may use it for notification and card links.
A pattern with ``[param]`` is what a page is registered under; its builder fills the parameter
in. Builders use f-strings, so they take a Reflex ``Var`` as well as a Python value: Reflex
turns ``f"{var}"`` back into an expression when the result becomes a component's prop.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

# --- public pages ---------------------------------------------------------------------------
HOME = "/"
VERIFY = "/verify/[certificate_slug]"  # a certificate's public check (QR code)
SHARED_LINK = "/shared/[share_token]"  # a one-time lab share link (opened with a birth date)
ERROR = "/error/[incident]"
NOT_FOUND = "404"  # Reflex's name for the page of unknown routes

# --- the account every cabinet shares -------------------------------------------------------
LOGIN = "/login"
LOGIN_EXPIRED = LOGIN + "?expired=1"  # the sign-in link or registration step timed out
LOGGED_OUT = LOGIN + "?logged_out=1"
REGISTER = "/register"
RECOVER = "/recover"
PROFILE = "/profile"
SECURITY = "/security"
SECURITY_APPS = "/security/apps"  # «Доступ приложений»: connected OIDC clients
NOTIFICATIONS = "/notifications"
HISTORY = "/history"
SUPPORT = "/support"

# --- cabinets -------------------------------------------------------------------------------
PATIENT = "/patient"
CERTIFICATES = "/certificates"
APPOINTMENTS = "/appointments"  # the slot picker; its steps are in the query (?service=…)
MY_APPOINTMENTS = "/appointments/my"
LAB_SHARING = "/labs/sharing"  # shares with doctors, share links, «кто смотрел мои данные»
LABS = "/labs"  # lab results; filters in the query (services.medical.lab_params)
FRMR = "/frmr"
WORKPLACE = "/frmr/workplace"  # the doctor's schedule, tablet first
DOCTOR_SHARED = "/frmr/shared"  # lab results patients shared with the doctor
RECORD = "/record"  # «Моя карта здоровья»; filters in the query (from, to, diagnosis, status)
PATIENT_CARD = "/frmr/patients/[patient_id]"  # a patient's card for the doctor (audited)
PORTFOLIO = "/frmr/portfolio"  # the doctor's documents: versions, checks, packages
FRMR_APPLY = "/frmr/apply"  # joining the medical-worker register
EDUCATION = "/frmr/education"  # НМО points: cycle and year progress, chart, forecast
EXPERIENCE = "/frmr/experience"  # work-experience periods and the overlap-aware total
FRMR_PAYMENTS = "/frmr/payments"  # the months in the query (from, to: «2026-01»)
ATTESTATION = "/frmr/attestation"  # аттестация на категорию: requirements, application, history
TRAINING = "/frmr/training"  # training programmes: catalogue (filters in the query), my courses
SZN = "/szn"
SZN_BENEFITS = "/szn/benefits"  # льготы: list, «Добавить льготу», renewal, СЗН certificates
SZN_PAYMENTS = "/szn/payments"  # filters in the query (from, to, kind, status)
SZN_APPLICATIONS = "/szn/applications"  # allowance applications; ?draft=<id> continues one
HOME_CABINET = HOME  # a citizen's dashboard: where registering lands (staff: their start)

# --- staff back office ----------------------------------------------------------------------
STAFF = "/staff"
STAFF_USERS = "/staff/users"
STAFF_AUDIT = "/staff/audit"
STAFF_SCHEDULES = "/staff/schedules"
STAFF_REQUEST = "/staff/requests/[staff_request_id]"

# --- development ----------------------------------------------------------------------------
OUTBOX = "/dev/outbox"

# --- API (Starlette routes in front of Reflex) ----------------------------------------------
API_HEALTH = "/api/health"
API_SESSION = "/api/auth/session"
API_LOGOUT = "/api/auth/logout"
# The id stays text in the route and ``parse_id`` reads it: Starlette's ``:int`` calls int()
# on any run of digits, and 5,000 of them raise ValueError in routing (a 500, not a 404).
DOCUMENT = "/api/documents/{document_id}"
HISTORY_EXPORT = "/api/exports/history.{kind}"  # kind: csv or pdf
SZN_PAYMENTS_EXPORT = "/api/exports/szn-payments.{kind}"  # csv or pdf; the page's filters
FRMR_PAYMENTS_EXPORT = "/api/exports/frmr-payments.{kind}"  # csv or pdf; the page's months
DOCTOR_STATS_EXPORT = "/api/exports/doctor-stats.{kind}"  # csv; ?period=month|quarter|year
LAB_EXPORT = "/api/exports/labs.{kind}"  # kind: csv, pdf or fhir; the /labs query parameters
APPOINTMENT_ICS = "/api/appointments/{appointment_id}.ics"  # one visit, for its patient
CALENDAR_FEED = "/api/calendar/{token}.ics"  # the personal feed; the token is the credential
API_LAB_RESULTS = "/api/v1/lab-results"  # laboratories post results (an API key per lab)
API_OPENAPI = "/api/v1/openapi.json"  # the laboratory API's OpenAPI 3.1 spec

# --- «Вход через Госуслуги»: the OpenID Connect provider (Starlette routes) -------------------
OIDC_CONFIGURATION = "/.well-known/openid-configuration"
OIDC_JWKS = "/.well-known/jwks.json"
OAUTH_AUTHORIZE = "/oauth/authorize"  # the consent screen (signed-in, second factor done)
OAUTH_TOKEN = "/oauth/token"
OAUTH_USERINFO = "/oauth/userinfo"
OAUTH_REVOKE = "/oauth/revoke"
# Starlette routes outside /api/: the protocol (and every client library) expects them there.
PROTOCOL_ROUTES = (
    OIDC_CONFIGURATION,
    OIDC_JWKS,
    OAUTH_AUTHORIZE,
    OAUTH_TOKEN,
    OAUTH_USERINFO,
    OAUTH_REVOKE,
)
RECORD_EXPORT = "/api/exports/record.pdf"  # the health record extract (record filters + patient)
PORTFOLIO_PREVIEW = "/api/portfolio/preview/{document_id}"  # a portfolio file's first page, PNG
DOCTOR_PHOTO = "/api/frmr/photos/{document_id}"  # a doctor's public photo (signed-in users)


def _fill(pattern: str, value: object) -> str:
    """``pattern`` with its parameter (``[name]`` or ``{name}``, always last) set to ``value``."""
    return f"{pattern.split('[', 1)[0].split('{', 1)[0]}{value}"


def open_on(page: str, number: object) -> str:
    """``page`` with request ``number`` opened (``?open=``): a request type's notification link.

    A Python number is percent-encoded (numbers are Cyrillic: «ОБР-2026-000123»); a Reflex
    ``Var`` goes in as it is, and the browser encodes it when it follows the link.
    """
    value = quote(str(number), safe="") if isinstance(number, str | int) else number
    return f"{page}?open={value}"


# Pages a sign-in never returns to: the sign-in pages themselves and the API.
_NOT_NEXT = (LOGIN, REGISTER, RECOVER)
MAX_NEXT = 2000


def safe_next(target: object, default: str = HOME) -> str:
    """``target`` when it is a path on this site to return to after signing in, else ``default``.

    Only ``/path?query``: no scheme or host (``https://…``, ``//host``), no backslash or
    control/space characters (browsers drop tabs and newlines, so ``/\t/host`` would become
    ``//host``), nothing over ``MAX_NEXT``, never the sign-in pages or the API.
    """
    text = target if isinstance(target, str) else ""
    if (
        not text.startswith("/")
        or text.startswith("//")
        or len(text) > MAX_NEXT
        or any(c == "\\" or c.isspace() or not c.isprintable() for c in text)
    ):
        return default
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or parts.path in _NOT_NEXT or parts.path.startswith("/api/"):
        return default
    return text


def login_to(next_path: object) -> str:
    """The sign-in page that returns to ``next_path`` after the second factor (when safe)."""
    target = safe_next(next_path, "")
    return f"{LOGIN}?{urlencode({'next': target})}" if target else LOGIN


def history_open(number: object) -> str:
    """The history page with request ``number`` expanded (notification and card links)."""
    return open_on(HISTORY, number)


def my_appointment(number: object) -> str:
    """«Мои записи» with visit ``number`` opened (notification and reminder links)."""
    return open_on(MY_APPOINTMENTS, number)


def labs_of(patient_id: object) -> str:
    """A patient's lab results as a doctor opens them (the page checks the right to look)."""
    return f"{LABS}?patient={patient_id}"


def appointment_ics(appointment_id: object) -> str:
    """One visit as an ``.ics`` file (the route checks that it is the caller's)."""
    return _fill(APPOINTMENT_ICS, f"{appointment_id}.ics")


def patient_card(patient_id: object) -> str:
    """The doctor's card of one patient (it checks the doctor's right itself)."""
    return _fill(PATIENT_CARD, patient_id)


def support_open(number: object) -> str:
    """The support page with ticket ``number`` opened."""
    return open_on(SUPPORT, number)


def staff_request(request_id: object) -> str:
    """One request in the back office."""
    return _fill(STAFF_REQUEST, request_id)


def document(document_id: object) -> str:
    """The authorised download of one stored document (it checks the right itself)."""
    return _fill(DOCUMENT, document_id)


def portfolio_preview(document_id: object) -> str:
    """A portfolio file's preview image (its owner doctor and back-office staff only)."""
    return _fill(PORTFOLIO_PREVIEW, document_id)


def doctor_photo(document_id: object) -> str:
    """A doctor's profile photo (only a current profile photo is served, to signed-in users)."""
    return _fill(DOCTOR_PHOTO, document_id)


def verify(slug: object) -> str:
    """The public check of a certificate by its «год-номер-контрольная сумма» slug."""
    return _fill(VERIFY, slug)


def shared_link(token: object) -> str:
    """A one-time lab share link (the token is its only credential)."""
    return _fill(SHARED_LINK, token)


def error(incident: object) -> str:
    """The error page naming an incident id support can look up."""
    return _fill(ERROR, incident)


def record_export(query: object = None) -> str:
    """The health record's PDF extract; ``query`` holds the page's filters (and ``patient``)."""
    return RECORD_EXPORT if query is None else f"{RECORD_EXPORT}?{query}"


def history_export(kind: object, query: object = None) -> str:
    """The filtered history as a CSV or PDF download; ``query`` holds the page's filters."""
    path = _fill(HISTORY_EXPORT, kind)
    return path if query is None else f"{path}?{query}"


def szn_payments_export(kind: object, query: object = None) -> str:
    """The payments statement as CSV or PDF; ``query`` holds the page's filters."""
    path = _fill(SZN_PAYMENTS_EXPORT, kind)
    return path if query is None else f"{path}?{query}"


def frmr_payments_export(kind: object, query: object = None) -> str:
    """The medical worker's payments statement as CSV or PDF; ``query`` holds the months."""
    path = _fill(FRMR_PAYMENTS_EXPORT, kind)
    return path if query is None else f"{path}?{query}"


def doctor_stats_export(period: object) -> str:
    """The doctor's own statistics of the current ``period`` (month, quarter, year) as CSV."""
    return f"{_fill(DOCTOR_STATS_EXPORT, 'csv')}?period={period}"


def lab_export(kind: object, query: object = None) -> str:
    """The filtered lab results as CSV, PDF or FHIR JSON; ``query`` is the /labs query string."""
    path = _fill(LAB_EXPORT, kind)
    return path if query is None or (isinstance(query, str) and not query) else f"{path}?{query}"


# --- cabinets: what each offers -------------------------------------------------------------


@dataclass(frozen=True)
class CabinetInfo:
    """A cabinet's route, titles, icon, one-line summary and its services."""

    route: str
    title: str
    nav_label: str  # the short name in the header navigation
    icon: str
    summary: str
    services: tuple[str | tuple[str, str], ...]  # a label, or (label, route) once built


CABINETS = (
    CabinetInfo(
        PATIENT,
        "Кабинет пациента",
        "Пациент",
        "heart-pulse",
        "Запись к врачу, анализы, медицинская карта и справки.",
        (
            ("Запись к врачу в удобный слот календаря", APPOINTMENTS),
            ("Мои записи: перенос, отмена, календарь", MY_APPOINTMENTS),
            ("Результаты анализов с динамикой", LABS),
            ("Моя карта здоровья: визиты, диагнозы, рекомендации", RECORD),
            ("Справки и их проверка по QR-коду", CERTIFICATES),
            ("История обращений", HISTORY),
        ),
    ),
    CabinetInfo(
        FRMR,
        "Кабинет медработника",
        "Медработник",
        "stethoscope",
        "Профиль в регистре медработников, портфолио и НМО.",
        (
            ("Заявка на включение в регистр", FRMR_APPLY),
            ("Портфолио: дипломы, сертификаты, лицензии", PORTFOLIO),
            ("Баллы непрерывного образования (НМО) и прогноз", EDUCATION),
            ("Трудовой стаж: периоды и общий стаж", EXPERIENCE),
            ("Выплаты: зарплата, стимулирующие, дежурства, ОМС", FRMR_PAYMENTS),
            ("Аттестация на категорию", ATTESTATION),
            ("Программы обучения: запись и мои курсы", TRAINING),
            ("Рабочее место врача на планшете", WORKPLACE),
            ("Статистика приёмов: неявки, длительность, загруженность", f"{FRMR}#doctor-stats"),
        ),
    ),
    CabinetInfo(
        SZN,
        "Социальная защита",
        "Соцзащита",
        "hand-heart",
        "Выплаты, льготы и заявления на пособия.",
        (
            ("Выплаты и их статусы", SZN_PAYMENTS),
            ("Льготы и их продление", SZN_BENEFITS),
            ("Заявления на пособия", SZN_APPLICATIONS),
            ("Справки о выплатах и праве на льготу", f"{SZN_BENEFITS}#szn-certificates"),
        ),
    ),
)


def cabinet(route: str) -> CabinetInfo:
    """The cabinet whose overview lives at ``route``."""
    return next(info for info in CABINETS if info.route == route)
