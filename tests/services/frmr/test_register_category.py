"""«Категория действует до» in the register application: the validity table, the payload,
the registrar's view, the approval setting the profile's date (and resetting the reminder
claim), and applications sent before the field existed."""

import json
from datetime import date

import pytest
from sqlmodel import select

from gosapp.models.frmr import MedicalWorkerProfile, QualificationCategory
from gosapp.services.backoffice.request_view import render_payload
from gosapp.services.frmr import applications, category_validity, register
from gosapp.services.frmr.category_validity import PAST, REQUIRED, TOO_FAR
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import workflow
from tests.factories import make_specialty
from tests.services.frmr.setup import apply, confirmed, form
from tests.services.requests.steps import act

DATE_MESSAGE = "Введите дату в формате ДД.ММ.ГГГГ"
MISSING = "Такой даты нет — проверьте день и месяц"


@pytest.mark.parametrize(
    ("category", "typed", "error", "stored"),
    [
        ("first", "20.11.2029", None, "2029-11-20"),
        ("highest", " 1.2.2027 ", None, "2027-02-01"),
        ("second", "20.11.2026", None, "2026-11-20"),  # today (FRIDAY) still counts
        ("first", "20.11.2031", None, "2031-11-20"),  # exactly five years ahead
        ("first", "21.11.2031", TOO_FAR, None),
        ("first", "19.11.2026", PAST, None),
        ("first", "", REQUIRED, None),
        ("second", "2029", DATE_MESSAGE, None),
        ("second", "31.02.2028", MISSING, None),
        ("none", "", None, None),
        ("none", "01.01.2000", None, None),  # hidden with «Без категории»: ignored
    ],
)
def test_the_validity_end_is_checked_beside_its_field(
    session, alice, category, typed, error, stored
):
    confirmed(session, alice)
    spec = make_specialty(session)
    data = form(spec.code, category=category, category_valid_until=typed)
    if error is not None:
        with pytest.raises(InvalidForm) as caught:
            apply(session, alice, specialty=spec, data=data)
        assert caught.value.errors == {"category_valid_until": error}
        return
    request = apply(session, alice, specialty=spec, data=data)
    assert workflow.payload_of(request)["category_valid_until"] == stored


def test_staff_see_the_date_and_the_applicant_gets_it_back_to_correct(session, alice, registrar):
    confirmed(session, alice)
    spec = make_specialty(session)
    request = apply(session, alice, specialty=spec)
    rows = render_payload(workflow.payload_of(request), register.RegisterPayload)
    assert {"label": "Категория действует до", "value": "20.11.2029"} in rows
    act(session, registrar, request, ("claim", ""), ("reject", "Проверьте дату"))
    assert applications.form_values(request)["category_valid_until"] == "20.11.2029"


def _profile(session, persona) -> MedicalWorkerProfile:
    return session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == persona.id)
    ).one()


def test_approval_sets_the_validity_end_and_resets_the_reminder(session, alice, registrar):
    confirmed(session, alice)
    spec = make_specialty(session)
    # a profile from before (an earlier category, already reminded)
    session.add(
        MedicalWorkerProfile(
            user_id=alice.id,
            specialty_id=spec.id,
            category=QualificationCategory.SECOND,
            category_valid_until=date(2027, 1, 1),
            category_reminded_for=date(2027, 1, 1),
            position="Врач",
            employer_name="Поликлиника",
            employer_inn="7707083893",
            employer_ogrn="1027700132195",
            licence_number="ЛО-1",
        )
    )
    session.commit()
    request = apply(session, alice, specialty=spec, data=form(spec.code, category="highest"))
    act(session, registrar, request, ("claim", ""), ("approve", ""))
    profile = _profile(session, alice)
    session.refresh(profile)
    assert (profile.category, profile.category_valid_until, profile.category_reminded_for) == (
        "highest",
        date(2029, 11, 20),
        None,
    )


def test_without_a_category_the_profile_has_no_validity_end(session, alice, registrar):
    confirmed(session, alice)
    spec = make_specialty(session)
    request = apply(
        session,
        alice,
        specialty=spec,
        data=form(spec.code, category="none", category_valid_until="01.01.2028"),
    )
    act(session, registrar, request, ("claim", ""), ("approve", ""))
    assert _profile(session, alice).category_valid_until is None


def test_an_application_sent_before_the_field_existed_is_still_approved(session, alice, registrar):
    confirmed(session, alice)
    spec = make_specialty(session)
    request = apply(session, alice, specialty=spec)
    old = json.loads(request.payload)
    del old["category_valid_until"]
    request.payload = json.dumps(old)
    session.add(request)
    session.commit()
    assert applications.form_values(request)["category_valid_until"] == ""
    act(session, registrar, request, ("claim", ""), ("approve", ""))
    profile = _profile(session, alice)
    assert (profile.category, profile.category_valid_until) == ("first", None)


def test_shown_turns_iso_into_russian_dates():
    assert category_validity.shown("2029-11-20") == "20.11.2029"
    assert category_validity.shown(None) == ""
    assert category_validity.shown("20.11.2029") == "20.11.2029"
