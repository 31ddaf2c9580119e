"""Attestation through the services: the check on the doctor's own data, filing (one open
application per doctor, the check enforced again), the approval hook that sets the category
and its 5-year validity, and the reminder a year before it ends (sent once)."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.db import transaction
from gosapp.jobs.attestation import run_once
from gosapp.models.accounts import User
from gosapp.models.career import NmoActivity
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.notifications import Notification
from gosapp.models.requests import Request
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import attestation, attestation_view, profile
from gosapp.services.frmr.attestation_review import detail_rows
from gosapp.services.frmr.attestation_rules import valid_until
from gosapp.services.requests import workflow
from tests.factories import make_user
from tests.services.frmr import portfolio_setup
from tests.services.frmr.attestation_setup import NOW, apply, give_profile, ready_doctor
from tests.services.frmr.career_setup import add_period, decide
from tests.services.frmr.portfolio_setup import ACTOR, make_doctor

TODAY = date(2026, 11, 20)


def the_profile(session, user) -> MedicalWorkerProfile:
    row = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == user.id)
    ).one()
    session.refresh(row)
    return row


def test_a_ready_doctor_sees_every_requirement_met(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    page = attestation_view.attestation_page(session=session, user=doctor, today=TODAY)
    assert page.category == "Первая" and page.targets == [{"value": "highest", "label": "Высшая"}]
    assert all(r.met for r in page.checks["highest"])
    assert [d.id for d in page.documents] == [str(record.id)]
    assert page.history == [] and page.open_number == ""


def test_a_course_awaiting_its_certificate_counts_no_points_and_breaks_nothing(session, registrar):
    doctor, _ = ready_doctor(session, registrar)
    before = attestation.standing(session, doctor, TODAY).cycle_points
    session.add(  # a finished training programme: no certificate, no request yet
        NmoActivity(
            owner_id=doctor.id,
            name="Школа терапевта",
            provider="РМАНПО",
            kind="course",
            started_on=TODAY - timedelta(days=10),
            finished_on=TODAY - timedelta(days=8),
            hours=36,
            points=36,
        )
    )
    session.commit()
    assert attestation.standing(session, doctor, TODAY).cycle_points == before
    page = attestation_view.attestation_page(session=session, user=doctor, today=TODAY)
    assert all(r.met for r in page.checks["highest"])


def test_unverified_experience_does_not_count(session, registrar):
    doctor = make_doctor(session)
    give_profile(session, doctor, "none")
    add_period(session, doctor, started_on="01.09.2010", ended_on="")  # still on check
    mine = attestation.standing(session, doctor, TODAY)
    assert mine.medical.years == 0
    assert not next(r for r in mine.check("second") if r.key == "experience").met


def test_the_application_carries_the_check_and_shows_in_the_history(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    request = apply(session, doctor, [record.id])
    assert request.type_code == "attestation" and request.status == "submitted"
    payload = workflow.payload_of(request)
    assert payload["target"] == "highest" and payload["current"] == "first"
    assert payload["portfolio_records"] == [record.id]
    assert payload["experience"].startswith("11 лет")
    page = attestation_view.attestation_page(session=session, user=doctor, today=TODAY)
    assert page.open_number == request.number
    assert [(h.number, h.target, h.status_label) for h in page.history] == [
        (request.number, "Высшая", "Подано")
    ]


def test_a_second_open_application_is_refused(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    apply(session, doctor, [record.id])
    with pytest.raises(NotAllowed, match="уже на рассмотрении"):
        apply(session, doctor, [record.id])
    session.rollback()
    count = session.exec(select(Request).where(Request.type_code == "attestation")).all()
    assert len(count) == 1


def test_after_a_rejection_the_doctor_may_apply_again(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    first = apply(session, doctor, [record.id])
    decide(session, registrar, first.id, "reject", "Отчёт не подписан руководителем")
    second = apply(session, doctor, [record.id])
    page = attestation_view.attestation_page(session=session, user=doctor, today=TODAY)
    assert [h.number for h in page.history] == [second.number, first.number]
    assert page.history[1].reason == "Отчёт не подписан руководителем"


@pytest.mark.parametrize(
    ("kwargs", "target", "field"),
    [
        ({"started_on": "21.12.2023", "category": "none"}, "second", "requirements"),  # 2 y 11 m
        ({"category": "none", "accredited": "20.11.2024"}, "second", "requirements"),  # 0 < 100
        ({}, "first", "target"),  # first → first
        ({}, "junk", "target"),
        ({"category": "highest"}, "highest", "target"),
    ],
)
def test_an_application_that_fails_the_check_is_refused(session, registrar, kwargs, target, field):
    doctor, record = ready_doctor(session, registrar, **kwargs)
    with pytest.raises(Invalid) as caught:
        apply(session, doctor, [record.id], target=target)
    assert caught.value.field == field
    session.rollback()
    assert session.exec(select(Request).where(Request.type_code == "attestation")).first() is None


def test_documents_must_be_the_doctors_own_approved_ones_and_a_report_is_required(
    session, registrar
):
    doctor, record = ready_doctor(session, registrar)
    _, others_record = ready_doctor(session, registrar)
    pending = portfolio_setup.add(session, doctor)  # not yet approved
    for records in ([], [others_record.id], [pending.id], [record.id, "x"]):
        with pytest.raises(Invalid) as caught:
            apply(session, doctor, records)
        assert caught.value.field == "records"
        session.rollback()
    with pytest.raises(Invalid) as caught:
        apply(session, doctor, [record.id], report=False)
    assert caught.value.field == "file"


def test_a_non_doctor_can_neither_see_nor_apply(session, registrar):
    citizen = make_user(session)
    with pytest.raises(NotAllowed):
        attestation_view.attestation_page(session=session, user=citizen, today=TODAY)
    with pytest.raises(NotAllowed):
        apply(session, citizen, [1])


def test_approval_sets_the_category_for_five_years(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    request = apply(session, doctor, [record.id])
    decide(session, registrar, request.id, "approve")
    row = the_profile(session, doctor)
    until = valid_until(local_date(datetime.now(UTC)))
    assert (row.category, row.category_valid_until) == ("highest", until)
    view = profile.profile_view(session=session, user=doctor)
    assert view.category == f"Высшая, действует до {until:%d.%m.%Y}"
    page = attestation_view.attestation_page(session=session, user=doctor, today=TODAY)
    assert page.targets == [] and page.history[0].status_label == "Одобрено"


def test_staff_see_the_report_and_the_chosen_documents(session, registrar):
    doctor, record = ready_doctor(session, registrar)
    request = apply(session, doctor, [record.id])
    rows = detail_rows(session, request)
    assert rows[0] == {"label": "Отчёт о работе", "value": "отчёт.pdf"}
    assert rows[1]["value"].startswith("Сертификат специалиста № 0177241234567")
    assert rows[1]["preview"].startswith("/api/portfolio/preview/")


def test_the_reminder_goes_once_a_year_before_the_end(session, registrar):
    doctor = make_doctor(session)
    row = give_profile(session, doctor, "first")
    row.category_valid_until = date(2027, 11, 25)
    session.add(row)
    session.commit()
    engine = session.get_bind()
    early = datetime(2026, 11, 20, 9, tzinfo=UTC)  # a year and five days before
    assert run_once(engine, early) == 0
    due = early + timedelta(days=5)
    assert run_once(engine, due) == 1
    assert run_once(engine, due) == 0
    assert run_once(engine, due + timedelta(days=30)) == 0
    notes = session.exec(select(Notification).where(Notification.user_id == doctor.id)).all()
    assert [n.title for n in notes] == ["Квалификационная категория истекает через год"]
    assert "25.11.2027" in notes[0].body and notes[0].link == "/frmr/attestation"
    row = the_profile(session, doctor)
    row.category_valid_until, row.category_reminded_for = date(2032, 11, 25), None  # renewed
    session.add(row)
    session.commit()
    assert run_once(engine, datetime(2031, 11, 26, 9, tzinfo=UTC)) == 1


def test_an_expired_or_absent_validity_is_not_reminded(session):
    doctor = make_doctor(session)
    row = give_profile(session, doctor, "first")
    assert run_once(session.get_bind(), NOW) == 0
    row.category_valid_until = date(2026, 1, 1)
    session.add(row)
    session.commit()
    assert run_once(session.get_bind(), NOW) == 0


def test_two_tabs_sending_at_once_file_one_application(engine, session, registrar):
    """Both pass the «no open application» check only if nothing serialises them: on
    PostgreSQL the per-doctor advisory lock does, on SQLite the write lock."""
    doctor, record = ready_doctor(session, registrar)
    reports = [portfolio_setup.stage(session, doctor, "отчёт.pdf").id for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def send(report_id: int) -> None:
        barrier.wait()
        try:
            with transaction(engine) as db:
                user = db.get_one(User, doctor.id)
                attestation.submit(
                    session=db,
                    user=user,
                    target="highest",
                    record_ids=[record.id],
                    document_ids=[report_id],
                    actor=ACTOR,
                    now=NOW,
                )
            outcomes.append("filed")
        except NotAllowed as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=send, args=(r,)) for r in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["filed", attestation.OPEN_ALREADY])
    session.expire_all()
    rows = session.exec(select(Request).where(Request.applicant_id == doctor.id)).all()
    assert [r.type_code for r in rows].count("attestation") == 1
