"""The professional profile on the medical-worker cabinet's overview (`/frmr`): the doctor's
card as patients see it (photo or initials), the register data, the public fields' form and
the photo; for a non-doctor the invitation to apply, with the status of their application."""

from gosapp.pages.frmr.profile.card import profile_section
from gosapp.pages.frmr.profile.state import FrmrProfileState

__all__ = ["FrmrProfileState", "profile_section"]
