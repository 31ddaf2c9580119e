"""The citizen's benefits (льготы, SPEC §4): adding one, renewing one in a click, and the list.

Every function starts from the signed-in user and finds benefits only among the caller's own,
so someone else's benefit looks exactly like a missing one (``NotFound``, audited). Adding or
renewing creates the benefit (status "pending") and its verification request in one
transaction; ``benefits_review`` activates it on approval; ``benefits_expiry`` flags and
notifies expiring ones.

Renewal is submitted at once, not left as a draft: everything a renewal says (the benefit, the
basis, the next period) is known from the benefit being renewed, so a draft would only add a
second click and a request that can be forgotten. The registrar sees «продление» with the
previous request's number and may ask for a fresh document through the engine's «требует
уточнения»; the citizen can still withdraw it before the decision.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.requests import Request, RequestStatus
from gosapp.models.social_benefits import Benefit, BenefitStatus
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import NotAllowed, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.common.workdays import local_date
from gosapp.services.requests import workflow
from gosapp.services.social import benefits_expiry
from gosapp.services.social.benefits_review import TYPE_CODE, BenefitForm

NOT_FOUND = "Льгота не найдена"
OPEN = (RequestStatus.DRAFT, *workflow.OPEN_STATUSES)


def add_benefit(
    *,
    session: Session,
    user: User,
    form: dict,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> Benefit:
    """«Добавить льготу»: the benefit (на проверке) and its submitted verification request.

    Raises InvalidForm (fields), DomainError (documents), NotAllowed (account level).
    """
    data = {k: form.get(k, "") for k in ("kind", "basis", "valid_from", "valid_to")}
    return _create(session, user, data, list(document_ids), None, actor, now or utcnow())


def renew(
    *, session: Session, user: User, benefit_id: object, actor: Actor, now: datetime | None = None
) -> Benefit:
    """«Продлить» (one click): a new request prefilled from the benefit — same kind and basis,
    the next period of the same length — submitted at once. Only an active benefit with an end
    date that is expiring (60 days) or expired, and not already being renewed."""
    now = now or utcnow()
    old = own_benefit(session, user, benefit_id)
    _lock(session, old, now)  # a double click: the second waits, then sees the first renewal
    if not can_renew(session, old, local_date(now)):
        raise NotAllowed("Эту льготу сейчас нельзя продлить")
    assert old.valid_to is not None  # can_renew checked
    start = max(old.valid_to + timedelta(days=1), local_date(now))
    length = old.valid_to - old.valid_from
    data = {
        "kind": old.kind,
        "basis": old.basis,
        "valid_from": start.isoformat(),
        "valid_to": (start + length).isoformat(),
        "renewed_from": old.id,
    }
    return _create(session, user, data, [], old.id, actor, now)


def _lock(session: Session, row: Benefit, now: datetime) -> None:
    """Take the benefit's row lock (PostgreSQL; SQLite writers queue anyway) before checking
    for a renewal under way, so two concurrent «Продлить» create one renewal."""
    session.execute(
        update(Benefit)
        .where(col(Benefit.id) == row.id)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    )


def _create(session, user, data, document_ids, renewed_from, actor, now) -> Benefit:
    request = workflow.create(
        session=session,
        applicant=user,
        type_code=TYPE_CODE,
        data=data,
        actor=actor,
        document_ids=document_ids,
        now=now,
    )
    payload = BenefitForm.model_validate(json.loads(request.payload))
    row = Benefit(
        owner_id=user.id,
        kind=payload.kind,
        basis=payload.basis,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        request_id=request.id,
        renewed_from_id=renewed_from,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    action = "benefit.renew" if renewed_from else "benefit.add"
    record(session=session, actor=actor, action=action, object_type="benefit", object_id=row.id)
    return row


def own_benefit(session: Session, user: User, benefit_id: object) -> Benefit:
    """The caller's own benefit; a missing one and someone else's look alike (and are audited)."""
    number = parse_id(benefit_id, NOT_FOUND)
    row = session.get(Benefit, number)
    if row is None or row.owner_id != user.id:
        access_denied(
            session=session, actor=Actor(user.id), object_type="benefit", object_id=number
        )
        raise NotFound(NOT_FOUND)
    return row


def can_renew(session: Session, row: Benefit, today) -> bool:
    """Active, with an end date within 60 days (or past), and no renewal under way."""
    if row.status != BenefitStatus.ACTIVE or row.valid_to is None:
        return False
    if (row.valid_to - today).days > benefits_expiry.THRESHOLDS[0]:
        return False
    renewing = session.exec(
        select(Benefit.id)
        .join(Request, col(Request.id) == Benefit.request_id)
        .where(Benefit.renewed_from_id == row.id, col(Request.status).in_(OPEN))
    ).first()
    return renewing is None


def mine(session: Session, user: User) -> list[Benefit]:
    """The caller's benefits, newest first."""
    return list(
        session.exec(
            select(Benefit).where(Benefit.owner_id == user.id).order_by(col(Benefit.id).desc())
        )
    )


def active(session: Session, user_id: int, today) -> list[Benefit]:
    """The user's benefits in force today (for certificates and the recipient status)."""
    return [
        b
        for b in session.exec(
            select(Benefit)
            .where(Benefit.owner_id == user_id, Benefit.status == BenefitStatus.ACTIVE)
            .order_by(col(Benefit.valid_from))
        )
        if b.valid_from <= today and (b.valid_to is None or b.valid_to >= today)
    ]
