"""Joining the register: the form's checks, drafts, approval granting the role and the profile,
rejection and resubmission of the same request with its history."""

import pytest
from sqlmodel import select

from gosapp.models.accounts import Role
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.requests import Document, Request, RequestEvent, RequestStatus
from gosapp.services.common.errors import NotAllowed
from gosapp.services.frmr import applications, register
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.identity.roles import roles_of
from gosapp.services.requests import timeline, workflow
from tests.factories import give_documents, make_specialty
from tests.services.frmr.setup import ACTOR, apply, confirmed, form
from tests.services.requests.steps import act

S = RequestStatus


def test_a_wrong_inn_and_ogrn_and_missing_scans_are_named_beside_their_fields(session, alice):
    confirmed(session, alice)
    spec = make_specialty(session)
    with pytest.raises(InvalidForm) as caught:
        apply(
            session,
            alice,
            specialty=spec,
            scans=False,
            data=form(
                spec.code, employer_inn="7707083890", employer_ogrn="1027700132190", position=" "
            ),
        )
    assert caught.value.errors == {
        "employer_inn": "ИНН не прошёл проверку: 10 цифр для организации, 12 — для ИП",
        "employer_ogrn": "ОГРН не прошёл проверку: 13 цифр (ОГРНИП — 15)",
        "position": "Заполните поле",
        "diploma_documents": "Приложите скан диплома",
        "accreditation_documents": "Приложите скан сертификата или свидетельства об аккредитации",
    }


def test_an_unknown_specialty_is_refused(session, alice):
    confirmed(session, alice)
    with pytest.raises(InvalidForm) as caught:
        apply(session, alice, data=form("no-such-specialty"))
    assert caught.value.errors == {"specialty": "Выберите специальность из списка"}


def test_inn_and_ogrn_may_be_typed_with_spaces(session, alice):
    confirmed(session, alice)
    spec = make_specialty(session)
    request = apply(
        session,
        alice,
        specialty=spec,
        data=form(spec.code, employer_inn="7707 083 893", employer_ogrn="1 02 77 00 13 21 95"),
    )
    assert workflow.payload_of(request)["employer_inn"] == "7707083893"
    assert workflow.payload_of(request)["employer_ogrn"] == "1027700132195"


def test_a_standard_account_is_told_to_confirm_it(session, alice):
    give_documents(session, alice.user)
    with pytest.raises(NotAllowed) as caught:
        apply(session, alice)
    assert "подтверждённая" in caught.value.message


def test_a_draft_is_saved_edited_and_submitted_later(session, alice):
    confirmed(session, alice)
    spec = make_specialty(session)
    draft = apply(session, alice, submit=False, specialty=spec)
    assert draft.status == S.DRAFT
    again = apply(
        session,
        alice,
        submit=True,
        specialty=spec,
        scans=False,
        data=form(spec.code, position="Заведующий отделением"),
    )
    assert again.id == draft.id and again.status == S.SUBMITTED
    payload = workflow.payload_of(again)
    assert payload["position"] == "Заведующий отделением"
    assert len(payload["diploma_documents"]) == 1  # the draft's scans are kept


def test_approval_grants_the_doctor_role_and_creates_the_profile(session, alice, registrar):
    confirmed(session, alice)
    spec = make_specialty(session, name="Кардиолог")
    request = apply(session, alice, specialty=spec)
    act(session, registrar, request, ("claim", ""), ("approve", ""))
    assert Role.DOCTOR in roles_of(session, alice.id)
    profile = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == alice.id)
    ).one()
    assert (profile.specialty_id, profile.employer_inn, profile.category) == (
        spec.id,
        "7707083893",
        "first",
    )
    assert register.is_registered(session, alice.id)
    with pytest.raises(NotAllowed, match="уже включены"):
        apply(session, alice)


def test_staff_see_which_scan_is_the_diploma(session, alice):
    confirmed(session, alice)
    request = apply(session, alice)
    rows = {r["label"]: r["value"] for r in register.scan_rows(session, request)}
    assert rows == {"Скан диплома": "диплом.pdf", "Аккредитация / сертификат": "аккредитация.pdf"}


def test_a_rejected_application_is_fixed_and_resubmitted_with_its_history(
    session, alice, registrar
):
    confirmed(session, alice)
    spec = make_specialty(session)
    request = apply(session, alice, specialty=spec)
    act(session, registrar, request, ("claim", ""), ("reject", "ОГРН не совпадает с ЕГРЮЛ"))
    view = applications.application_view(session, alice.user)
    assert view is not None and view.reason == "ОГРН не совпадает с ЕГРЮЛ" and view.editable

    fixed = apply(
        session, alice, specialty=spec, data=form(spec.code, employer_ogrn="1037739010891")
    )
    assert fixed.id == request.id and fixed.status == S.SUBMITTED
    assert session.exec(select(Request).where(Request.applicant_id == alice.id)).all() == [fixed]
    texts = [e.text for e in timeline.timeline(session, fixed)]
    assert "ОГРН не совпадает с ЕГРЮЛ" in texts
    assert any("ОГРН организации: «1027700132195» → «1037739010891»" in t for t in texts)
    statuses = [
        e.to_status
        for e in session.exec(
            select(RequestEvent)
            .where(RequestEvent.request_id == fixed.id, RequestEvent.to_status != "")
            .order_by(RequestEvent.id)
        )
    ]
    assert statuses == ["draft", "submitted", "in_progress", "rejected", "submitted"]
    documents = session.exec(select(Document).where(Document.request_id == fixed.id)).all()
    assert len(documents) == 4  # the first scans stay, the new ones join them

    act(session, registrar, fixed, ("claim", ""), ("approve", ""))
    assert register.is_registered(session, alice.id)


def test_other_types_cannot_be_resubmitted(session, alice, registrar):
    from tests.services.requests.steps import create

    request = create(session, alice, "cert_pool", {"purpose": "Бассейн"})
    act(session, registrar, request, ("claim", ""), ("reject", "Нет направления"))
    with pytest.raises(NotAllowed):
        workflow.transition(
            session=session, request_id=request.id, action="resubmit", user=alice.user, actor=ACTOR
        )


def test_an_application_under_review_cannot_be_changed(session, alice):
    confirmed(session, alice)
    apply(session, alice)
    with pytest.raises(NotAllowed, match="на рассмотрении"):
        apply(session, alice)


def test_a_registrar_question_is_shown_and_answered(session, alice, registrar):
    confirmed(session, alice)
    request = apply(session, alice)
    act(session, registrar, request, ("claim", ""), ("ask_info", "Диплом нечитаем, пересканируйте"))
    view = applications.application_view(session, alice.user)
    assert view is not None
    assert (view.question, view.reason, view.editable) == (
        "Диплом нечитаем, пересканируйте",
        "",
        False,
    )
    act(session, alice, request, ("answer", "Приложила новый скан"))
    view = applications.application_view(session, alice.user)
    assert view is not None and view.status == S.IN_PROGRESS and view.question == ""
