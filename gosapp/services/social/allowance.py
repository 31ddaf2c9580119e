"""Allowance applications (пособия, issue 17 item 4): a request type whose approval creates
the scheduled payments.

The form autosaves into a draft (``requests.drafts.save_draft``) checked only leniently
(``AllowanceDraft``); «Подать» checks it in full (``AllowancePayload``: dates, the BIK and the
account's control key, the child where the allowance is for one). Approval runs
``schedule_payments`` inside the engine's transaction, after its conditional UPDATE: of two
staff approving at once only one gets that far, so the schedule is written exactly once (and
``Payment``'s unique ``(request_id, period_from)`` would refuse a second one anyway).
"""

from __future__ import annotations

import json
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from sqlmodel import Session, select

from gosapp import routes
from gosapp.models.accounts import AccountLevel
from gosapp.models.requests import Request
from gosapp.models.social import Payment, PaymentStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid
from gosapp.services.common.money import rubles
from gosapp.services.common.validation import parse_date
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests.types import RequestType
from gosapp.services.social import bank

TYPE_CODE = "szn_allowance"
MAX_DAYS = 548  # 1.5 years: the longest period one application covers
DATE_FORMAT = "%d.%m.%Y"


@dataclass(frozen=True)
class Kind:
    """An allowance: its name, whether it is for a child, the monthly base (kopecks) and the
    income tax withheld (percent; child allowances are not taxed)."""

    code: str
    title: str
    for_child: bool
    monthly_base: int
    tax_percent: int = 0


KINDS = (
    Kind("child_care", "Пособие по уходу за ребёнком до 1,5 лет", True, 2_130_000),
    Kind("unified", "Единое пособие на детей", True, 1_725_000),
    Kind("sick_leave", "Пособие по временной нетрудоспособности", False, 4_650_000, 13),
    Kind("unemployment", "Пособие по безработице", False, 1_349_500, 0),
)
KIND_BY_CODE = {k.code: k for k in KINDS}
KIND_LABELS = {k.code: k.title for k in KINDS}
KindCode = Literal["child_care", "unified", "sick_leave", "unemployment"]


class AllowanceDraft(BaseModel):
    """What the autosave keeps: any text the citizen typed so far, nothing checked but length."""

    kind: str = Field(default="", max_length=40)
    period_from: str = Field(default="", max_length=20)
    period_to: str = Field(default="", max_length=20)
    bik: str = Field(default="", max_length=40)
    account: str = Field(default="", max_length=60)
    child_name: str = Field(default="", max_length=200)
    child_birth_date: str = Field(default="", max_length=20)


def _date(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return parse_date(value, info.field_name or "")
        except Invalid as exc:
            raise ValueError(exc.message) from None
    return value


class AllowancePayload(BaseModel):
    """The application as submitted: every field checked."""

    kind: KindCode = Field(title="Вид пособия", json_schema_extra={"choices": {**KIND_LABELS}})
    period_from: date = Field(title="Период с")
    period_to: date = Field(title="Период по")
    bik: str = Field(title="БИК банка")
    account: str = Field(title="Номер счёта")
    child_name: str = Field(default="", max_length=200, title="ФИО ребёнка", validate_default=True)
    child_birth_date: date | None = Field(
        default=None, title="Дата рождения ребёнка", validate_default=True
    )

    @field_validator("period_from", "period_to", "child_birth_date", mode="before")
    @classmethod
    def _dates(cls, value: object, info: ValidationInfo) -> object:
        return _date(value, info)

    @field_validator("bik", mode="before")
    @classmethod
    def _bik(cls, value: object) -> str:
        try:
            return bank.check_bik(value)
        except Invalid as exc:
            raise ValueError(exc.message) from None

    @field_validator("account", mode="before")
    @classmethod
    def _account(cls, value: object, info: ValidationInfo) -> str:
        bik = info.data.get("bik")
        try:
            if bik is None:  # the BIK itself is wrong: its own message says so
                return _bare(value)
            return bank.check_account(bik, value)
        except Invalid as exc:
            raise ValueError(exc.message) from None

    @field_validator("child_name", mode="after")
    @classmethod
    def _child(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip()
        kind = KIND_BY_CODE.get(str(info.data.get("kind", "")))
        if kind is not None and kind.for_child and not value:
            raise ValueError("Укажите ФИО ребёнка")
        return value

    @field_validator("period_to", mode="after")
    @classmethod
    def _period(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("period_from")
        if start is not None and value < start:
            raise ValueError("Дата окончания периода раньше даты начала")
        if start is not None and (value - start).days >= MAX_DAYS:
            raise ValueError("Период одного заявления — не больше полутора лет")
        return value

    @field_validator("child_birth_date", mode="after")
    @classmethod
    def _child_born(cls, value: date | None, info: ValidationInfo) -> date | None:
        kind = KIND_BY_CODE.get(str(info.data.get("kind", "")))
        if kind is not None and kind.for_child and value is None:
            raise ValueError("Укажите дату рождения ребёнка")
        return value


def _bare(value: object) -> str:
    account = bank.digits(value)
    if not bank.ACCOUNT_PATTERN.match(account):
        raise Invalid("account", "Номер счёта — 20 цифр")
    return account


# --- the schedule ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One month's part of the period: its dates and the calculation rows."""

    start: date
    end: date
    rows: list[dict[str, str | int]]
    amount: int
    pay_on: date


def month_pieces(start: date, end: date) -> list[tuple[date, date]]:
    """The period cut at month ends: [(1.03, 31.03), (1.04, 15.04)] for 1.03–15.04."""
    pieces: list[tuple[date, date]] = []
    current = start
    while current <= end:
        last = date(current.year, current.month, monthrange(current.year, current.month)[1])
        pieces.append((current, min(last, end)))
        current = last + timedelta(days=1)
    return pieces


def calculate(kind: Kind, start: date, end: date) -> tuple[int, list[dict[str, str | int]]]:
    """The amount (kopecks) for one month's piece and the rows that explain it: the base, the
    share of the month, the deduction (income tax where due)."""
    days_in_month = monthrange(start.year, start.month)[1]
    days = (end - start).days + 1
    gross = kind.monthly_base * days // days_in_month
    tax = gross * kind.tax_percent // 100
    rows: list[dict[str, str | int]] = [
        {"kind": "base", "label": "Базовый размер за месяц", "value": kind.monthly_base},
        {
            "kind": "coefficient",
            "label": f"Доля месяца: {days} из {days_in_month} дн.",
            "value": gross,
        },
        {"kind": "coefficient", "label": "Районный коэффициент 1,00", "value": gross},
    ]
    if tax:
        rows.append({"kind": "deduction", "label": f"НДФЛ {kind.tax_percent} %", "value": -tax})
    return gross - tax, rows


def schedule(kind: Kind, start: date, end: date) -> list[Piece]:
    """Every monthly payment of the period, each paid on the 15th of the next month."""
    pieces = []
    for piece_start, piece_end in month_pieces(start, end):
        amount, rows = calculate(kind, piece_start, piece_end)
        month_after = piece_end.year * 12 + piece_end.month  # 0-based index of the next month
        pay_on = date(month_after // 12, month_after % 12 + 1, 15)
        pieces.append(Piece(piece_start, piece_end, rows, amount, pay_on))
    return pieces


def schedule_payments(
    session: Session, request: Request, payload: AllowancePayload, actor: Actor, now: datetime
) -> str:
    """The approval hook: write the scheduled payments (in the engine's transaction)."""
    kind = KIND_BY_CODE[payload.kind]
    pieces = schedule(kind, payload.period_from, payload.period_to)
    for piece in pieces:
        session.add(
            Payment(
                user_id=request.applicant_id,
                kind=kind.code,
                period_from=piece.start,
                period_to=piece.end,
                amount=piece.amount,
                status=PaymentStatus.ASSIGNED,
                pay_on=piece.pay_on,
                calculation=json.dumps(piece.rows, ensure_ascii=False),
                request_id=request.id,
                created_at=now,
            )
        )
    session.flush()
    first = pieces[0].pay_on.strftime(DATE_FORMAT)
    return f"Назначено выплат: {len(pieces)}, первая — {first}"


def schedule_rows(session: Session, request: Request) -> list[dict[str, str]]:
    """For the staff page: the payments approval creates (or created), so the decision is
    taken knowing the sums; an incomplete payload shows nothing."""
    made = session.exec(select(Payment).where(Payment.request_id == request.id)).all()
    if made:
        total = sum(p.amount for p in made)
        return [{"label": "Назначено выплат", "value": f"{len(made)} на {rubles(total)}"}]
    try:
        payload = TYPES[0].parse(json.loads(request.payload))
    except InvalidForm:
        return []
    pieces = schedule(KIND_BY_CODE[payload.kind], payload.period_from, payload.period_to)
    total = sum(p.amount for p in pieces)
    first = pieces[0].pay_on.strftime(DATE_FORMAT)
    value = f"{len(pieces)} ежемесячно на {rubles(total)}, первая — {first}"
    return [{"label": "План выплат после одобрения", "value": value}]


def _summary(payload: BaseModel) -> str:
    title = KIND_LABELS.get(str(getattr(payload, "kind", "")), "Пособие")
    return title


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Заявление на пособие",
        cabinet="szn",
        payload=AllowancePayload,
        draft_payload=AllowanceDraft,
        deadline_days=10,
        max_documents=10,
        on_approve=schedule_payments,
        summary=_summary,
        page=routes.SZN_APPLICATIONS,
        detail_rows=schedule_rows,
        level=AccountLevel.CONFIRMED,
        short="Заявление на пособие",
        status_phrases={"approved": "пособие назначено"},
    ),
)
