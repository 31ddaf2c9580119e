"""The doctor's side of lab shares: the live shares patients gave this doctor, and exactly the
results of one of them.

A doctor's look goes through ``access.patient_access`` (which also refuses a non-doctor and a
revoked or expired share, audited) and is logged with ``access.record_view`` for the patient's
«кто смотрел мои данные». The page of one share shows that share's results only, even to a
doctor who may see more of the patient through a visit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.labs import LabShare, LabShareItem, ShareKind
from gosapp.services.common.audit import Actor, access_denied
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.medical import lab_query
from gosapp.services.medical.access import Via, patient_access, record_view
from gosapp.services.medical.lab_query import Cursor, LabFilter
from gosapp.services.medical.sharing import (
    LIVE,
    SHARE_NOT_FOUND,
    ResultLine,
    result_line,
    status_of,
    until_label,
)
from gosapp.services.medical.sharing_doctors import is_doctor


@dataclass
class SharedWithMe:
    """A live share given to the doctor (display strings)."""

    id: str
    patient: str
    title: str
    until: str
    count: str


def doctor_shares(session: Session, doctor: User, limit: int = 100) -> list[SharedWithMe]:
    """The live shares given to this doctor, newest first; nothing for a non-doctor."""
    if not is_doctor(session, doctor.id):
        return []
    now = utcnow()
    counts = (
        select(LabShareItem.share_id, func.count().label("n"))
        .group_by(col(LabShareItem.share_id))
        .subquery()
    )
    rows = session.exec(
        select(LabShare, User, counts.c.n)
        .join(User, col(User.id) == LabShare.patient_id)
        .join(counts, counts.c.share_id == LabShare.id, isouter=True)
        .where(
            col(LabShare.doctor_id) == doctor.id,
            col(LabShare.kind) == ShareKind.DOCTOR,
            col(LabShare.revoked_at).is_(None),
            col(LabShare.expires_at) > now,
        )
        .order_by(col(LabShare.created_at).desc(), col(LabShare.id).desc())
        .limit(limit)
    ).all()
    return [
        SharedWithMe(str(s.id), full_name(p), s.title, until_label(s), str(n or 0))
        for s, p, n in rows
    ]


def shared_rows(
    session: Session,
    doctor: User,
    share_id: object,
    actor: Actor,
    *,
    after: Cursor | None = None,
    limit: int = 100,
) -> tuple[list[ResultLine], Cursor | None]:
    """One page of exactly the share's results, for the doctor it was given to (logged for the
    patient); NotFound (audited) for anyone else and for an expired or revoked share."""
    wanted = parse_id(share_id, SHARE_NOT_FOUND)
    share = session.get(LabShare, wanted)
    if share is None or share.doctor_id != doctor.id or share.kind != ShareKind.DOCTOR:
        access_denied(session=session, actor=actor, object_type="lab_share", object_id=wanted)
        raise NotFound(SHARE_NOT_FOUND)
    access = patient_access(session, doctor, share.patient_id, actor)
    if status_of(share, utcnow()) != LIVE:
        access_denied(session=session, actor=actor, object_type="lab_share", object_id=wanted)
        raise NotFound(SHARE_NOT_FOUND)
    # Whatever else the doctor may see of this patient, this page shows this share only.
    access = dataclasses.replace(access, via=Via.SHARE, share_ids=(share.id,))
    page = lab_query.search(session, access.scope, LabFilter(), after=after, limit=limit)
    if after is None:
        record_view(session, access, actor, "labs", f"share:{share.id}")
    return [result_line(r) for r in page.rows], page.next_cursor
