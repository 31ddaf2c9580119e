"""Applying again through the services: confirming the category the doctor holds (from a year
before it ends, with that category's requirements; approval keeps it for 5 more years) and
withdrawing an undecided application (only the doctor's own), after which they may apply anew."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.requests import Request, RequestEvent
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import attestation_view
from gosapp.services.frmr.attestation_rules import valid_until
from gosapp.services.requests import workflow
from tests.services.frmr.attestation_setup import apply, ready_doctor
from tests.services.frmr.career_setup import decide
from tests.services.frmr.portfolio_setup import ACTOR

TODAY = date(2026, 11, 20)  # attestation_setup.NOW
DUE = date(2027, 11, 20)  # a category ending then may be confirmed from today on


def page_of(session, doctor):
    return attestation_view.attestation_page(session=session, user=doctor, today=TODAY)


def test_the_highest_category_is_confirmed_and_kept_five_more_years(session, registrar):
    doctor, record = ready_doctor(session, registrar, category="highest", until=DUE)
    page = page_of(session, doctor)
    assert page.targets == [{"value": "highest", "label": "Высшая (подтверждение)"}]
    assert all(r.met for r in page.checks["highest"]) and page.reconfirm_note == ""
    assert page.checks["highest"][1].title == "Стаж по специальности не меньше 7 лет"
    request = apply(session, doctor, [record.id], target="highest")
    payload = workflow.payload_of(request)
    assert (payload["target"], payload["current"]) == ("highest", "highest")
    assert request.summary == "Подтверждение высшей категории"
    assert page_of(session, doctor).history[0].target == "Высшая (подтверждение)"
    decide(session, registrar, request.id, "approve")
    row = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == doctor.id)
    ).one()
    session.refresh(row)
    until = valid_until(local_date(datetime.now(UTC)))
    assert (row.category, row.category_valid_until, row.category_reminded_for) == (
        "highest",
        until,
        None,
    )
    texts = session.exec(select(RequestEvent.text).where(RequestEvent.request_id == request.id))
    assert f"Подтверждена высшая категория, действует до {until:%d.%m.%Y}" in list(texts)


def test_too_early_to_confirm_the_page_says_from_when_and_submit_refuses(session, registrar):
    doctor, record = ready_doctor(session, registrar, category="highest", until=date(2027, 11, 21))
    page = page_of(session, doctor)
    assert page.targets == [] and "highest" not in page.checks
    assert page.reconfirm_note == "Подтвердить высшую категорию можно будет с 21.11.2026."
    with pytest.raises(Invalid) as caught:
        apply(session, doctor, [record.id], target="highest")
    assert caught.value.field == "target"
    session.rollback()
    filed = select(Request).where(
        Request.applicant_id == doctor.id, Request.type_code == "attestation"
    )
    assert session.exec(filed).first() is None


def test_an_ended_first_category_may_be_confirmed_or_raised(session, registrar):
    doctor, record = ready_doctor(session, registrar, until=date(2026, 6, 1))
    page = page_of(session, doctor)
    assert [t["label"] for t in page.targets] == ["Первая (подтверждение)", "Высшая"]
    assert page.expired and page.reconfirm_note == ""
    assert apply(session, doctor, [record.id], target="first").summary == (
        "Подтверждение первой категории"
    )


def test_a_confirmation_needs_that_categorys_experience(session, registrar):
    doctor, record = ready_doctor(
        session, registrar, category="highest", until=DUE, started_on="01.09.2020"
    )
    lines = page_of(session, doctor).checks["highest"]
    experience = next(r for r in lines if r.key == "experience")
    assert not experience.met  # 6 years; высшая needs 7
    with pytest.raises(Invalid) as caught:
        apply(session, doctor, [record.id], target="highest")
    assert caught.value.field == "requirements"


def test_a_withdrawn_application_frees_the_doctor_to_apply_again(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    first = apply(session, doctor, [record.id])
    assert page_of(session, doctor).history[0].can_withdraw
    workflow.transition(
        session=session, request_id=first.id, action="withdraw", user=doctor, actor=ACTOR
    )
    session.commit()
    page = page_of(session, doctor)
    assert page.open_number == "" and page.targets  # the check and the form are back
    assert (page.history[0].status_label, page.history[0].can_withdraw) == ("Отозвано", False)
    second = apply(session, doctor, [record.id])
    page = page_of(session, doctor)
    assert [(h.number, h.can_withdraw) for h in page.history] == [
        (second.number, True),
        (first.number, False),
    ]


def test_a_decided_application_cannot_be_withdrawn(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    request = apply(session, doctor, [record.id])
    decide(session, registrar, request.id, "reject", "Нет подписи")
    assert not page_of(session, doctor).history[0].can_withdraw


def test_another_doctor_cannot_withdraw_a_colleagues_application(session, registrar):
    owner, record = ready_doctor(session, registrar)
    other, _ = ready_doctor(session, registrar)
    request = apply(session, owner, [record.id])
    with pytest.raises(NotFound):
        workflow.transition(
            session=session, request_id=request.id, action="withdraw", user=other, actor=ACTOR
        )
    session.rollback()
    session.refresh(request)
    assert request.status == "submitted"
    assert page_of(session, owner).open_number == request.number
