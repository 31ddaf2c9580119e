"""Benefits (SPEC §4): adding one sends a 24-hour verification request; approval activates it
exactly once; one click renews it from the old one; nobody reaches another's benefit."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.requests import Request, RequestStatus
from gosapp.models.social_benefits import Benefit, BenefitStatus
from gosapp.services.common.errors import NotAllowed, NotFound
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import catalog, workflow
from gosapp.services.social import benefits, benefits_view
from gosapp.services.social.benefits_review import TYPE_CODE
from tests.services.social.benefit_setup import ACTOR, FORM, NOW, TODAY, add, decide, make_citizen


def _request(session, row: Benefit) -> Request:
    return session.get_one(Request, row.request_id)


def test_adding_a_benefit_submits_a_verification_due_within_24_hours(session, registrar):
    citizen = make_citizen(session)
    row = add(session, citizen)
    request = _request(session, row)
    assert request.type_code == TYPE_CODE and request.status == RequestStatus.SUBMITTED
    assert row.status == BenefitStatus.PENDING
    assert request.due_on == date(2026, 11, 21)  # Friday 12:00 + 24 h: Saturday, not Monday
    assert workflow.deadline_label(request) == "решение до 21.11.2026"
    [shown] = benefits_view.rows(session, citizen, TODAY)
    assert (shown["status"], shown["name"], shown["valid_to"]) == (
        "на проверке",
        "Многодетная семья",
        "31.12.2027",
    )


def test_a_working_day_deadline_is_unchanged_by_the_hours_option():
    friday = datetime(2026, 11, 20, 9, 0).astimezone()
    cert = catalog.get("cert_health")
    assert cert.deadline_hours is None
    assert cert.due_on(cert.parse({"purpose": "работа"}), friday) == date(2026, 11, 25)
    benefit = catalog.get(TYPE_CODE)
    late = datetime.fromisoformat("2026-11-20T22:30:00+00:00")  # 01:30 on Saturday in Moscow
    assert benefit.due_on(benefit.parse(FORM), late) == date(2026, 11, 22)


def test_approval_activates_the_benefit_and_rejection_shows_it_rejected(session, registrar):
    citizen = make_citizen(session)
    approved, rejected = add(session, citizen), add(session, citizen)
    decide(session, registrar.user, approved.request_id)
    decide(session, registrar.user, rejected.request_id, "reject")
    session.refresh(approved)
    assert approved.status == BenefitStatus.ACTIVE
    statuses = {r["id"]: r["status"] for r in benefits_view.rows(session, citizen, TODAY)}
    assert statuses == {str(approved.id): "действует", str(rejected.id): "отклонена"}


def test_the_form_is_validated_in_russian(session):
    citizen = make_citizen(session)
    bad = {**FORM, "valid_to": "01.01.2025", "basis": "  "}
    with pytest.raises(InvalidForm) as refused:
        benefits.add_benefit(
            session=session, user=citizen, form=bad, document_ids=[], actor=ACTOR, now=NOW
        )
    assert refused.value.errors["basis"] == "Заполните поле"


def test_expiring_benefit_is_flagged_and_renewed_in_one_click(session, registrar):
    citizen = make_citizen(session)
    form = {**FORM, "valid_from": "11.12.2025", "valid_to": "10.12.2026"}
    old = add(session, citizen, form)
    decide(session, registrar.user, old.request_id)
    [row] = benefits_view.rows(session, citizen, TODAY)
    assert (row["status"], row["flag"], row["can_renew"]) == ("истекает", "30", "1")
    new = benefits.renew(session=session, user=citizen, benefit_id=old.id, actor=ACTOR, now=NOW)
    session.commit()
    request = _request(session, new)
    assert request.status == RequestStatus.SUBMITTED
    payload = workflow.payload_of(request)
    assert payload["renewed_from"] == old.id
    assert (new.kind, new.basis, new.renewed_from_id) == (old.kind, old.basis, old.id)
    assert (new.valid_from, new.valid_to) == (date(2026, 12, 11), date(2027, 12, 10))
    with pytest.raises(NotAllowed):  # a second click while the renewal is under way
        benefits.renew(session=session, user=citizen, benefit_id=old.id, actor=ACTOR, now=NOW)
    decide(session, registrar.user, new.request_id)
    session.refresh(new)
    assert new.status == BenefitStatus.ACTIVE


def test_a_far_or_pending_benefit_cannot_be_renewed(session, registrar):
    citizen = make_citizen(session)
    pending = add(session, citizen)
    far = add(session, citizen)
    decide(session, registrar.user, far.request_id)
    for row in (pending, far):
        with pytest.raises(NotAllowed):
            benefits.renew(session=session, user=citizen, benefit_id=row.id, actor=ACTOR, now=NOW)


def test_no_citizen_reaches_another_citizens_benefit(session, registrar):
    owner, other = make_citizen(session), make_citizen(session)
    row = add(session, owner, {**FORM, "valid_to": "10.12.2026"})
    decide(session, registrar.user, row.request_id)
    assert benefits_view.rows(session, other, TODAY) == []
    for bad in (row.id, str(row.id), "abc", 10**9):
        with pytest.raises(NotFound):
            benefits.renew(session=session, user=other, benefit_id=bad, actor=ACTOR, now=NOW)
    assert session.exec(select(Benefit).where(Benefit.owner_id == other.id)).all() == []


def test_a_second_approval_after_the_first_changes_nothing(session, registrar, admin):
    citizen = make_citizen(session)
    row = add(session, citizen)
    decide(session, registrar.user, row.request_id)
    with pytest.raises(workflow.AlreadyProcessed):
        workflow.transition(
            session=session,
            request_id=row.request_id,
            action="approve",
            user=admin.user,
            actor=ACTOR,
            seen_status="in_progress",
            now=NOW + timedelta(hours=1),
        )
    session.rollback()
    assert len(session.exec(select(Benefit).where(Benefit.owner_id == citizen.id)).all()) == 1
