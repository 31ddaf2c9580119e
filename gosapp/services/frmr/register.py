"""Joining the medical-worker register (ФРМР, SPEC §3): the application is a request type.

A citizen with a confirmed account applies with specialty, position, employer (INN and OGRN
checked by ``python-stdnum``), category, licence number and the diploma and accreditation
scans. One application at a time: a draft or a rejected one is edited and sent again — the same
request, its timeline keeping every version (``requests.revisions``). Approval grants the
``doctor`` role and creates the professional profile in the engine's approval hook, inside the
conditional update's transaction: of two registrars approving at once one wins, so the profile
is made exactly once (and ``user_id`` is unique besides).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, select
from stdnum.exceptions import ValidationError as NumberError
from stdnum.ru import inn, ogrn

from gosapp import routes
from gosapp.db import serialize
from gosapp.models.accounts import AccountLevel, Role, User, utcnow
from gosapp.models.frmr import MedicalWorkerProfile, QualificationCategory
from gosapp.models.registry import Specialty
from gosapp.models.requests import Document, Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import category_validity
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.identity.roles import grant_role, roles_of
from gosapp.services.requests import catalog, revisions, workflow
from gosapp.services.requests.types import ActionWording, RequestType

TYPE_CODE = "frmr_register"
S = RequestStatus
CATEGORIES = {
    QualificationCategory.NONE.value: "Без категории",
    QualificationCategory.SECOND.value: "Вторая",
    QualificationCategory.FIRST.value: "Первая",
    QualificationCategory.HIGHEST.value: "Высшая",
}
TEXT_FIELDS = (
    "specialty",
    "sub_specialties",
    "position",
    "employer_name",
    "employer_inn",
    "employer_ogrn",
    "category",
    "licence_number",
    "category_valid_until",
)
EDITABLE = (S.DRAFT, S.REJECTED)
ALREADY_DOCTOR = "Вы уже включены в регистр медицинских работников"
UNDER_REVIEW = "Заявление уже на рассмотрении — дождитесь решения"


def _digits(value: object) -> object:
    return "".join(ch for ch in value if not ch.isspace()) if isinstance(value, str) else value


class RegisterPayload(BaseModel):
    """The application form as staff read it; scans are listed by ``detail_rows``."""

    specialty: str = Field(
        max_length=40, title="Код специальности", json_schema_extra={"hidden": True}
    )
    specialty_name: str = Field(default="", max_length=120, title="Специальность")
    sub_specialties: str = Field(default="", max_length=300, title="Дополнительные специальности")
    position: str = Field(min_length=1, max_length=120, title="Должность")
    employer_name: str = Field(min_length=1, max_length=200, title="Место работы")
    employer_inn: str = Field(min_length=1, max_length=12, title="ИНН организации")
    employer_ogrn: str = Field(min_length=1, max_length=15, title="ОГРН организации")
    category: Literal["none", "second", "first", "highest"] = Field(
        default="none",
        title="Квалификационная категория",
        json_schema_extra={"choices": {**CATEGORIES}},
    )
    # None: «без категории», or an application sent before the field existed
    category_valid_until: date | None = Field(default=None, title="Категория действует до")
    licence_number: str = Field(min_length=1, max_length=40, title="Номер лицензии")
    diploma_documents: list[int] = Field(default_factory=list, json_schema_extra={"hidden": True})
    accreditation_documents: list[int] = Field(
        default_factory=list, json_schema_extra={"hidden": True}
    )

    @field_validator(
        "specialty", "sub_specialties", "position", "employer_name", "licence_number", mode="before"
    )
    @classmethod
    def _stripped(cls, value: object) -> object:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("specialty")
    @classmethod
    def _chosen(cls, value: str) -> str:
        if not value:
            raise ValueError("Выберите специальность")
        return value

    @field_validator("employer_inn", mode="before")
    @classmethod
    def _inn(cls, value: object) -> object:
        value = _digits(value)
        if value and not _valid(inn, str(value)):
            raise ValueError("ИНН не прошёл проверку: 10 цифр для организации, 12 — для ИП")
        return value

    @field_validator("employer_ogrn", mode="before")
    @classmethod
    def _ogrn(cls, value: object) -> object:
        value = _digits(value)
        if value and not _valid(ogrn, str(value)):
            raise ValueError("ОГРН не прошёл проверку: 13 цифр (ОГРНИП — 15)")
        return value

    @field_validator("diploma_documents")
    @classmethod
    def _diploma(cls, value: list[int]) -> list[int]:
        if not value:
            raise ValueError("Приложите скан диплома")
        return value

    @field_validator("accreditation_documents")
    @classmethod
    def _accreditation(cls, value: list[int]) -> list[int]:
        if not value:
            raise ValueError("Приложите скан сертификата или свидетельства об аккредитации")
        return value


def _valid(module, number: str) -> bool:
    try:
        module.validate(number)
    except NumberError:
        return False
    return True


def _approve(
    session: Session, request: Request, payload: RegisterPayload, actor: Actor, now: datetime
) -> str:
    """The approval hook: the ``doctor`` role and the professional profile (created, or
    brought up to date when the worker had one)."""
    grant_role(session=session, user_id=request.applicant_id, role=Role.DOCTOR)
    specialty = session.exec(select(Specialty).where(Specialty.code == payload.specialty)).one()
    values = {
        "specialty_id": specialty.id,
        "sub_specialties": payload.sub_specialties,
        "category": QualificationCategory(payload.category),
        "category_valid_until": (
            payload.category_valid_until if payload.category != "none" else None
        ),
        "category_reminded_for": None,  # a new validity end is reminded afresh
        "position": payload.position,
        "employer_name": payload.employer_name,
        "employer_inn": payload.employer_inn,
        "employer_ogrn": payload.employer_ogrn,
        "licence_number": payload.licence_number,
        "updated_at": now,
    }
    profile = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == request.applicant_id)
    ).first()
    if profile is None:
        profile = MedicalWorkerProfile(user_id=request.applicant_id, created_at=now, **values)
    else:
        profile.sqlmodel_update(values)
    session.add(profile)
    session.flush()
    return "Заявитель включён в регистр медицинских работников, выдана роль «Врач»"


def scan_rows(session: Session, request: Request) -> list[dict[str, str]]:
    """Which attached file is the diploma and which the accreditation (for staff)."""
    payload = workflow.payload_of(request)
    names = dict(
        session.exec(
            select(Document.id, Document.original_name).where(Document.request_id == request.id)
        ).all()
    )
    rows = []
    for key, label in (
        ("diploma_documents", "Скан диплома"),
        ("accreditation_documents", "Аккредитация / сертификат"),
    ):
        files = [names[i] for i in payload.get(key, []) if i in names]
        rows.append({"label": label, "value": ", ".join(files) or "—"})
    return rows


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Включение в регистр медицинских работников",
        cabinet="frmr",
        payload=RegisterPayload,
        deadline_days=10,
        max_documents=20,
        on_approve=_approve,
        summary=lambda p: f"{p.specialty_name}, {p.employer_name}",
        page=routes.FRMR_APPLY,
        detail_rows=scan_rows,
        wording={
            "approve": ActionWording(
                "Включить в регистр", "Включить заявителя в регистр?", "Заявитель включён в регистр"
            )
        },
        level=AccountLevel.CONFIRMED,  # SPEC §3: a confirmed account applies
        short="Заявление в регистр медработников",
        status_phrases={"approved": "вы включены в регистр"},
        resubmittable=True,
    ),
)


# --- the applicant's side ---------------------------------------------------------------------


def is_registered(session: Session, user_id: int) -> bool:
    """Whether the user is a doctor with a professional profile."""
    has_profile = session.exec(
        select(MedicalWorkerProfile.id).where(MedicalWorkerProfile.user_id == user_id)
    ).first()
    return has_profile is not None and Role.DOCTOR in roles_of(session, user_id)


def current_application(session: Session, user: User) -> Request | None:
    """The user's latest application that is not withdrawn or closed."""
    return session.exec(
        select(Request)
        .where(
            Request.applicant_id == user.id,
            Request.type_code == TYPE_CODE,
            col(Request.status).not_in([S.WITHDRAWN, S.COMPLETED]),
        )
        .order_by(col(Request.id).desc())
    ).first()


def specialty_choices(session: Session) -> list[dict[str, str]]:
    """Every specialty as ``{code, name}``, alphabetically."""
    rows = session.exec(select(Specialty.code, Specialty.name).order_by(col(Specialty.name)))
    return [{"code": code, "name": name} for code, name in rows]


def apply(
    *,
    session: Session,
    user: User,
    data: dict,
    diploma_ids: list[int],
    accreditation_ids: list[int],
    actor: Actor,
    submit: bool,
    now: datetime | None = None,
) -> Request:
    """Save the application (``submit``: and send it). A new one is created; a draft or a
    rejected one is corrected in place (a rejected one is always sent again). Raises
    InvalidForm with a message per field, NotAllowed when the user is already registered or
    an application is under review."""
    if is_registered(session, user.id):
        raise NotAllowed(ALREADY_DOCTOR)
    serialize(session, f"frmr-apply:{user.id}")  # two tabs sending at once: one application
    current = current_application(session, user)
    if current is not None and current.status not in EDITABLE:
        raise NotAllowed(UNDER_REVIEW)
    old = workflow.payload_of(current) if current is not None else {}
    today = local_date(now or utcnow())
    form = _form(session, data, old, (diploma_ids, accreditation_ids), today)
    new_ids = [*diploma_ids, *accreditation_ids]
    if current is None:
        return workflow.create(
            session=session,
            applicant=user,
            type_code=TYPE_CODE,
            data=form,
            actor=actor,
            document_ids=new_ids,
            submit=submit,
            now=now,
        )
    request = revisions.revise(
        session=session,
        request_id=current.id,
        user=user,
        data=form,
        actor=actor,
        seen_status=current.status,
        document_ids=new_ids,
        now=now,
    )
    if submit and request.status == S.DRAFT:
        request = workflow.submit_draft(
            session=session, request_id=request.id, user=user, actor=actor, now=now
        )
    return request


def _form(session, data: dict, old: dict, scans: tuple[list[int], list[int]], today) -> dict:
    """The payload to validate: the typed fields, the specialty's name, the scans kept from
    before plus the new ones; an unknown specialty and a wrong category validity end join
    the other field errors."""
    diploma_ids, accreditation_ids = scans
    form: dict[str, object] = {key: str(data.get(key, "") or "") for key in TEXT_FIELDS}
    form["category"] = form["category"] or "none"
    until, until_error = category_validity.check(
        str(form["category_valid_until"]), str(form["category"]), today
    )
    form["category_valid_until"] = until.isoformat() if until else None
    name = session.exec(select(Specialty.name).where(Specialty.code == form["specialty"])).first()
    form["specialty_name"] = name or ""
    form["diploma_documents"] = [*old.get("diploma_documents", []), *diploma_ids]
    form["accreditation_documents"] = [*old.get("accreditation_documents", []), *accreditation_ids]
    errors: dict[str, str] = {}
    try:
        catalog.get(TYPE_CODE).parse(form)
    except InvalidForm as exc:
        errors = dict(exc.errors)
    if form["specialty"] and name is None:
        errors["specialty"] = "Выберите специальность из списка"
    if until_error:
        errors[category_validity.FIELD] = until_error
    if errors:
        raise InvalidForm(errors)
    return form
