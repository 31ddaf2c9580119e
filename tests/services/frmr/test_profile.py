"""The professional profile: photos come out resized with no metadata, only the doctor edits
their own public fields, and only current profile photos are ever served."""

import io

import pytest
from PIL import Image
from sqlmodel import select

from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.requests import Document
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.documents import storage
from gosapp.services.frmr import photos, profile
from gosapp.services.identity.accounts import InvalidForm
from tests.services.frmr.setup import ACTOR, registered

GPS_IFD = 0x8825


def camera_jpeg(width=2000, height=1200) -> bytes:
    """A JPEG as a phone makes it: camera make, a GPS position, a comment, rotated by EXIF."""
    image = Image.new("RGB", (width, height), (200, 120, 80))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"secret note")
    return out.getvalue()


@pytest.fixture
def doctor(session, alice, registrar):
    return registered(session, alice, registrar)


def stored_photo(session, user_id: int) -> bytes:
    row = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == user_id)
    ).one()
    return storage.read(session.get_one(Document, row.photo_document_id))


def test_a_photo_loses_its_exif_and_is_resized(session, doctor):
    original = camera_jpeg()
    assert b"PhoneMaker" in original and b"secret note" in original
    url = profile.set_photo(session=session, user=doctor.user, data=original, actor=ACTOR)
    session.commit()
    data = stored_photo(session, doctor.id)
    assert url.startswith("/api/frmr/photos/")
    assert b"PhoneMaker" not in data and b"secret note" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert image.info.get("comment") is None and image.info.get("icc_profile") is None
        assert image.size == (307, 512)  # turned upright as EXIF said, then fitted in 512 px


def test_a_png_with_text_chunks_comes_out_a_plain_jpeg(session, doctor):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Иванов, ул. Ленина 1")
    out = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    profile.set_photo(session=session, user=doctor.user, data=out.getvalue(), actor=ACTOR)
    data = stored_photo(session, doctor.id)
    assert "Ленина".encode() not in data and b"Author" not in data
    assert data.startswith(b"\xff\xd8\xff")


def test_a_pdf_or_a_fake_image_is_refused(session, doctor):
    for data in (b"%PDF-1.4 not a photo", b"\xff\xd8\xff" + b"junk" * 50):
        with pytest.raises(Invalid) as caught:
            profile.set_photo(session=session, user=doctor.user, data=data, actor=ACTOR)
        assert caught.value.message == photos.NOT_AN_IMAGE


def test_a_new_photo_replaces_the_old_one_which_is_no_longer_served(session, doctor):
    profile.set_photo(session=session, user=doctor.user, data=camera_jpeg(600, 600), actor=ACTOR)
    session.commit()
    first = session.exec(select(MedicalWorkerProfile)).one().photo_document_id
    assert photos.served_photo(session, first) is not None
    profile.set_photo(session=session, user=doctor.user, data=camera_jpeg(700, 500), actor=ACTOR)
    session.commit()
    second = session.exec(select(MedicalWorkerProfile)).one().photo_document_id
    assert second != first
    assert session.get(Document, first) is None
    assert photos.served_photo(session, first) is None
    assert photos.served_photo(session, second) is not None
    profile.remove_photo(session=session, user=doctor.user, actor=ACTOR)
    session.commit()
    assert photos.served_photo(session, second) is None
    assert profile.profile_view(session=session, user=doctor.user).photo_url == ""


def test_other_documents_are_never_served_as_photos(session, doctor):
    from tests.services.frmr.setup import scan

    scan_id = scan(session, doctor.id)
    assert photos.served_photo(session, scan_id) is None
    assert photos.served_photo(session, "1; drop") is None
    assert photos.served_photo(session, "9" * 40) is None


def test_the_doctor_edits_the_public_fields(session, doctor):
    profile.update_public(
        session=session,
        user=doctor.user,
        actor=ACTOR,
        data={"sub_specialties": "  эпилептология ", "about": "Принимаю взрослых"},
    )
    view = profile.profile_view(session=session, user=doctor.user)
    assert (view.sub_specialties, view.about, view.specialty) == (
        "эпилептология",
        "Принимаю взрослых",
        "Невролог",
    )
    with pytest.raises(InvalidForm) as caught:
        profile.update_public(
            session=session, user=doctor.user, actor=ACTOR, data={"about": "я" * 1001}
        )
    assert caught.value.errors == {"about": "Не больше 1000 символов"}


def test_a_non_doctor_has_no_profile_to_edit(session, bob):
    for call in (
        lambda: profile.profile_view(session=session, user=bob.user),
        lambda: profile.update_public(session=session, user=bob.user, data={}, actor=ACTOR),
        lambda: profile.set_photo(session=session, user=bob.user, data=camera_jpeg(), actor=ACTOR),
        lambda: profile.remove_photo(session=session, user=bob.user, actor=ACTOR),
    ):
        with pytest.raises(NotAllowed):
            call()
