"""Reference data: clinics (and social-protection offices) and medical specialties."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel


class InstitutionKind(StrEnum):
    """What an institution is: a clinic or a social-protection office."""

    CLINIC = "clinic"
    SZN_OFFICE = "szn_office"


class Specialty(SQLModel, table=True):
    """A medical specialty patients book by (терапевт, кардиолог, ...)."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    code: str = Field(max_length=40, unique=True, index=True)
    name: str = Field(max_length=120)


class Clinic(SQLModel, table=True):
    """A clinic of the network or a social-protection office."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    code: str = Field(max_length=40, unique=True, index=True)
    kind: InstitutionKind = Field(default=InstitutionKind.CLINIC, sa_type=String(20))
    name: str = Field(max_length=200)
    short_name: str = Field(max_length=80)
    district: str = Field(max_length=80, index=True)
    address: str = Field(max_length=300)
    phone: str = Field(max_length=20)
    # IANA zone the institution works in: its schedule and visit times are shown in it
    timezone: str = Field(default="Europe/Moscow", max_length=40)


class ClinicPublic(SQLModel):
    """What the UI may show of a clinic."""

    id: int
    name: str
    short_name: str
    district: str
    address: str
    phone: str
