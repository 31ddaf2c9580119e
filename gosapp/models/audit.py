"""The append-only audit log. No secrets, codes or medical values are ever written here."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class AuditEvent(SQLModel, table=True):
    """Who did what to which object, when, from where, and how it ended."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, index=True)
    role: str = Field(default="", max_length=40)
    action: str = Field(max_length=60, index=True)
    object_type: str = Field(default="", max_length=40)
    object_id: str = Field(default="", max_length=64)
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)
    outcome: str = Field(default="ok", max_length=20)
    details: str = Field(default="", max_length=1000)
