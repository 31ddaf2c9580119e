"""SQLModel tables by domain. Importing this package registers every table in the metadata."""

from sqlmodel import SQLModel

from gosapp.models.accounts import (
    AuthSession,
    LoginEvent,
    LoginTicket,
    OneTimeCode,
    PassportChange,
    RecoveryCode,
    User,
    UserRole,
)
from gosapp.models.audit import AuditEvent
from gosapp.models.notifications import Notification, OutboundMessage
from gosapp.models.registry import Clinic, Specialty

metadata = SQLModel.metadata

__all__ = [
    "AuditEvent",
    "AuthSession",
    "Clinic",
    "LoginEvent",
    "LoginTicket",
    "Notification",
    "OneTimeCode",
    "OutboundMessage",
    "PassportChange",
    "RecoveryCode",
    "Specialty",
    "User",
    "UserRole",
    "metadata",
]
