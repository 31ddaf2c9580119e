"""The health record: МКБ-10 search, the patient's record and its filters, marking a
recommendation done, the PDF extract, and the due-date reminders (once per threshold)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.notifications import Notification
from gosapp.models.record import (
    Allergy,
    Diagnosis,
    DiagnosisStatus,
    Recommendation,
    RecommendationStatus,
    Vaccination,
    VisitNote,
)
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.medical import icd10, record, record_pdf, record_reminders
from tests.services.medical.test_access import ACTOR, doctor_user
from tests.services.scheduling.setup import make_doctor

DAY = date(2026, 3, 10)


def test_icd10_finds_by_code_prefix_and_by_russian_words():
    assert len(icd10.codes()) >= 150
    assert [i.code for i in icd10.search("J06")] == ["J06.9"]
    assert icd10.search("i1")[0].code == "I10"  # lower case, a prefix
    assert icd10.search("О06")[0].code == "J06.9"  # typed on the Russian layout
    names = [i.code for i in icd10.search("сахарный диаб")]
    assert "E11" in names and "E10.9" in names
    assert "I10" in [i.code for i in icd10.search("ГИПЕРТЕНЗИЯ")]
    assert "K29.5" in [i.code for i in icd10.search("хронический гастрит")]
    assert icd10.search("острый гастрит хроническ") == []  # every word must match
    assert len(icd10.search("о")) == icd10.MAX_HITS
    assert icd10.search("  ") == []


def test_an_unknown_code_is_refused():
    assert icd10.lookup("i10").name.startswith("Эссенциальная")
    with pytest.raises(Invalid):
        icd10.lookup("X99.9")


def _fill(session, patient, doctor_name="Лебедев Дмитрий Андреевич"):
    resource = make_doctor(session)
    visit = Appointment(
        resource_id=resource.id,
        patient_id=patient.id,
        starts_at=datetime(2026, 3, 10, 7, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 10, 7, 20, tzinfo=UTC),
        status=AppointmentStatus.COMPLETED,
        complaint="Кашель",
    )
    session.add(visit)
    session.flush()
    note = VisitNote(
        appointment_id=visit.id,
        patient_id=patient.id,
        complaint="Кашель неделю",
        conclusion="ОРВИ, лёгкое течение",
    )
    session.add(note)
    session.flush()
    cold = Diagnosis(
        patient_id=patient.id,
        icd_code="J06.9",
        icd_name=icd10.lookup("J06.9").name,
        diagnosed_on=DAY,
        doctor_name=doctor_name,
        visit_note_id=note.id,
        status=DiagnosisStatus.RESOLVED,
    )
    pressure = Diagnosis(
        patient_id=patient.id,
        icd_code="I10",
        icd_name=icd10.lookup("I10").name,
        diagnosed_on=date(2025, 6, 1),
        doctor_name=doctor_name,
        chronic=True,
    )
    session.add_all([cold, pressure])
    session.flush()
    session.add_all(
        [
            Recommendation(
                patient_id=patient.id, diagnosis_id=pressure.id, text="Контроль АД", due_on=DAY
            ),
            Recommendation(patient_id=patient.id, diagnosis_id=cold.id, text="Обильное питьё"),
            Vaccination(patient_id=patient.id, name="Грипп", vaccinated_on=date(2025, 10, 1)),
            Allergy(patient_id=patient.id, substance="Пенициллин", reaction="Крапивница"),
        ]
    )
    session.flush()
    return visit


def test_the_record_shows_every_section_of_this_patient_only(session, alice, bob):
    _fill(session, alice.user)
    _fill(session, bob.user, doctor_name="Другой Врач")
    rec = record.load(session, alice.id)
    assert [v["conclusion"] for v in rec.visits] == ["ОРВИ, лёгкое течение"]
    assert rec.visits[0]["complaint"] == "Кашель неделю" and rec.visits[0]["diagnoses"] == "J06.9"
    assert [d["code"] for d in rec.diagnoses] == ["J06.9", "I10"]
    assert {d["doctor"] for d in rec.diagnoses} == {"Лебедев Дмитрий Андреевич"}
    assert [c["code"] for c in rec.chronic] == ["I10"]
    assert len(rec.recommendations) == 2 and rec.allergies[0]["substance"] == "Пенициллин"
    assert [o["code"] for o in rec.diagnosis_options] == ["I10", "J06.9"]


def test_the_filters_narrow_by_diagnosis_date_and_status(session, alice):
    _fill(session, alice.user)
    by_code = record.load(session, alice.id, record.parse_filter({"diagnosis": "j06.9"}))
    assert [d["code"] for d in by_code.diagnoses] == ["J06.9"]
    assert [r["text"] for r in by_code.recommendations] == ["Обильное питьё"]
    assert len(by_code.visits) == 1
    by_pressure = record.load(session, alice.id, record.RecordFilter(diagnosis="I10"))
    assert by_pressure.visits == []  # no visit note carries I10
    recent = record.load(session, alice.id, record.parse_filter({"from": "2026-01-01"}))
    assert [d["code"] for d in recent.diagnoses] == ["J06.9"] and recent.vaccinations == []
    assert [r["text"] for r in recent.recommendations] == ["Контроль АД"]  # undated: left out
    active = record.load(session, alice.id, record.parse_filter({"status": "open"}))
    assert [d["code"] for d in active.diagnoses] == ["I10"]
    assert record.parse_filter({"status": "bogus", "from": "x"}) == record.RecordFilter()
    assert record.to_query(record.RecordFilter(diagnosis="I10", status="open")) == (
        "diagnosis=I10&status=open"
    )


def test_the_patient_marks_only_their_own_recommendation_done(session, alice, bob):
    _fill(session, alice.user)
    _fill(session, bob.user)
    mine = session.exec(select(Recommendation).where(Recommendation.patient_id == alice.id)).first()
    theirs = session.exec(select(Recommendation).where(Recommendation.patient_id == bob.id)).first()
    with pytest.raises(NotFound):
        record.mark_done(
            session=session, patient=alice.user, recommendation_id=theirs.id, actor=ACTOR
        )
    assert record.mark_done(
        session=session, patient=alice.user, recommendation_id=mine.id, actor=ACTOR
    )
    assert not record.mark_done(
        session=session, patient=alice.user, recommendation_id=mine.id, actor=ACTOR
    )
    session.refresh(mine)
    session.refresh(theirs)
    assert (
        mine.status == RecommendationStatus.DONE and theirs.status == RecommendationStatus.PENDING
    )


def test_the_pdf_extract_is_the_owners_or_a_treating_doctors(session, alice, bob):
    _fill(session, alice.user)
    body = record_pdf.export_pdf(
        session=session,
        viewer=alice.user,
        patient_id=alice.id,
        flt=record.RecordFilter(),
        actor=ACTOR,
    )
    assert body.startswith(b"%PDF")
    with pytest.raises(NotFound):
        record_pdf.export_pdf(
            session=session,
            viewer=bob.user,
            patient_id=alice.id,
            flt=record.RecordFilter(),
            actor=ACTOR,
        )
    doctor, _ = doctor_user(session)
    with pytest.raises(NotFound):  # no visit with this doctor
        record_pdf.export_pdf(
            session=session,
            viewer=doctor,
            patient_id=alice.id,
            flt=record.RecordFilter(),
            actor=ACTOR,
        )


def _due(session, patient, due_on):
    item = Recommendation(patient_id=patient.id, text="Повторный анализ крови", due_on=due_on)
    session.add(item)
    session.flush()
    return item


def _reminders(session, patient):
    return session.exec(select(Notification).where(Notification.user_id == patient.id)).all()


def test_reminders_go_three_days_before_and_on_the_day_once_each(session, alice):
    item = _due(session, alice.user, DAY)
    assert record_reminders.send_due(session, DAY - timedelta(days=4)) == record_reminders.Sent()
    first = record_reminders.send_due(session, DAY - timedelta(days=3))
    assert first.before == (item.id,) and first.due == ()
    assert record_reminders.send_due(session, DAY - timedelta(days=2)) == record_reminders.Sent()
    on_day = record_reminders.send_due(session, DAY)
    assert on_day.due == (item.id,)
    assert record_reminders.send_due(session, DAY) == record_reminders.Sent()
    assert record_reminders.send_due(session, DAY + timedelta(days=1)) == record_reminders.Sent()
    titles = [n.title for n in _reminders(session, alice.user)]
    assert len(titles) == 2 and "сегодня" in titles[1]
    assert all("анализ" not in t for t in titles)  # no medical detail in the message


def test_a_done_recommendation_is_not_reminded_and_a_late_run_sends_one(session, alice):
    done = _due(session, alice.user, DAY)
    done.status = RecommendationStatus.DONE
    late = _due(session, alice.user, DAY)
    session.flush()
    sent = record_reminders.send_due(session, DAY + timedelta(days=1))
    assert sent.due == (late.id,) and sent.before == ()
    session.refresh(late)
    assert late.reminded_before_at is not None  # the early one will never go out now
    assert len(_reminders(session, alice.user)) == 1


RECORD_TABLES = (
    "appointment",
    "visitnote",
    "diagnosis",
    "recommendation",
    "vaccination",
    "allergy",
)


def test_every_record_query_starts_from_the_patient(session, alice):
    from sqlalchemy import event

    _fill(session, alice.user)
    seen: list[str] = []

    def remember(conn, cursor, statement, *args):
        seen.append(" ".join(statement.lower().split()))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        record.load(session, alice.id, record.RecordFilter(diagnosis="J06.9", status="open"))
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    touching = [s for s in seen if any(f" from {t}" in s for t in RECORD_TABLES)]
    assert len(touching) >= 6
    for statement in touching:
        where = statement.split(" where ", 1)[1]
        assert "patient_id = " in where, statement
