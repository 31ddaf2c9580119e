"""What each audit action is called in the back office (SPEC §5): staff read «Подано
заявление: справка о прививках», never ``request.create.cert_vaccination``.

Every code the code base records has a label here (a test greps the sources and checks); the
request types' own titles name ``request.create.<type>``, so a new type needs no line here. A
code nobody labelled still reads as Russian words (its family, or «Другое действие»), never as
the raw dotted code.
"""

from __future__ import annotations

from gosapp.services.common.errors import NotFound
from gosapp.services.requests import catalog

CREATE_PREFIX = "request.create."
ACTION_LABELS = {
    "access.denied": "Отказ в доступе",
    "account.register": "Регистрация",
    "account.locked": "Учётная запись заблокирована",
    "account.unlocked": "Учётная запись разблокирована",
    "account.confirm_by_code": "Учётная запись подтверждена кодом сотрудника",
    "login.success": "Вход",
    "login.bad_password": "Вход: неверный пароль",
    "login.bad_code": "Вход: неверный код",
    "login.replayed_code": "Вход: код использован повторно",
    "login.locked": "Вход: учётная запись заблокирована",
    "login.recovery_code": "Вход по резервному коду",
    "login.unlocked": "Вход: блокировка снята",
    "login.unknown_account": "Вход: неизвестная учётная запись",
    "totp.enrol": "Подключён второй фактор",
    "totp.reset": "Второй фактор сброшен",
    "totp.reenrol": "Второй фактор подключён заново",
    "totp.recovery_codes": "Выпущены резервные коды",
    "totp.replay_noticed": "Замечен повтор кода",
    "reauth.bad_password": "Подтверждение личности: неверный пароль",
    "reauth.bad_code": "Подтверждение личности: неверный код",
    "password.change": "Пароль изменён",
    "recovery.request": "Запрошено восстановление доступа",
    "recovery.reset": "Доступ восстановлен",
    "session.end": "Сеанс завершён",
    "staff.create": "Создан сотрудник",
    "staff.user.search": "Поиск пользователя",
    "staff.user.lock": "Сотрудник заблокировал учётную запись",
    "staff.user.unlock": "Сотрудник разблокировал учётную запись",
    "staff.user.reset_totp": "Сотрудник сбросил второй фактор",
    "staff.user.issue_code": "Выдан код подтверждения",
    "staff.request.view": "Просмотр заявления сотрудником",
    "profile.contact_change": "Изменён телефон или e-mail",
    "profile.documents": "Изменены документы в профиле",
    "profile.passport_change": "Изменён паспорт",
    "profile.preferences": "Изменены настройки",
    "document.download": "Скачан документ",
    "history.export": "Выгружена история заявлений",
    "request.submit": "Заявление подано",
    "request.withdraw": "Заявление отозвано",
    "request.claim": "Заявление взято в работу",
    "request.ask_info": "Запрошено уточнение",
    "request.answer": "Заявитель ответил на запрос",
    "request.approve": "Заявление одобрено",
    "request.reject": "Заявление отклонено",
    "request.resubmit": "Исправленное заявление подано повторно",
    "frmr.profile.update": "Изменён профиль медработника",
    "frmr.photo.set": "Загружено фото медработника",
    "frmr.photo.remove": "Удалено фото медработника",
    "request.complete": "Заявление завершено",
    "request.comment": "Комментарий сотрудника",
    "request.message": "Сообщение по заявлению",
    "appointment.hold": "Время приёма удержано",
    "appointment.book": "Запись к врачу подтверждена",
    "appointment.cancel": "Запись к врачу отменена",
    "appointment.reschedule": "Запись к врачу перенесена",
    "waitlist.join": "Пациент встал в лист ожидания",
    "calendar_feed.create": "Создана ссылка на календарь записей",
    "calendar_feed.revoke": "Отключена ссылка на календарь записей",
    "schedule.template.save": "Изменены часы приёма в расписании",
    "schedule.exception.add": "Добавлено исключение в расписание",
    "schedule.exception.remove": "Удалено исключение из расписания",
    "benefit.add": "Добавлена льгота (на проверку)",
    "benefit.renew": "Продление льготы",
    "portfolio.record.add": "Добавлен документ в портфолио",
    "portfolio.version.add": "Загружена новая версия документа портфолио",
    "portfolio.archive": "Документ портфолио перенесён в архив",
    "portfolio.restore": "Документ портфолио восстановлен из архива",
    "portfolio.package": "Сформирован пакет документов портфолио",
    "nmo.activity.add": "Добавлено мероприятие НМО",
    "nmo.activity.resubmit": "Исправленное мероприятие НМО отправлено на проверку снова",
    "nmo.settings.save": "Сохранены дата аккредитации и цель НМО",
    "nmo.activity.certificate": "Загружен сертификат о прохождении обучения НМО",
    "training.enrolled": "Запись на программу обучения",
    "training.waiting": "Постановка в лист ожидания на программу обучения",
    "training.cancel": "Отмена записи на программу обучения",
    "training.finish": "Обучение по программе завершено",
    "experience.period.add": "Добавлен период трудового стажа",
    "experience.period.resubmit": "Исправленный период стажа отправлен на проверку снова",
    "medical.view": "Просмотр медицинских данных пациента",
    "labs.export": "Выгрузка результатов анализов",
    "lab_share.create": "Пациент открыл врачу доступ к анализам",
    "lab_share.revoke": "Пациент отозвал доступ к анализам",
    "lab_share.link_create": "Создана одноразовая ссылка на анализы",
    "lab_share.link_open": "Открыта ссылка на анализы",
    "lab_key.create": "Выдан ключ API лаборатории",
    "lab_key.rotate": "Заменён ключ API лаборатории",
    "lab_key.revoke": "Отозван ключ API лаборатории",
    "lab_results.ingest": "Лаборатория передала результаты",
    "record.export_pdf": "Выгрузка выписки из карты здоровья",
    "record.recommendation_done": "Рекомендация отмечена выполненной",
    "oidc.client_added": "Зарегистрировано приложение для входа через портал",
    "oidc.client_revoked": "Отключено приложение для входа через портал",
    "oidc.consent_granted": "Пользователь разрешил приложению доступ",
    "oidc.consent_revoked": "Пользователь отключил приложение",
    "visit_record.note": "Врач записал жалобы и заключение приёма",
    "visit_record.diagnosis": "Врач поставил диагноз",
    "visit_record.diagnosis_resolved": "Врач закрыл диагноз",
    "visit_record.recommendation": "Врач дал рекомендацию",
    "visit_record.lab_order": "Врач назначил анализы",
    "visit_record.result": "Врач внёс результат анализа",
    "oidc.reuse_detected": "Повторное использование токена: доступ приложения отозван",
    "szn.connect": "Подключён кабинет социальной защиты (согласие на обработку данных)",
    "szn.payments.export": "Выгружена выписка о выплатах",
    "frmr.payments.export": "Выгружена выписка о выплатах медработника",
    "doctor_stats.export": "Врач выгрузил статистику своих приёмов",
}
# The family of a code nobody labelled, by its first part.
FAMILY_LABELS = {
    "access": "Доступ",
    "account": "Учётная запись",
    "login": "Вход",
    "totp": "Второй фактор",
    "reauth": "Подтверждение личности",
    "password": "Пароль",
    "recovery": "Восстановление доступа",
    "session": "Сеанс",
    "staff": "Действие сотрудника",
    "profile": "Профиль",
    "document": "Документ",
    "history": "История заявлений",
    "request": "Заявление",
    "appointment": "Запись к врачу",
    "waitlist": "Лист ожидания",
    "schedule": "Расписание",
    "calendar_feed": "Календарь записей",
    "portfolio": "Портфолио",
    "benefit": "Льготы",
    "nmo": "НМО",
    "experience": "Трудовой стаж",
    "medical": "Медицинские данные",
    "labs": "Анализы",
    "lab_share": "Доступ к анализам",
    "lab_key": "Ключ API лаборатории",
    "lab_results": "Результаты анализов",
    "record": "Карта здоровья",
    "visit_record": "Запись о приёме",
    "oidc": "Вход через портал",
    "szn": "Социальная защита",
}
UNKNOWN = "Другое действие"
OBJECT_LABELS = {
    "user": "пользователь",
    "payment": "выплата",
    "szn_connection": "подключение к кабинету СЗН",
    "request": "заявление",
    "session": "сеанс",
    "document": "документ",
    "passport_change": "замена паспорта",
    "appointment": "запись к врачу",
    "waitlist": "лист ожидания",
    "portfolio": "документ портфолио",
    "benefit": "льгота",
    "nmo": "мероприятие НМО",
    "experience": "период стажа",
}


def action_label(code: str) -> str:
    """The Russian words for an audit action code (never the code itself)."""
    code = str(code or "")
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    if code.startswith(CREATE_PREFIX):
        return _created(code.removeprefix(CREATE_PREFIX))
    family = FAMILY_LABELS.get(code.split(".", 1)[0])
    return f"{family}: другое действие" if family else UNKNOWN


def _created(type_code: str) -> str:
    try:
        title = catalog.get(type_code).title
    except NotFound:
        return "Создано заявление"
    return f"Создано заявление: {title[:1].lower()}{title[1:]}"


def object_label(object_type: str | None, object_id: str | None) -> str:
    """«заявление ОБР-2026-000048», «пользователь № 12»; «—» when the event names nothing."""
    kind = OBJECT_LABELS.get(object_type or "", "объект") if object_type else ""
    if kind and object_id and object_type in ("user", "document", "passport_change"):
        object_id = f"№ {object_id}"
    return " ".join(p for p in (kind, object_id) if p) or "—"
