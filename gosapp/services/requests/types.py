"""Request types: what each kind of submission carries and what its approval does.

A feature declares its types (certificates, support, passport change, …) and lists them in
``gosapp/services/requests/catalog.py``, the one place the engine looks them up. A type also
describes itself to the screens: its payload fields carry ``Field(title=…)`` and
``json_schema_extra={"choices": {...}}`` (or ``{"hidden": True}``), and the optional hooks
below add rows, links and wording, so the back office and the applicant's cards never name a
feature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from gosapp import routes
from gosapp.models.accounts import AccountLevel, Role
from gosapp.services.common import workdays
from gosapp.services.identity.accounts import InvalidForm

if TYPE_CHECKING:
    from sqlmodel import Session

    from gosapp.models.requests import Request
    from gosapp.services.common.audit import Actor

P = TypeVar("P", bound=BaseModel)

# (session, request, payload, actor, now) -> a line for the timeline, e.g. the certificate number
Outcome = Callable[["Session", "Request", P, "Actor", datetime], str]


@dataclass(frozen=True)
class CardLink:
    """A link a type adds to the applicant's card, e.g. the issued PDF. ``name`` makes the
    element id (``<name>-<request id>``). A dataclass, not a tuple: the page reads it by name."""

    name: str
    label: str
    href: str


class ActionWording(NamedTuple):
    """How one staff action reads for a type: the button, the dialog's question, the toast."""

    button: str
    title: str = ""
    done: str = ""


# (session, request) -> label/value rows the staff page shows after the payload
DetailRows = Callable[["Session", "Request"], list[dict[str, str]]]
# (session, request) -> links on the applicant's card
CardExtras = Callable[["Session", "Request"], list[CardLink]]


@dataclass(frozen=True)
class RequestType(Generic[P]):
    """One kind of request, generic in its payload model ``P``.

    ``deadline_days`` counts working days from submission (a callable may pick them from the
    payload, e.g. support questions vs complex cases). ``min_documents`` and ``max_documents``
    bound the attachments at submission. ``page`` is where the applicant follows the request
    (notifications link there with ``?open=<number>``). ``detail_rows`` and ``card_extras``
    add what the payload alone does not say; ``wording`` renames staff actions for this type
    (unnamed actions keep the back office's words). ``level`` is the account level the
    applicant needs (SPEC §1): ``workflow`` refuses to create or submit one below it.
    ``deadline_word`` is what the deadline promises («решение», «ответ»); ``short`` and
    ``status_phrases`` word notifications («Справка 086/у ОБР-2026-000048: готова», see
    ``requests.notices``).
    """

    code: str
    title: str
    cabinet: str  # patient, frmr, szn, account
    payload: type[P]
    deadline_days: int | Callable[[P], int]
    staff_roles: tuple[Role, ...] = (Role.REGISTRAR, Role.ADMIN)
    min_documents: int = 0
    max_documents: int = 10
    on_approve: Outcome[P] | None = None
    summary: Callable[[P], str] = field(default=lambda payload: "")
    page: str = routes.HISTORY
    detail_rows: DetailRows | None = None
    card_extras: CardExtras | None = None
    wording: Mapping[str, ActionWording] = field(default_factory=dict)
    level: AccountLevel = AccountLevel.BASIC
    deadline_word: str = "решение"  # what the deadline is for: «решение до …», «ответ до …»
    short: str = ""  # the name notifications use («Справка 086/у»); the title when empty
    status_phrases: Mapping[str, str] = field(default_factory=dict)  # status → «готова»
    # a rejected request may be fixed and submitted again, the same request («resubmit»)
    resubmittable: bool = False
    # a deadline in hours instead of working days (SPEC §4: a benefit is verified «в течение
    # 24 часов»); the due date is the portal-local date of submission + hours
    deadline_hours: int | None = None
    # A lenient model a draft's payload is checked with while the applicant is still typing
    # (``drafts.save_draft``); submitting checks ``payload`` in full. None: drafts are strict.
    draft_payload: type[BaseModel] | None = None

    def parse(self, data: dict) -> P:
        """The typed payload, or InvalidForm with a Russian message per field."""
        try:
            return self.payload.model_validate(data)
        except ValidationError as exc:
            raise InvalidForm(form_errors(exc)) from exc

    def parse_draft(self, data: dict) -> BaseModel:
        """A draft's payload: the lenient ``draft_payload`` when the type has one."""
        if self.draft_payload is None:
            return self.parse(data)
        try:
            return self.draft_payload.model_validate(data)
        except ValidationError as exc:
            raise InvalidForm(form_errors(exc)) from exc

    @property
    def short_name(self) -> str:
        """The name notifications use: ``short``, or the title."""
        return self.short or self.title

    def due_on(self, payload: P, submitted_at: datetime) -> date:
        """The decision date of a request submitted at ``submitted_at``: ``deadline_hours``
        later (counted in calendar hours) or ``days_for`` working days later."""
        if self.deadline_hours is not None:
            return workdays.local_date(submitted_at + timedelta(hours=self.deadline_hours))
        return workdays.add_working_days(workdays.local_date(submitted_at), self.days_for(payload))

    def days_for(self, payload: P) -> int:
        """Working days allowed for the decision."""
        days = self.deadline_days
        return days(payload) if callable(days) else days


_MESSAGES = {
    "missing": "Заполните поле",
    "string_too_short": "Заполните поле",
    "string_too_long": "Слишком длинный текст",
    "enum": "Выберите значение из списка",
    "literal_error": "Выберите значение из списка",
    "date_parsing": "Укажите дату в формате ДД.ММ.ГГГГ",
    "date_from_datetime_parsing": "Укажите дату в формате ДД.ММ.ГГГГ",
    "date_type": "Укажите дату",
}


def form_errors(exc: ValidationError) -> dict[str, str]:
    """Pydantic errors as {field: Russian message}; a validator's own ValueError text is kept
    (payload validators raise Russian messages)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        if error["type"] == "value_error":
            message = str(error.get("ctx", {}).get("error", ""))
        else:
            message = _MESSAGES.get(error["type"], "Проверьте значение")
        errors.setdefault(name, message)
    return errors
