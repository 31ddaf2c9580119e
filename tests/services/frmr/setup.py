"""Arranging register applications in tests: a confirmed applicant, staged scans, a valid form."""

from gosapp.models.accounts import AccountLevel
from gosapp.services.common import pdf
from gosapp.services.documents import storage
from gosapp.services.frmr import register
from tests.factories import give_documents, make_specialty
from tests.services.requests.steps import ACTOR, FRIDAY

INN = "7707083893"  # ПАО Сбербанк: checksum-valid
OGRN = "1027700132195"
VALID_UNTIL = "20.11.2029"  # the «first» category's end: 3 years after FRIDAY (the tests' now)


def confirmed(session, persona):
    """``persona`` with a confirmed account (SPEC §1: the register needs it)."""
    give_documents(session, persona.user)
    persona.user.level = AccountLevel.CONFIRMED
    session.add(persona.user)
    session.commit()
    return persona


def scan(session, owner_id: int, name: str = "скан.pdf") -> int:
    """A staged PDF of the owner's; its document id."""
    data = pdf.table_report(title="Скан", subtitle=name, columns=[("Поле", 1)], rows=[["x"]])
    return storage.stage(session=session, owner_id=owner_id, filename=name, data=data).id


def form(specialty_code: str, **overrides) -> dict:
    """A valid application form."""
    return {
        "specialty": specialty_code,
        "sub_specialties": "функциональная диагностика",
        "position": "Врач-терапевт участковый",
        "employer_name": "ГБУЗ «Городская поликлиника № 1»",
        "employer_inn": INN,
        "employer_ogrn": OGRN,
        "category": "first",
        "licence_number": "ЛО-77-01-012345",
        "category_valid_until": VALID_UNTIL,
        **overrides,
    }


def apply(session, persona, *, submit=True, data=None, specialty=None, scans=True, now=FRIDAY):
    """File (or correct) ``persona``'s application with one diploma and one accreditation scan."""
    specialty = specialty or make_specialty(session, name="Терапевт")
    diploma = [scan(session, persona.id, "диплом.pdf")] if scans else []
    accreditation = [scan(session, persona.id, "аккредитация.pdf")] if scans else []
    request = register.apply(
        session=session,
        user=persona.user,
        data=data or form(specialty.code),
        diploma_ids=diploma,
        accreditation_ids=accreditation,
        actor=ACTOR,
        submit=submit,
        now=now,
    )
    session.commit()
    return request


def registered(session, persona, registrar, specialty_name: str = "Невролог"):
    """``persona`` applied and approved: a doctor with a professional profile."""
    from tests.factories import make_specialty
    from tests.services.requests.steps import act

    confirmed(session, persona)
    request = apply(session, persona, specialty=make_specialty(session, name=specialty_name))
    act(session, registrar, request, ("claim", ""), ("approve", ""))
    return persona
