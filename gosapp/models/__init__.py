"""SQLModel tables by domain. Importing this package registers every table in the metadata.

Autoincrement keys are typed ``id: int`` with ``default=None``: every row a service reads
has one, so the type says what the code relies on. A row built in Python has ``id is None``
until ``session.flush()``; code that needs a new row's id flushes first, as it always did.
"""

from sqlmodel import SQLModel

from gosapp.models.accounts import (
    AuthSession,
    LoginEvent,
    LoginTicket,
    OneTimeCode,
    PassportChange,
    RateSlot,
    RecoveryCode,
    User,
    UserRole,
)
from gosapp.models.audit import AuditEvent
from gosapp.models.career import ExperiencePeriod, NmoActivity, NmoSettings
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.frmr_payments import WorkerPayment
from gosapp.models.labs import DataAccess, Laboratory, LabResult, LabShare, LabShareItem
from gosapp.models.notifications import Notification, OutboundMessage
from gosapp.models.oidc import (
    OidcAuthorizationCode,
    OidcClient,
    OidcConsent,
    OidcSigningKey,
    OidcToken,
)
from gosapp.models.portfolio import PortfolioRecord, PortfolioVersion
from gosapp.models.record import (
    Allergy,
    Diagnosis,
    LabOrder,
    Recommendation,
    Vaccination,
    VisitNote,
)
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.requests import (
    Certificate,
    Counter,
    Document,
    DocumentBlobChunk,
    Request,
    RequestEvent,
)
from gosapp.models.scheduling import (
    Appointment,
    CalendarFeed,
    Resource,
    ScheduleException,
    ScheduleTemplate,
    WaitlistEntry,
)
from gosapp.models.social import Payment, SznConnection
from gosapp.models.social_benefits import Benefit
from gosapp.models.training import TrainingEnrolment, TrainingProgramme

metadata = SQLModel.metadata

__all__ = [
    "Allergy",
    "Appointment",
    "AuditEvent",
    "AuthSession",
    "Benefit",
    "CalendarFeed",
    "Certificate",
    "Clinic",
    "Counter",
    "DataAccess",
    "Diagnosis",
    "Document",
    "DocumentBlobChunk",
    "ExperiencePeriod",
    "LabOrder",
    "LabResult",
    "LabShare",
    "LabShareItem",
    "Laboratory",
    "LoginEvent",
    "LoginTicket",
    "MedicalWorkerProfile",
    "NmoActivity",
    "NmoSettings",
    "Notification",
    "OidcAuthorizationCode",
    "OidcClient",
    "OidcConsent",
    "OidcSigningKey",
    "OidcToken",
    "OneTimeCode",
    "OutboundMessage",
    "PassportChange",
    "Payment",
    "PortfolioRecord",
    "PortfolioVersion",
    "RateSlot",
    "Recommendation",
    "RecoveryCode",
    "Request",
    "RequestEvent",
    "Resource",
    "ScheduleException",
    "ScheduleTemplate",
    "Specialty",
    "SznConnection",
    "TrainingEnrolment",
    "TrainingProgramme",
    "User",
    "UserRole",
    "Vaccination",
    "VisitNote",
    "WaitlistEntry",
    "WorkerPayment",
    "metadata",
]
