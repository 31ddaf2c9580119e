"""The profile's handlers as a signed-in citizen who is not a doctor: each refuses with a
message and changes nothing — the role check lives in the service, whatever the client sends."""

import io

import pytest
from PIL import Image

from gosapp.db import transaction
from gosapp.models.accounts import utcnow
from gosapp.pages.frmr.profile.state import FrmrProfileState
from gosapp.services.identity import sessions, signin
from tests.factories import give_documents, make_user
from tests.security.test_handler_walk import app_database, call, row_counts, state_instance

__all__ = ["app_database"]  # the module fixture: the app's database, migrated


class FakeUpload:
    """What Reflex hands an upload handler: a name, a size and ``read``."""

    filename, size = "фото.png", 100

    def __init__(self, data: bytes):
        self._data = data

    async def read(self, limit: int = -1) -> bytes:
        return self._data


@pytest.fixture(scope="module")
def non_doctor_key() -> str:
    with transaction() as db:
        citizen = make_user(db, totp_enabled_at=utcnow())
        give_documents(db, citizen)
        ticket = signin.issue_ticket(session=db, user_id=citizen.id)
        token = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
    return sessions.key_of(token)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (50, 50), (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("handler", "args"),
    [
        ("save", [{"sub_specialties": "x", "about": "y"}]),
        ("upload_photo", [[FakeUpload(png())]]),
        ("remove_photo", []),
    ],
)
def test_a_non_doctor_cannot_change_a_profile(non_doctor_key, handler, args):
    state = state_instance(FrmrProfileState, non_doctor_key)
    before = row_counts()
    result = call(FrmrProfileState.event_handlers[handler].fn, state, args)
    assert row_counts() == before
    assert "toast" in str(result).lower()
    assert "регистр" in str(result)
