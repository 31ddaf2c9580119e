"""«Исправить и отправить снова»: a rejected НМО activity or experience period is opened with
its values and staff's reason, corrected and sent again as the same request (the timeline
keeps the refusal and the changes), counts as «на проверке» again, and never reaches another
doctor's record."""

from datetime import date

import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.requests import Document, Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed, NotFound
from gosapp.services.frmr import education, education_view, experience
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import timeline
from tests.services.frmr.career_setup import ACTIVITY, NOW, add_activity, add_period, decide
from tests.services.frmr.portfolio_setup import ACTOR, make_doctor, stage

TODAY = date(2026, 11, 20)


def decide_on(session, registrar, row, action: str, text: str = "") -> None:
    """Staff decide the row's check request."""
    assert row.request_id is not None
    decide(session, registrar, row.request_id, action, text)


def _resubmit_activity(session, user, row_id, files=(), **changes):
    row = education.resubmit_activity(
        session=session,
        user=user,
        activity_id=row_id,
        form={**ACTIVITY, **changes},
        document_ids=list(files),
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    return row


def test_a_rejected_activity_is_opened_with_its_values_and_the_reason(session, registrar):
    doctor = make_doctor(session)
    row = add_activity(session, doctor, points="40")
    decide_on(session, registrar, row, "reject", "Баллов в сертификате 36")
    found = education.rejected_activity(
        session=session, user=doctor, activity_id=str(row.id), actor=ACTOR
    )
    assert found.reason == "Баллов в сертификате 36"
    assert found.values == {**ACTIVITY, "points": "40"}


def test_the_corrected_activity_is_the_same_request_sent_again(session, registrar):
    doctor = make_doctor(session)
    row = add_activity(session, doctor, points="40")
    first_document = row.document_id
    decide_on(session, registrar, row, "reject", "Баллов в сертификате 36")
    certificate = stage(session, doctor, "сертификат-2.pdf").id
    fixed = _resubmit_activity(session, doctor, row.id, [certificate], points="36")

    assert (fixed.id, fixed.request_id, fixed.points) == (row.id, row.request_id, 36)
    assert fixed.document_id == certificate != first_document
    request = session.get_one(Request, fixed.request_id)
    assert request.status == RequestStatus.SUBMITTED
    texts = [e.text for e in timeline.timeline(session, request)]
    assert "Баллов в сертификате 36" in texts
    assert any("Баллы (ЗЕТ): «40» → «36»" in t for t in texts)
    files = session.exec(select(Document).where(Document.request_id == request.id)).all()
    assert len(files) == 2  # the first certificate stays in the request's history
    shown = education_view.dashboard(session=session, user=doctor, today=TODAY).activities
    assert [(a.status_label, a.reason) for a in shown] == [("на проверке", "")]
    assert session.exec(
        select(AuditEvent).where(AuditEvent.action == "nmo.activity.resubmit")
    ).one()

    decide(session, registrar, request.id, "approve")
    board = education_view.dashboard(session=session, user=doctor, today=TODAY)
    assert board.activities[0].status_label == "подтверждён" and board.year_points == 36


def test_without_a_new_file_the_certificate_is_kept(session, registrar):
    doctor = make_doctor(session)
    row = add_activity(session, doctor)
    document = row.document_id
    decide_on(session, registrar, row, "reject", "Неверное название")
    fixed = _resubmit_activity(session, doctor, row.id, name="Кардиология: новое")
    assert (fixed.name, fixed.document_id) == ("Кардиология: новое", document)


def test_a_correction_is_checked_like_a_new_activity_and_nothing_changes(session, registrar):
    doctor = make_doctor(session)
    row = add_activity(session, doctor)
    decide_on(session, registrar, row, "reject", "Даты")
    with pytest.raises(InvalidForm) as caught:
        _resubmit_activity(session, doctor, row.id, finished_on="01.01.2027")
    assert caught.value.errors == {"finished_on": "Добавляйте только завершённые мероприятия"}
    session.rollback()
    assert session.get_one(Request, row.request_id).status == RequestStatus.REJECTED


def test_only_a_rejected_record_can_be_corrected(session, registrar):
    doctor = make_doctor(session)
    row = add_activity(session, doctor)
    with pytest.raises(NotAllowed, match="только отклонённую"):
        education.rejected_activity(session=session, user=doctor, activity_id=row.id, actor=ACTOR)
    decide_on(session, registrar, row, "reject", "Нечитаемо")
    _resubmit_activity(session, doctor, row.id)
    with pytest.raises(NotAllowed):  # sent again already (a second tab): not twice
        _resubmit_activity(session, doctor, row.id)


def test_another_doctors_records_cannot_be_opened_or_replaced(session, registrar):
    owner, other = make_doctor(session), make_doctor(session)
    activity = add_activity(session, owner)
    period = add_period(session, owner)
    decide_on(session, registrar, activity, "reject", "Нечитаемо")
    decide_on(session, registrar, period, "reject", "Нет печати")
    them = Actor(user_id=other.id, role="doctor", ip="127.0.0.1")
    attempts = [
        lambda: education.rejected_activity(
            session=session, user=other, activity_id=activity.id, actor=them
        ),
        lambda: education.resubmit_activity(
            session=session,
            user=other,
            activity_id=activity.id,
            form=ACTIVITY,
            document_ids=[stage(session, other).id],
            actor=them,
            now=NOW,
        ),
        lambda: experience.rejected_period(
            session=session, user=other, period_id=period.id, actor=them
        ),
        lambda: experience.resubmit_period(
            session=session,
            user=other,
            period_id=period.id,
            form={},
            document_ids=[],
            actor=them,
            now=NOW,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
        session.rollback()
    for request_id in (activity.request_id, period.request_id):
        assert session.get_one(Request, request_id).status == RequestStatus.REJECTED
    denied = session.exec(
        select(AuditEvent.object_type).where(
            AuditEvent.action == "access.denied", AuditEvent.user_id == other.id
        )
    ).all()
    assert sorted(denied) == ["experience", "experience", "nmo", "nmo"]
    with pytest.raises(NotFound):
        education.rejected_activity(session=session, user=owner, activity_id="999999", actor=ACTOR)


def test_a_rejected_period_is_corrected_and_counted_as_pending(session, registrar):
    doctor = make_doctor(session)
    period = add_period(session, doctor)
    decide_on(session, registrar, period, "reject", "Дата увольнения не та")
    found = experience.rejected_period(
        session=session, user=doctor, period_id=period.id, actor=ACTOR
    )
    assert found.reason == "Дата увольнения не та"
    assert (found.values["ended_on"], found.values["medical"]) == ("31.08.2020", "on")
    fixed = experience.resubmit_period(
        session=session,
        user=doctor,
        period_id=period.id,
        form={**found.values, "ended_on": "30.09.2020"},
        document_ids=[],
        actor=ACTOR,
        now=NOW,
    )
    session.commit()
    assert fixed.ended_on == date(2020, 9, 30)
    summary = experience.summary(session=session, user=doctor, today=TODAY)
    assert [(p.status_label, p.rejection) for p in summary.periods] == [("на проверке", "")]
    assert summary.has_pending
    decide_on(session, registrar, period, "approve")
    summary = experience.summary(session=session, user=doctor, today=TODAY)
    assert summary.periods[0].status_label == "зафиксировано"
