"""Who may see a patient's medical data (lab results, health record), and the log of every look.

The patient sees their own data. A doctor sees a patient's whole data while they have a visit
with them (booked, held or past, not cancelled), and otherwise exactly the results the patient
shared with them, until the share expires or is revoked. Nobody else does: back-office staff
process requests, not medical data. Anyone refused learns nothing (NotFound, as for an id that
does not exist) and the refusal is audited.

Every look by someone other than the patient is written twice in the same transaction: an audit
event (no medical values) and a ``DataAccess`` row the patient sees in «кто смотрел мои данные».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.labs import DataAccess, LabShare, ShareKind
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.roles import roles_of
from gosapp.services.medical.lab_query import LabScope

NOT_FOUND = "Данные пациента не найдены или доступ к ним закрыт"
VIEW_ACTION = "medical.view"
# A visit that gives a doctor the patient's card: booked or past, not cancelled or expired.
VISIT_STATUSES = (
    AppointmentStatus.HELD,
    AppointmentStatus.SCHEDULED,
    AppointmentStatus.COMPLETED,
    AppointmentStatus.NO_SHOW,
)


class Via:
    """Why a viewer may look (``PatientAccess.via``)."""

    OWNER = "owner"
    VISIT = "visit"
    SHARE = "share"


@dataclass(frozen=True)
class PatientAccess:
    """A decided right to look at one patient's data."""

    patient_id: int
    viewer_id: int
    via: str
    share_ids: tuple[int, ...] | None = None  # via a share: only these shares' results

    @property
    def scope(self) -> LabScope:
        """The lab results this access covers."""
        return LabScope(self.patient_id, self.share_ids)

    @property
    def whole_record(self) -> bool:
        """The health record is the owner's and the treating doctor's, not a share's."""
        return self.via != Via.SHARE


def has_visit(session: Session, doctor_id: int, patient_id: int) -> bool:
    """Whether the doctor has (or had) a visit with the patient."""
    found = session.exec(
        select(Appointment.id)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .where(
            col(Resource.user_id) == doctor_id,
            col(Appointment.patient_id) == patient_id,
            col(Appointment.status).in_(VISIT_STATUSES),
        )
        .limit(1)
    ).first()
    return found is not None


def active_share_ids(
    session: Session, doctor_id: int, patient_id: int, now: datetime | None = None
) -> tuple[int, ...]:
    """The patient's unexpired, unrevoked shares with this doctor."""
    now = now or utcnow()
    ids = session.exec(
        select(LabShare.id).where(
            col(LabShare.doctor_id) == doctor_id,
            col(LabShare.patient_id) == patient_id,
            col(LabShare.kind) == ShareKind.DOCTOR,
            col(LabShare.revoked_at).is_(None),
            col(LabShare.expires_at) > now,
        )
    ).all()
    return tuple(sorted(ids))


def patient_access(
    session: Session,
    viewer: User,
    patient_id: object,
    actor: Actor,
    now: datetime | None = None,
) -> PatientAccess:
    """The viewer's right to look at the patient's data, or NotFound (audited)."""
    try:
        wanted = int(str(patient_id))
    except ValueError:
        raise NotFound(NOT_FOUND) from None
    if wanted == viewer.id:
        return PatientAccess(wanted, viewer.id, Via.OWNER)
    if Role.DOCTOR in roles_of(session, viewer.id):
        if has_visit(session, viewer.id, wanted):
            return PatientAccess(wanted, viewer.id, Via.VISIT)
        shares = active_share_ids(session, viewer.id, wanted, now)
        if shares:
            return PatientAccess(wanted, viewer.id, Via.SHARE, shares)
    access_denied(session=session, actor=actor, object_type="patient", object_id=wanted, now=now)
    raise NotFound(NOT_FOUND)


def record_view(
    session: Session,
    access: PatientAccess,
    actor: Actor,
    what: str,
    object_id: object = "",
) -> None:
    """Log a look at the patient's data by someone else (the patient's own looks are not)."""
    if access.via == Via.OWNER:
        return
    share_id = access.share_ids[0] if access.share_ids else None
    session.add(
        DataAccess(
            patient_id=access.patient_id,
            viewer_id=access.viewer_id,
            viewer_role=actor.role or Role.DOCTOR,
            what=what,
            object_id=str(object_id)[:64],
            share_id=share_id,
        )
    )
    record(
        session=session,
        actor=actor,
        action=VIEW_ACTION,
        object_type=what,
        object_id=f"patient:{access.patient_id}",
        details=f"via {access.via}" + (f" share {share_id}" if share_id else ""),
    )
