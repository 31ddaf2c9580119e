"""Demo medical-worker register (``gosapp seed-demo``): the demo doctor's professional profile
with a photo, a few more doctors of the demo schedules with profiles (every other one with a
photo, the rest shown by initials when patients book), and the demo medic's application waiting
for a registrar.

Idempotent like the other demo modules: each profile is keyed by its user, each extra doctor by
their e-mail, the application by its applicant. Runs after the schedules (doctors are linked to
their reception resources). Photos are drawn here, not downloaded: plain Pillow silhouettes.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image, ImageDraw
from sqlmodel import Session, col, select

from gosapp.models.accounts import AccountLevel, Role, Sex, User, UserRole, utcnow
from gosapp.models.frmr import MedicalWorkerProfile, QualificationCategory
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.requests import Request
from gosapp.models.scheduling import Resource, ResourceKind
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import give_documents
from gosapp.services.documents import storage
from gosapp.services.frmr import photos, register
from gosapp.services.identity.roles import grant_role

ACTOR = Actor(ip="127.0.0.1", user_agent="gosapp seed-demo")
EXTRA_DOCTORS = 6
# A real organisation's checksum-valid numbers stand in for every demo employer.
INN, OGRN = "7734135124", "1027739054420"
CATEGORIES = {
    "высшая": QualificationCategory.HIGHEST,
    "первая": QualificationCategory.FIRST,
    "вторая": QualificationCategory.SECOND,
    "": QualificationCategory.NONE,
}
PALETTE = ((46, 110, 170), (60, 140, 110), (150, 90, 150), (180, 110, 60))
CATEGORY_LEFT = timedelta(days=3 * 365)  # the medic's second category: about 3 years to go
MEDIC_FORM = {
    "specialty": "therapist",
    "sub_specialties": "",
    "position": "Врач-терапевт участковый",
    "employer_name": "Поликлиника № 3 ФМБА России",
    "employer_inn": INN,
    "employer_ogrn": OGRN,
    "category": "second",
    "licence_number": "ЛО-77-01-020304",
}


def seed_frmr(*, session: Session) -> int:
    """Create the missing demo profiles, extra doctors and the pending application; how many
    rows of those were added."""
    added = 0
    doctor = _user(session, "doctor@demo.gosapp.ru")
    if doctor is not None:
        added += _profile_for(session, doctor, with_photo=True, shade=0)
    for n in range(1, EXTRA_DOCTORS + 1):
        added += _extra_doctor(session, n)
    medic = _user(session, "medic@demo.gosapp.ru")
    if medic is not None:
        added += _pending_application(session, medic)
    session.flush()
    return added


def _user(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()


def _profile_for(session: Session, user: User, *, with_photo: bool, shade: int) -> int:
    """The user's profile from their reception resource (skipped when one exists)."""
    if session.exec(
        select(MedicalWorkerProfile.id).where(MedicalWorkerProfile.user_id == user.id)
    ).first():
        return 0
    resource = session.exec(
        select(Resource).where(Resource.user_id == user.id).order_by(col(Resource.id))
    ).first()
    if resource is None or resource.specialty_id is None:
        return 0
    clinic = session.get_one(Clinic, resource.clinic_id)
    specialty = session.get_one(Specialty, resource.specialty_id)
    profile = MedicalWorkerProfile(
        user_id=user.id,
        specialty_id=specialty.id,
        category=CATEGORIES.get(resource.category, QualificationCategory.NONE),
        position=f"Врач — {specialty.name.lower()}",
        employer_name=clinic.name,
        employer_inn=INN,
        employer_ogrn=OGRN,
        licence_number=f"ЛО-77-01-{100000 + resource.id:06d}",
        about=f"Принимаю в {clinic.short_name}, кабинет {resource.room or '—'}.",
    )
    if with_photo:
        data = photos.normalised(_portrait(shade, user.sex))
        profile.photo_document_id = photos.store_photo(
            session=session, owner_id=user.id, data=data
        ).id
    session.add(profile)
    session.flush()
    grant_role(session=session, user_id=user.id, role=Role.DOCTOR)
    return 1


def _extra_doctor(session: Session, n: int) -> int:
    """Demo doctor ``n``: an account (nobody signs in as it) for a reception resource that has
    none, with a profile; odd ones with a photo."""
    email = f"vrach{n}@demo.gosapp.ru"
    if _user(session, email) is not None:
        return 0
    resource = session.exec(
        select(Resource)
        .where(col(Resource.user_id).is_(None), Resource.kind == ResourceKind.DOCTOR)
        .order_by(col(Resource.id))
    ).first()
    if resource is None:
        return 0
    last, first, middle = ([*resource.name.split(), "", "", ""])[:3]
    sex = Sex.FEMALE if last.endswith("а") else Sex.MALE
    user = User(
        last_name=last,
        first_name=first,
        patronymic=middle,
        sex=sex,
        birth_date=date(1970 + 3 * n, n, 10 + n),
        phone=f"+7916200{n:04d}",
        email=email,
        password_hash="!demo-doctor-no-login",
        consent_version="2026-01",
        consent_at=utcnow(),
        level=AccountLevel.CONFIRMED,
        is_demo=True,
    )
    session.add(user)
    session.flush()
    session.add(UserRole(user_id=user.id, role=Role.CITIZEN))
    resource.user_id = user.id
    session.add(resource)
    session.flush()
    return 1 + _profile_for(session, user, with_photo=n % 2 == 1, shade=n)


def _pending_application(session: Session, medic: User) -> int:
    """The medic's submitted application with two scans (skipped when they have one)."""
    if session.exec(
        select(Request.id).where(
            Request.applicant_id == medic.id, Request.type_code == register.TYPE_CODE
        )
    ).first():
        return 0
    give_documents(medic, series="4512", number=f"{300000 + medic.id:06d}")
    medic.level = AccountLevel.CONFIRMED
    at = utcnow() - timedelta(days=2)
    diploma, accreditation = (
        storage.stage(session=session, owner_id=medic.id, filename=name, data=_scan(), now=at)
        for name in ("диплом.pdf", "свидетельство об аккредитации.pdf")
    )
    register.apply(
        session=session,
        user=medic,
        data={**MEDIC_FORM, "category_valid_until": f"{local_date(at) + CATEGORY_LEFT:%d.%m.%Y}"},
        diploma_ids=[diploma.id],
        accreditation_ids=[accreditation.id],
        actor=ACTOR,
        submit=True,
        now=at,
    )
    return 1


def _scan() -> bytes:
    return pdf.table_report(
        title="Скан документа (демо)",
        subtitle="Образец для демонстрации",
        columns=[("Поле", 1), ("Значение", 2)],
        rows=[["Документ", "Диплом / свидетельство"], ["Номер", "000000"]],
    )


def _portrait(shade: int, sex: Sex) -> bytes:
    """A 640 px PNG silhouette on a coloured ground (a stand-in for a photo)."""
    size = 640
    ground = PALETTE[shade % len(PALETTE)]
    image = Image.new("RGB", (size, size), ground)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 90) for c in ground)
    coat = (245, 247, 250)
    draw.ellipse((200, 110, 440, 370), fill=light)  # head
    draw.ellipse((90, 390, 550, 860), fill=coat)  # shoulders in a white coat
    if sex == Sex.FEMALE:
        draw.pieslice((180, 80, 460, 330), 180, 360, fill=tuple(c // 2 for c in ground))
    draw.line((320, 420, 320, 640), fill=(120, 130, 140), width=6)  # the coat's opening
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
