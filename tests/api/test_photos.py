"""GET /api/frmr/photos/{id}: a doctor's current profile photo to signed-in users; everything
else (no session, another document, an old photo, junk) is the same bare 404. The booking
catalog's doctor cards carry the photo's address, or nothing (initials)."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.services.frmr import profile
from gosapp.services.scheduling import catalog
from tests.api.test_documents import cookie_for, get
from tests.services.frmr.setup import ACTOR, registered, scan
from tests.services.frmr.test_profile import camera_jpeg
from tests.services.scheduling.setup import make_doctor


@pytest.fixture
def doctor(session, alice, registrar):
    return registered(session, alice, registrar)


def photo_id(session, user_id):
    return session.exec(
        select(MedicalWorkerProfile.photo_document_id).where(
            MedicalWorkerProfile.user_id == user_id
        )
    ).one()


@pytest.mark.anyio
async def test_a_signed_in_patient_sees_the_photo_and_nobody_else_gets_anything(
    engine, session, doctor, bob
):
    url = profile.set_photo(session=session, user=doctor.user, data=camera_jpeg(), actor=ACTOR)
    session.commit()
    response = await get(engine, url, cookie_for(session, bob.id))
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content.startswith(b"\xff\xd8\xff") and b"PhoneMaker" not in response.content
    assert (await get(engine, url)).status_code == 404  # no session
    other = scan(session, doctor.id)
    session.commit()
    cookie = cookie_for(session, bob.id)
    for path in (
        f"/api/frmr/photos/{other}",
        "/api/frmr/photos/x1",
        "/api/frmr/photos/9" + "9" * 30,
    ):
        assert (await get(engine, path, cookie)).status_code == 404
    profile.set_photo(session=session, user=doctor.user, data=camera_jpeg(800, 800), actor=ACTOR)
    session.commit()
    assert (await get(engine, url, cookie)).status_code == 404  # the old photo is gone


def test_booking_cards_show_the_photo_or_nothing(session, doctor):
    with_photo = make_doctor(session)
    with_photo.user_id = doctor.id
    without = make_doctor(session)
    session.add(with_photo)
    session.commit()
    now = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)
    assert catalog.doctor(session, with_photo.id, now).photo == ""  # a profile, no photo yet
    profile.set_photo(session=session, user=doctor.user, data=camera_jpeg(), actor=ACTOR)
    session.commit()
    card = catalog.doctor(session, with_photo.id, now)
    assert card.photo == f"/api/frmr/photos/{photo_id(session, doctor.id)}"
    assert catalog.doctor(session, without.id, now).photo == ""
