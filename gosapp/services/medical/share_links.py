"""One-time share links (SPEC §2.2): chosen results for someone outside the portal.

The link's token is 256 random bits (``secrets.token_urlsafe(32)``) and the database keeps only
its keyed hash (``identity.tokens``, as the calendar feed does): the address exists only in the
answer to ``create_link``, shown once with its QR code. It lasts at most 72 hours, is revocable
(``sharing.revoke``), and opens with the patient's date of birth:

- **one-time** means one successful opening: the right date of birth marks the link used with a
  conditional ``UPDATE … WHERE used_at IS NULL`` (of two openers racing, exactly one wins) and
  the results are handed to that page only; the tab keeps showing them until it is closed or
  reloaded, and nothing can fetch them again;
- a wrong date counts ``failed_attempts``; at ``MAX_FAILURES`` the link is blocked for good;
- every try is counted per client address (``identity.throttle``), so nobody can guess dates of
  birth across many links either;
- revoked, expired, used, blocked and unknown links all answer the same ``UNAVAILABLE``.

Every opening and every failure is audited, and an opening is written to «кто смотрел мои
данные» (``DataAccess`` with no viewer, role «по ссылке», and the share).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import segno
from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.labs import DataAccess, LabResult, LabShare, LabShareItem, ShareKind
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import DomainError, Invalid, Throttled
from gosapp.services.common.validation import parse_date
from gosapp.services.identity import throttle, tokens
from gosapp.services.medical.sharing import (
    LIVE,
    ResultLine,
    Selection,
    add_share,
    result_line,
    selected_results,
    status_of,
    title_for,
)
from gosapp.settings import get_settings

MAX_HOURS = 72
HOURS_CHOICES = (24, 72)
MAX_FAILURES = 5
MAX_LINK_ITEMS = 200  # the page shows them all at once: no more than one event may push
LINK_ROLE = "по ссылке"
UNAVAILABLE = (
    "Ссылка недействительна: она уже была открыта, срок её действия истёк, доступ отозван "
    "или адрес введён с ошибкой. Попросите пациента прислать новую ссылку."
)
WRONG_DATE = "Дата рождения не совпадает"
# Tries per client address, right or wrong (a clinic's shared address still gets a few dozen).
IP_RULES = (throttle.Rule(10, timedelta(minutes=15)), throttle.Rule(50, timedelta(days=1)))


@dataclass(frozen=True)
class CreatedLink:
    """A new link: its address and QR code (an SVG data URI), shown once."""

    share_id: int
    url: str
    qr: str


@dataclass(frozen=True)
class Opening:
    """What an opening attempt gives the page: the results, or a message beside the field."""

    ok: bool = False
    error: str = ""
    title: str = ""
    patient: str = ""  # «Зайцева В. П.»
    rows: list[ResultLine] = field(default_factory=list)


def link_url(token: str) -> str:
    """The public address of a link."""
    return f"{get_settings().public_url.rstrip('/')}{routes.shared_link(token)}"


def qr_data_uri(url: str) -> str:
    """The address as a QR code, an SVG data URI an ``<img>`` shows."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2)


def create_link(
    session: Session, patient: User, actor: Actor, *, chosen: Selection, hours: object = MAX_HOURS
) -> CreatedLink:
    """A one-time link to the chosen results for ``hours`` (24 or 72; audited)."""
    try:
        lasting = int(str(hours))
    except ValueError:
        lasting = 0
    if lasting not in HOURS_CHOICES:
        raise Invalid("hours", "Выберите срок действия ссылки: 24 или 72 часа")
    rows = selected_results(session, patient, chosen, actor, limit=MAX_LINK_ITEMS)
    token = tokens.new_token()
    share = LabShare(
        patient_id=patient.id,
        kind=ShareKind.LINK,
        token_hash=tokens.token_hash(token),
        title=title_for(chosen, rows),
        expires_at=utcnow() + timedelta(hours=lasting),
    )
    add_share(session, share, rows)
    record(
        session=session,
        actor=actor,
        action="lab_share.link_create",
        object_type="lab_share",
        object_id=share.id,
        details=f"{len(rows)} results, {lasting} h",
    )
    url = link_url(token)
    return CreatedLink(share.id, url, qr_data_uri(url))


def _find(session: Session, token: str) -> LabShare | None:
    if not token or len(token) > 100:
        return None
    return session.exec(
        select(LabShare).where(
            col(LabShare.token_hash) == tokens.token_hash(token),
            col(LabShare.kind) == ShareKind.LINK,
        )
    ).first()


def _audit(session: Session, actor: Actor, share: LabShare | None, outcome: str, why: str) -> None:
    record(
        session=session,
        actor=actor,
        action="lab_share.link_open",
        object_type="lab_share",
        object_id=share.id if share else "",
        outcome=outcome,
        details=why,
    )


def _initials(user: User) -> str:
    parts = [f"{p[0]}." for p in (user.first_name, user.patronymic) if p]
    return " ".join([user.last_name, *parts])


def open_link(session: Session, token: str, birth_date: str, actor: Actor) -> Opening:
    """Check the date of birth for the link ``token``; the results on success (once).

    Writes the try's count, the audit and (on success) the use: the caller commits whatever
    this returns. Raises nothing but Throttled (nothing is written then).
    """
    now = utcnow()
    wait = throttle.take(session=session, keys=[(f"share_link:ip:{actor.ip}", IP_RULES)], now=now)
    if wait is not None:
        raise Throttled("birth_date", throttle.guess_wait_message(wait), wait)
    share = _find(session, token)
    if share is None or status_of(share, now) != LIVE or share.failed_attempts >= MAX_FAILURES:
        why = "unknown" if share is None else status_of(share, now)
        _audit(session, actor, share, "denied", why if why != LIVE else "blocked")
        return Opening(error=UNAVAILABLE)
    try:
        born = parse_date(birth_date, "birth_date")
    except DomainError as exc:
        return Opening(error=exc.message)
    patient = session.get(User, share.patient_id)
    if patient is None or born != patient.birth_date:
        return _failed(session, actor, share)
    won = session.execute(
        update(LabShare)
        .where(
            col(LabShare.id) == share.id,
            col(LabShare.used_at).is_(None),
            col(LabShare.revoked_at).is_(None),
            col(LabShare.expires_at) > now,
            col(LabShare.failed_attempts) < MAX_FAILURES,
        )
        .values(used_at=now)
    )
    if not won.rowcount:  # type: ignore[attr-defined]  # another opener was first
        _audit(session, actor, share, "denied", "used")
        return Opening(error=UNAVAILABLE)
    session.add(
        DataAccess(
            patient_id=share.patient_id,
            viewer_id=None,
            viewer_role=LINK_ROLE,
            what="labs",
            object_id=f"share:{share.id}",
            share_id=share.id,
            at=now,
        )
    )
    _audit(session, actor, share, "ok", "opened")
    return Opening(
        ok=True, title=share.title, patient=_initials(patient), rows=_rows(session, share)
    )


def _failed(session: Session, actor: Actor, share: LabShare) -> Opening:
    """Count a wrong date of birth (atomically); the fifth blocks the link."""
    session.execute(
        update(LabShare)
        .where(col(LabShare.id) == share.id)
        .values(failed_attempts=col(LabShare.failed_attempts) + 1)
    )
    failures = session.exec(
        select(LabShare.failed_attempts).where(col(LabShare.id) == share.id)
    ).one()
    _audit(session, actor, share, "failed", f"wrong birth date ({failures})")
    left = MAX_FAILURES - failures
    if left <= 0:
        return Opening(error=UNAVAILABLE)
    return Opening(error=f"{WRONG_DATE}. Осталось попыток: {left}")


def _rows(session: Session, share: LabShare) -> list[ResultLine]:
    rows = session.exec(
        select(LabResult)
        .join(LabShareItem, col(LabShareItem.result_id) == LabResult.id)
        .where(
            col(LabShareItem.share_id) == share.id, col(LabResult.patient_id) == share.patient_id
        )
        .order_by(col(LabResult.taken_at).desc(), col(LabResult.id).desc())
        .limit(MAX_LINK_ITEMS)
    ).all()
    return [result_line(r) for r in rows]
