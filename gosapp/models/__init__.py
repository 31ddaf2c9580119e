"""SQLModel tables by domain. Importing this package registers every table in the metadata."""

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
from gosapp.models.notifications import Notification, OutboundMessage
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.requests import Certificate, Counter, Document, Request, RequestEvent

metadata = SQLModel.metadata

__all__ = [
    "AuditEvent",
    "AuthSession",
    "Certificate",
    "Clinic",
    "Counter",
    "Document",
    "LoginEvent",
    "LoginTicket",
    "Notification",
    "OneTimeCode",
    "OutboundMessage",
    "PassportChange",
    "RateSlot",
    "RecoveryCode",
    "Request",
    "RequestEvent",
    "Specialty",
    "User",
    "UserRole",
    "metadata",
]
