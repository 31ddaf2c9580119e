"""«Кто смотрел мои данные» (SPEC §2.2): the patient's list of every look at their medical data
by someone else (``DataAccess``, written by ``access.record_view`` and ``share_links``).

Newest first, in keyset pages of ``PAGE_SIZE`` over ``(at, id)`` (the index
``ix_dataaccess_patient_at`` leads with the patient): «Показать ещё» asks for the rows after the
last one shown. Only the patient's own rows are ever read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User
from gosapp.models.labs import DataAccess, LabShare
from gosapp.services.common.display import display_time, full_name

PAGE_SIZE = 100
WHAT = {
    "labs": "Результаты анализов",
    "lab_result": "Результат анализа",
    "lab_trend": "Динамика показателя",
    "record": "Медицинская карта",
    "export": "Выгрузка результатов",
}
ROLES = {Role.DOCTOR.value: "Врач", "по ссылке": "По ссылке"}

LogCursor = tuple[datetime, int]


@dataclass
class AccessLine:
    """One look, as the patient's list shows it (display strings)."""

    id: str
    at: str
    who: str
    role: str
    what: str
    through: str  # the share's title, or «приём у врача» when the look came with a visit


def what_label(what: str) -> str:
    """What was looked at, in Russian (``export:csv`` reads «Выгрузка результатов (CSV)»)."""
    head, _, kind = what.partition(":")
    label = WHAT.get(head, head)
    return f"{label} ({kind.upper()})" if kind else label


def my_log(
    session: Session, patient: User, *, after: LogCursor | None = None, limit: int = PAGE_SIZE
) -> tuple[list[AccessLine], LogCursor | None]:
    """One page of the looks at ``patient``'s data, newest first, and the next page's cursor."""
    query = (
        select(DataAccess, User, LabShare)
        .join(User, col(User.id) == DataAccess.viewer_id, isouter=True)
        .join(LabShare, col(LabShare.id) == DataAccess.share_id, isouter=True)
        .where(col(DataAccess.patient_id) == patient.id)
    )
    if after is not None:
        at, last_id = after
        query = query.where(
            col(DataAccess.at) <= at,
            or_(
                col(DataAccess.at) < at,
                and_(col(DataAccess.at) == at, col(DataAccess.id) < last_id),
            ),
        )
    limit = max(1, min(int(limit), PAGE_SIZE))
    rows = session.exec(
        query.order_by(col(DataAccess.at).desc(), col(DataAccess.id).desc()).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    lines = [_line(access, viewer, share) for access, viewer, share in rows]
    cursor = (rows[-1][0].at, rows[-1][0].id) if more else None
    return lines, cursor


def _line(access: DataAccess, viewer: User | None, share: LabShare | None) -> AccessLine:
    if viewer is not None:
        who = full_name(viewer)
    elif access.share_id is not None:
        who = "Получатель ссылки"
    else:
        who = "—"
    role = ROLES.get(access.viewer_role, access.viewer_role or "—")
    through = share.title if share is not None else "приём у врача"
    return AccessLine(
        id=str(access.id),
        at=display_time(access.at),
        who=who,
        role=role,
        what=what_label(access.what),
        through=through,
    )
