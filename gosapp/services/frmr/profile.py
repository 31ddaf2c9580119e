"""A doctor's professional profile (SPEC §3): what the cabinet shows and what the doctor may
change themselves.

The register data (specialty, category, employer, INN/OGRN, position, licence) was checked by a
registrar and changes only through a new application; the doctor edits the public extras —
sub-specialties, a few words for patients — and the photo. Every function here starts from the
signed-in user's own profile (``own_profile``): there is no way to name someone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from gosapp import routes
from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.registry import Specialty
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import NotAllowed
from gosapp.services.frmr import photos
from gosapp.services.frmr.register import CATEGORIES
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.identity.roles import roles_of

NOT_REGISTERED = "Профиль медработника появится после включения в регистр"
LIMITS = {"sub_specialties": 300, "about": 1000}
TOO_LONG = {
    "sub_specialties": "Не больше 300 символов",
    "about": "Не больше 1000 символов",
}


def own_profile(session: Session, user: User) -> MedicalWorkerProfile:
    """The signed-in doctor's profile; NotAllowed for anyone without the role or a profile."""
    profile = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == user.id)
    ).first()
    if profile is None or Role.DOCTOR not in roles_of(session, user.id):
        raise NotAllowed(NOT_REGISTERED)
    return profile


def initials(user: User) -> str:
    """«ЛД» for Лебедев Дмитрий: what the card shows without a photo."""
    return "".join(p[0] for p in (user.last_name, user.first_name) if p).upper()


@dataclass(frozen=True)
class ProfileView:
    """The profile as the doctor's cabinet shows it (their own data only)."""

    name: str
    initials: str
    photo_url: str
    specialty: str
    sub_specialties: str
    category: str
    position: str
    employer_name: str
    employer_inn: str
    employer_ogrn: str
    licence_number: str
    about: str


def profile_view(*, session: Session, user: User) -> ProfileView:
    """The signed-in doctor's own profile for the cabinet."""
    profile = own_profile(session, user)
    specialty = session.get_one(Specialty, profile.specialty_id)
    return ProfileView(
        name=full_name(user),
        initials=initials(user),
        photo_url=photo_url(profile),
        specialty=specialty.name,
        sub_specialties=profile.sub_specialties,
        category=category_text(profile),
        position=profile.position,
        employer_name=profile.employer_name,
        employer_inn=profile.employer_inn,
        employer_ogrn=profile.employer_ogrn,
        licence_number=profile.licence_number,
        about=profile.about,
    )


def category_text(profile: MedicalWorkerProfile) -> str:
    """«Высшая, действует до 02.12.2031» (the date once an attestation has set one)."""
    label = CATEGORIES[profile.category]
    if profile.category_valid_until is None or profile.category == "none":
        return label
    return f"{label}, действует до {profile.category_valid_until:%d.%m.%Y}"


def photo_url(profile: MedicalWorkerProfile | None) -> str:
    """Where the profile's photo is served, "" without one."""
    if profile is None or profile.photo_document_id is None:
        return ""
    return routes.doctor_photo(profile.photo_document_id)


def update_public(*, session: Session, user: User, data: dict, actor: Actor) -> None:
    """Save the public extras (sub-specialties, about); InvalidForm beside a field too long."""
    profile = own_profile(session, user)
    values = {key: " ".join(str(data.get(key, "") or "").split()) for key in LIMITS}
    values["about"] = str(data.get("about", "") or "").strip()
    errors = {k: TOO_LONG[k] for k, v in values.items() if len(v) > LIMITS[k]}
    if errors:
        raise InvalidForm(errors)
    profile.sub_specialties, profile.about = values["sub_specialties"], values["about"]
    profile.updated_at = utcnow()
    session.add(profile)
    record(
        session=session,
        actor=actor,
        action="frmr.profile.update",
        object_type="profile",
        object_id=profile.id,
    )


def set_photo(
    *, session: Session, user: User, data: bytes, actor: Actor, now: datetime | None = None
) -> str:
    """Replace the doctor's photo with ``data`` resized and stripped; the new photo's URL.
    Invalid (field ``photo``) for anything but a JPEG or PNG picture."""
    profile = own_profile(session, user)
    clean = photos.normalised(data)
    document = photos.store_photo(session=session, owner_id=user.id, data=clean, now=now)
    old = profile.photo_document_id
    profile.photo_document_id, profile.updated_at = document.id, now or utcnow()
    session.add(profile)
    session.flush()
    photos.drop_photo(session, old)
    record(
        session=session,
        actor=actor,
        action="frmr.photo.set",
        object_type="profile",
        object_id=profile.id,
    )
    return photo_url(profile)


def remove_photo(*, session: Session, user: User, actor: Actor) -> None:
    """Remove the photo: the card shows initials again."""
    profile = own_profile(session, user)
    old = profile.photo_document_id
    profile.photo_document_id, profile.updated_at = None, utcnow()
    session.add(profile)
    session.flush()
    photos.drop_photo(session, old)
    record(
        session=session,
        actor=actor,
        action="frmr.photo.remove",
        object_type="profile",
        object_id=profile.id,
    )
