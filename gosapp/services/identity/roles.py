"""Roles: who holds which, the role a user acts in, and what each role is called.

A user holds one or more roles (``UserRole`` rows). Audit rows and request events record one
role per action: the highest the user holds (``acting_role``), so an administrator who is also
a registrar always acts as the administrator. Role sets are named by what they allow, because
"staff" meant two different sets before they lived here.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from gosapp import routes
from gosapp.models.accounts import Role, User, UserRole
from gosapp.services.common.errors import NotAllowed

# Who may use the back office (queues, request view, user lookup, audit log) and download the
# documents attached to any request.
BACK_OFFICE_ROLES = frozenset({Role.REGISTRAR, Role.ADMIN})
# The roles a staff account may be created with (``gosapp create-staff``), in the order the
# error message lists them.
STAFF_ACCOUNT_ROLES = (Role.REGISTRAR, Role.ADMIN, Role.DOCTOR)
# Highest first: the role a holder of several acts in.
PRIORITY = (Role.ADMIN, Role.REGISTRAR, Role.DOCTOR, Role.CITIZEN)
# Russian names of the roles as audit rows and request events store them; ``applicant`` and
# ``system`` are event roles (the request's own applicant, the portal itself).
ROLE_LABELS = {
    Role.CITIZEN.value: "Гражданин",
    "applicant": "Заявитель",
    Role.DOCTOR.value: "Врач",
    Role.REGISTRAR.value: "Регистратор",
    Role.ADMIN.value: "Администратор",
    "system": "Система",
}


def roles_of(session: Session, user_id: int) -> set[Role]:
    """The roles the user holds."""
    return {Role(r) for r in session.exec(select(UserRole.role).where(UserRole.user_id == user_id))}


def grant_role(*, session: Session, user_id: int, role: Role) -> None:
    """Give ``role`` to the user (no-op when held)."""
    if role not in roles_of(session, user_id):
        session.add(UserRole(user_id=user_id, role=role))
        session.flush()


def acting_role(held: Iterable[Role]) -> Role:
    """The role a holder of ``held`` acts in: admin > registrar > doctor > citizen (citizen
    also when ``held`` is empty)."""
    roles = set(held)
    return next((role for role in PRIORITY if role in roles), Role.CITIZEN)


def require_staff(session: Session, user: User) -> set[Role]:
    """The caller's roles, or NotAllowed when they hold no back-office role."""
    held = roles_of(session, user.id)
    if not held & BACK_OFFICE_ROLES:
        raise NotAllowed()
    return held


def role_label(role: str) -> str:
    """The Russian name of a stored role; an unknown one as it is stored."""
    return ROLE_LABELS.get(role, role)


def start_page(held: Iterable[Role]) -> str:
    """Where a holder of ``held`` lands after signing in (and what ``/`` shows them): the back
    office's queues for registrars and admins, the medical-worker cabinet for doctors, the
    citizen's dashboard for everyone else."""
    roles = set(held)
    if roles & BACK_OFFICE_ROLES:
        return routes.STAFF
    return routes.FRMR if Role.DOCTOR in roles else routes.HOME
