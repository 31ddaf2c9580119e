"""SQLModel tables by domain. Importing this package registers every table in the metadata."""

from sqlmodel import SQLModel

from gosapp.models.registry import Clinic, Specialty

metadata = SQLModel.metadata

__all__ = ["Clinic", "Specialty", "metadata"]
