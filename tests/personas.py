"""Named personas: users with known passwords and TOTP secrets, as a test would meet them."""

from dataclasses import dataclass

from sqlmodel import Session

from gosapp.models.accounts import Role, User, utcnow
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password
from gosapp.services.identity.roles import grant_role
from tests.factories import make_user


@dataclass
class Persona:
    """A user row plus the secrets only the person knows."""

    user: User
    password: str
    totp_secret: str

    @property
    def id(self) -> int:
        return self.user.id


PERSONAS = {
    # name: (last, first, patronymic, role, password)
    "alice": ("Смирнова", "Алиса", "Петровна", Role.CITIZEN, "Весна-Ромашка-2026"),
    "bob": ("Кузнецов", "Борис", "Игоревич", Role.CITIZEN, "Осень-Листопад-2026"),
    "doctor": ("Лебедев", "Дмитрий", "Андреевич", Role.DOCTOR, "Стетоскоп-Утро-2026"),
    "registrar": ("Орлова", "Регина", "Олеговна", Role.REGISTRAR, "Журнал-Приёма-2026"),
    "admin": ("Андреев", "Арсений", "Павлович", Role.ADMIN, "Ключ-Смотритель-2026"),
    "roman": ("Романов", "Роман", "Ильич", Role.REGISTRAR, "Журнал-Вечер-2026"),
    # e2e: the profile tests (each name can be created once per database)
    "vera": ("Волкова", "Вера", "Николаевна", Role.CITIZEN, "Ландыш-Полдень-2026"),
    # e2e: the request flow
    "petr": ("Петров", "Пётр", "Семёнович", Role.CITIZEN, "Подснежник-Март-2026"),
    "irina": ("Ильина", "Ирина", "Сергеевна", Role.REGISTRAR, "Картотека-Ясень-2026"),
    "gleb": ("Глебов", "Глеб", "Олегович", Role.CITIZEN, "Черёмуха-Июнь-2026"),
    # e2e: support tickets
    "sofia": ("Соколова", "София", "Андреевна", Role.CITIZEN, "Сирень-Вечер-2026"),
    "mark": ("Марков", "Марк", "Ильич", Role.REGISTRAR, "Реестр-Клён-2026"),
    # e2e: two open questions on the certificates page
    "zoya": ("Зайцева", "Зоя", "Викторовна", Role.CITIZEN, "Ромашка-Закат-2026"),
    "yan": ("Янов", "Ян", "Эдуардович", Role.REGISTRAR, "Опись-Липа-2026"),
    # e2e: accessibility
    "nina": ("Нестерова", "Нина", "Павловна", Role.CITIZEN, "Незабудка-Утро-2026"),
    "oleg": ("Олегов", "Олег", "Денисович", Role.REGISTRAR, "Регламент-Дуб-2026"),
    # e2e: copied client tokens (security)
    "tamara": ("Тарасова", "Тамара", "Львовна", Role.CITIZEN, "Облепиха-Рассвет-2026"),
    "kirill": ("Кириллов", "Кирилл", "Юрьевич", Role.CITIZEN, "Бузина-Полночь-2026"),
    "fedor": ("Фёдоров", "Фёдор", "Ильич", Role.CITIZEN, "Крапива-Полдень-2026"),
    "lidia": ("Лидина", "Лидия", "Артёмовна", Role.CITIZEN, "Жасмин-Сумерки-2026"),
    "pavel": ("Павлов", "Павел", "Егорович", Role.CITIZEN, "Калина-Рассвет-2026"),
    "raisa": ("Раева", "Раиса", "Фёдоровна", Role.CITIZEN, "Астра-Вечер-2026"),
    # e2e: drafts continued and submitted; a certificate ordered with the keyboard only
    "dina": ("Динова", "Дина", "Сергеевна", Role.CITIZEN, "Рябина-Иней-2026"),
    "egor": ("Егоров", "Егор", "Тимурович", Role.CITIZEN, "Клавиша-Полдень-2026"),
    # e2e: lab exports (CSV, PDF, FHIR) and their progress line
    "larisa": ("Ларина", "Лариса", "Викторовна", Role.CITIZEN, "Клевер-Анализ-2026"),
    # e2e: a support ticket opened with the keyboard only
    "klara": ("Клавина", "Клара", "Игоревна", Role.CITIZEN, "Пробел-Сумерки-2026"),
    # e2e: joining the medical-worker register
    "frida": ("Фридман", "Фрида", "Львовна", Role.CITIZEN, "Липа-Диплом-2026"),
    "rustam": ("Рустамов", "Рустам", "Ильдарович", Role.REGISTRAR, "Реестр-Сосна-2026"),
    # e2e: drafts kept from the certificate and support forms, edited and submitted
    "zlata": ("Златова", "Злата", "Игоревна", Role.CITIZEN, "Черновик-Осень-2026"),
    "mira": ("Мирова", "Мира", "Олеговна", Role.CITIZEN, "Тикет-Рассвет-2026"),
}


def make_persona(session: Session, name: str) -> Persona:
    """Create persona ``name`` with confirmed contacts, a password and an enrolled TOTP."""
    last, first, middle, role, password = PERSONAS[name]
    secret = totp.new_secret()
    user = make_user(
        session,
        last_name=last,
        first_name=first,
        patronymic=middle,
        email=f"{name}@example.ru",
        password_hash=hash_password(password),
        totp_secret_enc=totp.encrypt_secret(secret),
        totp_enabled_at=utcnow(),
    )
    if role != Role.CITIZEN:
        grant_role(session=session, user_id=user.id, role=role)
    session.commit()
    return Persona(user=user, password=password, totp_secret=secret)
