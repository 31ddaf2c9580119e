"""Doctors' profile photos: JPEG or PNG in, a fresh JPEG of at most 512 px out.

The upload is decoded with Pillow and re-encoded from its pixels alone, so nothing of the
original file survives — no EXIF (camera, GPS position, date), no XMP, ICC or comments. The
orientation EXIF asked for is applied to the pixels first. The result is a portal-issued
document in private storage (not counted against the upload quota, never purged as a stale
upload) and leaves only through ``api/photos.py``, and only while it is a profile's photo.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlmodel import Session, select

from gosapp.models.accounts import utcnow
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.requests import Document, DocumentKind
from gosapp.services.common.errors import Invalid
from gosapp.services.documents import backends, storage

MAX_SIDE = 512
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
QUALITY = 85
NOT_AN_IMAGE = "Загрузите фотографию в формате JPEG или PNG"
TOO_BIG = f"Фотография больше {storage.MAX_FILE_BYTES // storage.MB} МБ"
TOO_LARGE = "Слишком большое изображение — уменьшите его и загрузите снова"


def normalised(data: bytes) -> bytes:
    """The photo as a metadata-free JPEG of at most ``MAX_SIDE`` px; Invalid for anything
    that is not a JPEG or PNG picture."""
    if len(data) > storage.MAX_FILE_BYTES:
        raise Invalid("photo", TOO_BIG)
    if storage.detect_type(data) not in (storage.JPEG, storage.PNG):
        raise Invalid("photo", NOT_AN_IMAGE)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise Invalid("photo", TOO_LARGE)
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            pixels = _flattened(upright)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise Invalid("photo", NOT_AN_IMAGE) from exc
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=QUALITY, optimize=True)  # no exif= nor icc_profile=
    return out.getvalue()


def _flattened(image: Image.Image) -> Image.Image:
    """RGB pixels only: transparency over white, palettes and greys converted; a new image, so
    no ``info`` (metadata) of the original goes with it."""
    rgba = image.convert("RGBA")
    plain = Image.new("RGB", rgba.size, (255, 255, 255))
    plain.paste(rgba, mask=rgba.getchannel("A"))
    return plain


def store_photo(
    *, session: Session, owner_id: int, data: bytes, now: datetime | None = None
) -> Document:
    """Store the normalised JPEG ``data`` as the owner's portal-issued document."""
    key = backends.new_key()
    backends.get_storage().put(key, data, session=session)
    document = Document(
        owner_id=owner_id,
        kind=DocumentKind.ISSUED,
        storage_key=key,
        original_name="Фото.jpg",
        content_type=storage.JPEG,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=now or utcnow(),
    )
    session.add(document)
    session.flush()
    return document


def drop_photo(session: Session, document_id: int | None) -> None:
    """Remove a replaced photo (row now, bytes when the transaction commits)."""
    document = session.get(Document, document_id) if document_id else None
    if document is not None:
        session.delete(document)
        backends.get_storage().delete(document.storage_key, session=session)


def served_photo(session: Session, document_id: object) -> Document | None:
    """The document when it is some profile's current photo; None for anything else (another
    document, an old photo, junk)."""
    number = str(document_id)
    if not number.isdigit() or len(number) > 18:
        return None
    return session.exec(
        select(Document)
        .join(MedicalWorkerProfile, MedicalWorkerProfile.photo_document_id == Document.id)  # type: ignore[arg-type]
        .where(Document.id == int(number))
    ).first()
