"""Who may use the back office, and which requests a staff member may open.

Every back-office function re-checks the caller's roles itself: the pages call them from public
event handlers that any client can invoke with any arguments. Staff never see their own
requests (they may not process them, and internal comments about them are not for their eyes).
This module is shared by the queues, the request view and the actions (each would otherwise
import another for it).
"""

from __future__ import annotations

from sqlmodel import Session

from gosapp.models.accounts import Role, User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.errors import NotAllowed, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.identity.roles import require_staff
from gosapp.services.requests import catalog, lookup
from gosapp.services.requests.types import RequestType


def staff_types(held: set[Role]) -> list[RequestType]:
    """The request types a holder of ``held`` may process."""
    return [t for t in catalog.all_types() if held & set(t.staff_roles)]


def visible_request(session: Session, user: User, request_id: object) -> Request:
    """A request the staff member may open: their type, and not their own."""
    require_staff(session, user)
    request = lookup.staff_request(session, user, _as_id(request_id))
    if request.applicant_id == user.id:
        raise NotAllowed("Сотрудник не может рассматривать собственное заявление")
    if request.status == RequestStatus.DRAFT:
        raise NotFound(lookup.REQUEST_NOT_FOUND)
    return request


def _as_id(value: object) -> int:
    return parse_id(value, lookup.REQUEST_NOT_FOUND)
