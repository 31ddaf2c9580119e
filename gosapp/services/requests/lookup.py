"""Finding a request for the person who asks for it.

Someone else's request looks exactly like a missing one (``NotFound`` with the same message),
and the attempt is audited: applicants never learn that another person's request exists.
"""

from __future__ import annotations

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.requests import Request
from gosapp.services.common import audit
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.identity.roles import roles_of
from gosapp.services.requests import catalog

REQUEST_NOT_FOUND = "Заявление не найдено"


def own_request(session: Session, user: User, request_id: object) -> Request:
    """The applicant's own request; someone else's looks exactly like a missing one (and the
    attempt is audited)."""
    request = find_request(session, user, request_id)
    if request.applicant_id != user.id:
        raise denied(session, user, request.id)
    return request


def staff_request(session: Session, user: User, request_id: object) -> Request:
    """A request the staff member may process (their roles match its type)."""
    request = find_request(session, user, request_id)
    rtype = catalog.get(request.type_code)
    if not roles_of(session, user.id) & set(rtype.staff_roles):
        raise denied(session, user, request.id)
    return request


def find_request(session: Session, user: User, request_id: object) -> Request:
    """The request with the id a client sent; junk ids are NotFound, missing ones audited."""
    number = parse_id(request_id, REQUEST_NOT_FOUND)
    request = session.get(Request, number)
    if request is None:
        raise denied(session, user, number)
    return request


def denied(session: Session, user: User, request_id: int) -> NotFound:
    """Audit a request asked for by someone who may not see it (rate-limited); the error to
    raise, which looks exactly like a missing request."""
    audit.access_denied(
        session=session, actor=Actor(user.id), object_type="request", object_id=request_id
    )
    return NotFound(REQUEST_NOT_FOUND)
