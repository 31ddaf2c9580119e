"""The attestation page's data: the doctor's category and its validity, the requirement check
for each category they may apply for (the current one to confirm, when its time has come, and
the higher ones), their approved portfolio documents to choose from and their own applications
with statuses (undecided ones may be withdrawn) — plain display values.

Every query starts from the signed-in doctor (``own_profile``, ``applicant_id == user.id``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import attestation_rules as rules
from gosapp.services.frmr.attestation import approved_records, open_application, standing
from gosapp.services.frmr.attestation_review import TYPE_CODE, target_label
from gosapp.services.frmr.portfolio_review import TYPE_LABELS, decisions
from gosapp.services.requests import workflow

HISTORY_LIMIT = 50


@dataclass
class DocumentChoice:
    """An approved portfolio document the doctor may attach."""

    id: str
    label: str


@dataclass
class HistoryRow:
    """One of the doctor's applications."""

    id: str
    number: str
    target: str
    submitted: str
    status: str
    status_label: str
    reason: str
    can_withdraw: bool = False  # undecided: «Отозвать заявление»
    can_submit: bool = False  # never a draft here (the withdraw control asks)


@dataclass
class AttestationPage:
    """Everything the page shows. ``checks`` maps each category the doctor may apply for to
    its requirement lines; ``open_number`` is the application under review, if any;
    ``reconfirm_note`` says from when the current category may be confirmed, while it may not."""

    category: str = ""
    valid_until: str = ""
    expired: bool = False
    reconfirm_note: str = ""
    open_number: str = ""
    targets: list[dict[str, str]] = field(default_factory=list)
    checks: dict[str, list[rules.Requirement]] = field(default_factory=dict)
    documents: list[DocumentChoice] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)


def attestation_page(*, session: Session, user: User, today: date) -> AttestationPage:
    """The signed-in doctor's own attestation page for ``today``."""
    mine = standing(session, user, today)
    result = AttestationPage(category=rules.LABELS[mine.current].capitalize())
    if mine.valid_until is not None and mine.current != "none":
        result.valid_until = f"{mine.valid_until:%d.%m.%Y}"
        result.expired = mine.valid_until < today
    result.reconfirm_note = rules.reconfirm_note(mine.current, mine.valid_until, today)
    current = open_application(session, user)
    result.open_number = current.number if current is not None else ""
    for target in mine.targets():
        result.targets.append({"value": target, "label": target_label(target, mine.current)})
        result.checks[target] = mine.check(target)
    result.documents = [
        DocumentChoice(
            id=str(r.id),
            label=f"{TYPE_LABELS.get(r.doc_type, 'Документ')} № {r.number} "
            f"от {r.issued_on:%d.%m.%Y}",
        )
        for r in approved_records(session, user)
    ]
    result.history = history(session, user)
    return result


def history(session: Session, user: User) -> list[HistoryRow]:
    """The doctor's own applications, newest first."""
    found = session.exec(
        select(Request)
        .where(Request.applicant_id == user.id, Request.type_code == TYPE_CODE)
        .order_by(col(Request.id).desc())
        .limit(HISTORY_LIMIT)
    ).all()
    reasons = decisions(session, [r.id for r in found])
    rows = []
    for r in found:
        payload = workflow.payload_of(r)
        status = RequestStatus(r.status)
        rows.append(
            HistoryRow(
                id=str(r.id),
                number=r.number,
                target=target_label(str(payload.get("target")), str(payload.get("current"))),
                submitted=f"{local_date(r.submitted_at):%d.%m.%Y}" if r.submitted_at else "",
                status=status.value,
                status_label=workflow.STATUS_LABELS[status],
                reason=reasons[r.id].reason,
                can_withdraw=status in workflow.TRANSITIONS["withdraw"].sources,
            )
        )
    return rows
