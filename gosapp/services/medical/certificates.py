"""Certificates (справки, SPEC §2.4): request types whose approval issues a PDF certificate
with a registration number and a QR code of its public verification page.

The verification page (``/verify/<slug>``) confirms a certificate by number and checksum and
shows no health data: type, dates, issuer and the holder's initials only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator
from sqlmodel import Session, select

from gosapp import routes
from gosapp.models.accounts import AccountLevel, User
from gosapp.models.requests import Certificate, Request
from gosapp.services.common import pdf, workdays
from gosapp.services.common.audit import Actor
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.documents import storage
from gosapp.services.requests import numbering
from gosapp.services.requests.types import CardLink, RequestType
from gosapp.settings import get_settings

ISSUER = "ГБУЗ «Городская поликлиника № 1»"
DELIVERY = {"electronic": "Электронно (PDF в личном кабинете)", "pickup": "В пункте выдачи"}
DATE_FORMAT = "%d.%m.%Y"
SLUG = re.compile(r"^(\d{4})-(\d{6})-([A-Z2-7]{8})$")


class CertificatePayload(BaseModel):
    """The certificate form: purpose, period, delivery."""

    purpose: str = Field(min_length=1, max_length=300, title="Цель")
    period_from: date | None = Field(default=None, title="Период с")
    period_to: date | None = Field(default=None, title="Период по")
    delivery: Literal["electronic", "pickup"] = Field(
        default="electronic", title="Способ получения", json_schema_extra={"choices": {**DELIVERY}}
    )

    @field_validator("purpose", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("period_from", "period_to", mode="before")
    @classmethod
    def _russian_date(cls, value: object, info: ValidationInfo) -> object:
        """ДД.ММ.ГГГГ (or ISO) read by the portal's one date parser; empty means no date."""
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return parse_date(value, info.field_name or "")
            except Invalid as exc:
                raise ValueError(exc.message) from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> CertificatePayload:
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValueError("Дата окончания периода раньше даты начала")
        return self


class SickLeavePayload(CertificatePayload):
    """A certificate of temporary incapacity needs the period."""

    @model_validator(mode="after")
    def _period_required(self) -> SickLeavePayload:
        if not (self.period_from and self.period_to):
            raise ValueError("Укажите период нетрудоспособности")
        return self


class CertificateDraft(BaseModel):
    """What «Сохранить черновик» keeps: the fields as typed, nothing checked but length (the
    full check is at «Подать»)."""

    purpose: str = Field(default="", max_length=300)
    period_from: str = Field(default="", max_length=20)
    period_to: str = Field(default="", max_length=20)
    delivery: Literal["electronic", "pickup"] = "electronic"

    def form_values(self) -> dict[str, str]:
        """The fields as the form shows them (a date kept as ISO shown as ДД.ММ.ГГГГ)."""
        return {**self.model_dump(), **{k: _shown(getattr(self, k)) for k in PERIOD}}


PERIOD = ("period_from", "period_to")


def _shown(typed: str) -> str:
    try:
        return date.fromisoformat(typed).strftime("%d.%m.%Y")
    except ValueError:
        return typed


@dataclass(frozen=True)
class Kind:
    """A certificate type: title, the text it certifies, how long it is valid, and the short
    name notifications use («Справка 086/у»)."""

    code: str
    title: str
    statement: str
    valid_days: int | None
    short: str


KINDS = (
    Kind(
        "cert_health",
        "Справка о состоянии здоровья (форма 086/у)",
        "Медицинских противопоказаний к учёбе и работе не выявлено.",
        365,
        "Справка 086/у",
    ),
    Kind(
        "cert_vaccination",
        "Справка о прививках",
        "Профилактические прививки проведены согласно национальному календарю.",
        None,
        "Справка о прививках",
    ),
    Kind(
        "cert_pool",
        "Справка для бассейна",
        "Может посещать плавательный бассейн. Противопоказаний не выявлено.",
        90,
        "Справка для бассейна",
    ),
    Kind(
        "cert_sick_leave",
        "Справка о временной нетрудоспособности",
        "Был(а) временно нетрудоспособен(на) в указанный период.",
        None,
        "Справка о нетрудоспособности",
    ),
)


def _issue(kind: Kind):
    def approve(session: Session, request: Request, payload: CertificatePayload, actor: Actor,
                now: datetime) -> str:  # fmt: skip
        certificate = issue(session=session, request=request, kind=kind, payload=payload, now=now)
        return f"Выдана справка № {certificate.number}"

    return approve


def certificate_links(session: Session, request: Request) -> list[CardLink]:
    """The issued PDF and its public verification page, for the applicant's card."""
    issued = certificate_for(session, request.id)
    if issued is None:
        return []
    return [
        CardLink(
            "certificate-download", "Скачать справку (PDF)", routes.document(issued.document_id)
        ),
        CardLink(
            "certificate-verify-link",
            "Проверка подлинности",
            routes.verify(verification_slug(issued.number)),
        ),
    ]


TYPES = tuple(
    RequestType(
        code=kind.code,
        title=kind.title,
        cabinet="patient",
        payload=SickLeavePayload if kind.code == "cert_sick_leave" else CertificatePayload,
        deadline_days=3,
        max_documents=10,
        on_approve=_issue(kind),
        summary=lambda p: p.purpose,
        draft_payload=CertificateDraft,
        page=routes.CERTIFICATES,
        card_extras=certificate_links,
        level=AccountLevel.STANDARD,  # SPEC §1: certificates need SNILS and a passport
        short=kind.short,
        status_phrases={"approved": "готова"},
    )
    for kind in KINDS
)


def kind_of(code: str) -> Kind:
    """The certificate kind with ``code`` (a KeyError is a programming error)."""
    return next(k for k in KINDS if k.code == code)


def issue(
    *,
    session: Session,
    request: Request,
    kind: Kind,
    payload: CertificatePayload,
    now: datetime,
    issuer: str = ISSUER,
    body_lines: list[str] | None = None,
) -> Certificate:
    """Number, render and store the certificate PDF for ``request`` (in the caller's
    transaction: if anything fails, nothing is issued). Another cabinet's certificates (СЗН)
    pass their ``issuer`` and the ``body_lines`` their data gives."""
    holder = session.get_one(User, request.applicant_id)
    number = numbering.next_number(session, "СПР", now)
    issued_on = workdays.local_date(now)
    valid_until = issued_on + timedelta(days=kind.valid_days) if kind.valid_days else None
    slug = verification_slug(number)
    data = pdf.certificate_pdf(
        number=number,
        title=kind.title,
        issuer=issuer,
        holder=full_name(holder),
        birth_date=holder.birth_date.strftime(DATE_FORMAT) if holder.birth_date else "",
        issued_on=issued_on.strftime(DATE_FORMAT),
        body_lines=body_lines if body_lines is not None else _body(kind, payload),
        verify_url=get_settings().public_url + routes.verify(slug),
        valid_until=valid_until.strftime(DATE_FORMAT) if valid_until else None,
    )
    document = storage.store_issued(
        session=session,
        owner_id=holder.id,
        request_id=request.id,
        filename=f"Справка {number}.pdf",
        data=data,
        now=now,
    )
    certificate = Certificate(
        number=number,
        checksum=slug.rsplit("-", 1)[1],
        request_id=request.id,
        document_id=document.id,
        title=kind.title,
        holder=initials(holder),
        issuer=issuer,
        issued_at=now,
        valid_until=valid_until,
    )
    session.add(certificate)
    session.flush()
    return certificate


def _body(kind: Kind, payload: CertificatePayload) -> list[str]:
    lines = [kind.statement, f"Цель: {payload.purpose}."]
    if payload.period_from and payload.period_to:
        lines.append(
            f"Период: с {payload.period_from.strftime(DATE_FORMAT)} "
            f"по {payload.period_to.strftime(DATE_FORMAT)}."
        )
    return lines


def initials(user: User) -> str:
    """«Иванов И. П.»: enough to match a paper certificate, nothing more."""
    letters = " ".join(f"{p[0]}." for p in (user.first_name, user.patronymic) if p)
    return f"{user.last_name} {letters}".strip()


# --- verification ---------------------------------------------------------------------------------


def verification_slug(number: str) -> str:
    """``2026-000045-K7Q4M2AB``: the number's digits plus a keyed checksum, so numbers cannot be
    enumerated on the public page."""
    _, year, seq = number.split("-")
    return f"{year}-{seq}-{_checksum(number)}"


def _checksum(number: str) -> str:
    mac = hmac.new(get_settings().secret().encode(), number.encode(), hashlib.sha256).digest()
    return base64.b32encode(mac)[:8].decode()


@dataclass(frozen=True)
class Verified:
    """What the public page may say about a genuine certificate."""

    number: str
    title: str
    holder: str
    issuer: str
    issued_on: str
    valid_until: str
    expired: bool


def verify(*, session: Session, slug: str, today: date | None = None) -> Verified | None:
    """The certificate behind ``slug``, or None when the number or checksum does not match."""
    match = SLUG.match((slug or "").strip().upper())
    if match is None:
        return None
    year, seq, checksum = match.groups()
    number = f"СПР-{year}-{seq}"
    if not hmac.compare_digest(checksum, _checksum(number)):
        return None
    row = session.exec(select(Certificate).where(Certificate.number == number)).first()
    if row is None:
        return None
    today = today or workdays.local_date(datetime.now().astimezone())
    return Verified(
        number=row.number,
        title=row.title,
        holder=row.holder,
        issuer=row.issuer,
        issued_on=workdays.local_date(row.issued_at).strftime(DATE_FORMAT),
        valid_until=row.valid_until.strftime(DATE_FORMAT) if row.valid_until else "бессрочно",
        expired=bool(row.valid_until and row.valid_until < today),
    )


def certificate_for(session: Session, request_id: int) -> Certificate | None:
    """The certificate issued for a request, if any."""
    return session.exec(select(Certificate).where(Certificate.request_id == request_id)).first()
