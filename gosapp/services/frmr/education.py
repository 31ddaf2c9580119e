"""The doctor's НМО (SPEC §3): adding completed activities with their certificates (each sent
for checking as an ``nmo_check`` request), the accreditation date and the yearly goal.

Every function starts from the signed-in user and ``require_doctor``; rows are only ever
read or written with ``owner_id == user.id``, so one doctor never reaches another's. Reading
the page back (progress, chart, forecast) is ``education_view``.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlalchemy import update
from sqlmodel import Session, col

from gosapp.db import serialize
from gosapp.models.accounts import User, utcnow
from gosapp.models.career import NmoActivity, NmoSettings
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import career_corrections, career_files
from gosapp.services.frmr import education_review as review
from gosapp.services.frmr.portfolio import require_doctor
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests.types import form_errors

NO_CERTIFICATE = "Приложите сертификат (PDF, JPG или PNG)"
ACTIVITY_NOT_FOUND = "Мероприятие не найдено"
FIELDS = ("name", "provider", "kind", "started_on", "finished_on", "hours", "points")


def _form(form: object, today: date) -> review.ActivityForm:
    values = form if isinstance(form, dict) else {}
    data = {k: str(values.get(k) or "")[:300] for k in FIELDS}
    parsed = review.TYPES[0].parse(data)
    if parsed.finished_on > today:
        raise InvalidForm({"finished_on": "Добавляйте только завершённые мероприятия"})
    return parsed


def add_activity(
    *,
    session: Session,
    user: User,
    form: dict,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> NmoActivity:
    """«Добавить мероприятие»: the activity and its certificate, sent for checking.

    Raises InvalidForm (fields) or Invalid("file") for a missing or mislabelled certificate.
    """
    now = now or utcnow()
    require_doctor(session, user)
    parsed = _form(form, local_date(now))
    documents = career_files.staged_files(session, user, document_ids, NO_CERTIFICATE)
    payload = parsed.model_dump(mode="json")
    request = career_files.send_for_check(
        session,
        user,
        type_code=review.TYPE_CODE,
        payload=payload,
        documents=documents,
        actor=actor,
        now=now,
    )
    row = NmoActivity(
        owner_id=user.id,
        document_id=documents[0].id,
        request_id=request.id,
        created_at=now,
        **parsed.model_dump(),
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="nmo.activity.add",
        object_type="nmo",
        object_id=row.id,
    )
    return row


def attach_certificate(
    *,
    session: Session,
    user: User,
    activity_id: object,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> NmoActivity:
    """«Загрузить сертификат» for an activity awaiting one (a finished training programme):
    the activity and the certificate are sent for checking like an added one.

    One conditional UPDATE (``WHERE request_id IS NULL``) attaches the request, so two tabs
    uploading at once send one check (the other's transaction is rolled back).
    """
    now = now or utcnow()
    require_doctor(session, user)
    number = parse_id(activity_id, ACTIVITY_NOT_FOUND)
    row = session.get(NmoActivity, number)
    if row is None or row.owner_id != user.id:
        access_denied(session=session, actor=actor, object_type="nmo", object_id=number)
        raise NotFound(ACTIVITY_NOT_FOUND)
    if row.request_id is not None:
        raise Invalid("file", "Сертификат уже отправлен на проверку")
    documents = career_files.staged_files(session, user, document_ids, NO_CERTIFICATE)
    payload = review.ActivityForm.model_validate(row.model_dump(include=set(FIELDS)))
    request = career_files.send_for_check(
        session,
        user,
        type_code=review.TYPE_CODE,
        payload=payload.model_dump(mode="json"),
        documents=documents,
        actor=actor,
        now=now,
    )
    done = session.execute(
        update(NmoActivity)
        .where(col(NmoActivity.id) == row.id, col(NmoActivity.request_id).is_(None))
        .values(request_id=request.id, document_id=documents[0].id)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Invalid("file", "Сертификат уже отправлен на проверку")
    session.refresh(row)
    record(
        session=session,
        actor=actor,
        action="nmo.activity.certificate",
        object_type="nmo",
        object_id=row.id,
    )
    return row


CORRECTION = career_corrections.Kind(
    model=NmoActivity,
    form=review.ActivityForm,
    object_type="nmo",
    action="nmo.activity.resubmit",
    not_found=ACTIVITY_NOT_FOUND,
)


def rejected_activity(
    *, session: Session, user: User, activity_id: object, actor: Actor
) -> career_corrections.Correction:
    """«Исправить и отправить снова»: the doctor's own rejected activity for the form."""
    return career_corrections.correction(
        session=session, user=user, kind=CORRECTION, row_id=activity_id, actor=actor
    )


def resubmit_activity(
    *,
    session: Session,
    user: User,
    activity_id: object,
    form: dict,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> NmoActivity:
    """The corrected activity sent for checking again (a new certificate optional)."""
    now = now or utcnow()
    row = career_corrections.resubmit(
        session=session,
        user=user,
        kind=CORRECTION,
        row_id=activity_id,
        parse=lambda: _form(form, local_date(now)),
        document_ids=document_ids,
        actor=actor,
        now=now,
    )
    assert isinstance(row, NmoActivity)
    return row


class SettingsForm(BaseModel):
    """The accreditation date (starts the cycle) and the personal yearly goal."""

    accredited_on: date = Field(title="Дата аккредитации")
    yearly_goal: int = Field(ge=1, le=250, title="Цель на год")

    _date = field_validator("accredited_on", mode="before")(review.russian_date)

    @field_validator("yearly_goal", mode="before")
    @classmethod
    def _whole(cls, value: object) -> object:
        text = str(value if value is not None else "").strip()
        if not text.isdigit():
            raise ValueError("Укажите целое число баллов от 1 до 250")
        return int(text)


def settings_of(session: Session, user: User) -> NmoSettings | None:
    """The doctor's own settings, if set."""
    return session.get(NmoSettings, user.id)


def save_settings(
    *, session: Session, user: User, form: dict, actor: Actor, now: datetime | None = None
) -> NmoSettings:
    """Store the accreditation date and the yearly goal (InvalidForm on bad values)."""
    now = now or utcnow()
    require_doctor(session, user)
    values = form if isinstance(form, dict) else {}
    try:
        parsed = SettingsForm.model_validate(
            {k: str(values.get(k) or "")[:20] for k in ("accredited_on", "yearly_goal")}
        )
    except ValidationError as exc:
        raise InvalidForm(form_errors(exc)) from exc
    if parsed.accredited_on > local_date(now):
        raise Invalid("accredited_on", "Дата аккредитации не может быть в будущем")
    serialize(session, f"nmo-settings:{user.id}")  # two tabs saving first: one insert, one update
    row = settings_of(session, user) or NmoSettings(owner_id=user.id)
    row.accredited_on, row.yearly_goal, row.updated_at = (
        parsed.accredited_on,
        parsed.yearly_goal,
        now,
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="nmo.settings.save",
        object_type="nmo",
        object_id=user.id,
    )
    return row
