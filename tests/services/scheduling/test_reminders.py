"""Reminders 24 and 2 hours before a visit on a controlled clock: claimed atomically (two
workers at once send each exactly once), caught up after a missed run, never for a cancelled
visit, and through the notifications core (e-mail/SMS per preferences)."""

import threading

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.db import transaction
from gosapp.models.notifications import Notification, OutboundMessage
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.scheduling import booking, reminders
from tests.services.scheduling.booked import book
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient

A = AppointmentStatus


def reminders_of(session, patient) -> list[Notification]:
    session.expire_all()
    return list(
        session.exec(
            select(Notification)
            .where(
                Notification.user_id == patient.id,
                col(Notification.title).startswith("Напоминание"),
            )
            .order_by(col(Notification.id))
        )
    )


def test_24_and_2_hours_before_each_once(session):
    doctor, patient = make_doctor(session), make_patient(session)
    doctor.room = "212"
    visit = book(session, patient, doctor, at(13, 10, 20))
    assert reminders.send_due(session, at(12, 10, 19)) == reminders.Sent()  # 24 h + 1 min
    assert reminders.send_due(session, at(12, 10, 20)).day == (visit.id,)
    assert reminders.send_due(session, at(12, 11)) == reminders.Sent()
    assert reminders.send_due(session, at(13, 8, 19)) == reminders.Sent()
    assert reminders.send_due(session, at(13, 8, 20)).hours == (visit.id,)
    assert reminders.send_due(session, at(13, 9)) == reminders.Sent()

    day, hours = reminders_of(session, patient)
    assert day.title == "Напоминание: приём завтра в 10:20, Смирнова А. В., каб. 212"
    assert hours.title == "Напоминание: приём сегодня в 10:20, Смирнова А. В., каб. 212"
    assert day.link == routes.my_appointment(visit.number)
    # the patient's confirmed e-mail and SMS get it too (both preferences on by default)
    channels = session.exec(
        select(OutboundMessage.channel).where(OutboundMessage.user_id == patient.id)
    ).all()
    assert len(channels) >= 2


def test_a_missed_run_catches_up_with_the_24_hour_reminder(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(13, 10, 20))
    # the job was down from 24 h to 5 h before the visit
    assert reminders.send_due(session, at(13, 5, 30)).day == (visit.id,)
    assert [n.title[:30] for n in reminders_of(session, patient)] == [
        "Напоминание: приём сегодня в 1"
    ]


def test_within_two_hours_only_the_2_hour_reminder_goes_out(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(13, 10, 20))
    sent = reminders.send_due(session, at(13, 9))
    assert sent == reminders.Sent(hours=(visit.id,))
    assert reminders.send_due(session, at(13, 9, 30)) == reminders.Sent()
    session.refresh(visit)
    assert visit.reminded_24h_at is not None and visit.reminded_2h_at is not None
    assert len(reminders_of(session, patient)) == 1


def test_a_cancelled_or_past_visit_is_never_reminded(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(13, 10, 20))
    booking.cancel(
        session=session, patient=patient, appointment_id=visit.id, actor=ACTOR, now=MONDAY
    )
    assert reminders.send_due(session, at(12, 12)) == reminders.Sent()
    other = book(session, make_patient(session), doctor, at(13, 11))
    assert reminders.send_due(session, at(13, 11, 1)) == reminders.Sent()  # it has begun
    assert other.reminded_24h_at is None
    assert reminders_of(session, patient) == []


def test_a_claim_is_won_once(session):
    doctor, patient = make_doctor(session), make_patient(session)
    visit = book(session, patient, doctor, at(13, 10, 20))
    mark = col(Appointment.reminded_24h_at)
    assert reminders._claim(session, visit.id, at(12, 11), mark)
    assert not reminders._claim(session, visit.id, at(12, 11), mark)


def test_two_workers_at_once_send_each_reminder_exactly_once(engine):
    with transaction(engine) as db:
        doctor = make_doctor(db)
        patients = [make_patient(db) for _ in range(6)]
        visits = [
            book(db, p, doctor, at(13, 9 + i // 3, 20 * (i % 3)), now=MONDAY)
            for i, p in enumerate(patients)
        ]
        ids = {v.id for v in visits}
    barrier = threading.Barrier(2)
    results: list[reminders.Sent] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            with transaction(engine) as db:
                results.append(reminders.send_due(db, at(12, 12)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    sent = [i for r in results for i in r.day]
    assert sorted(sent) == sorted(ids)  # every visit once, whichever worker won it
    with Session(engine) as db:
        titles = db.exec(
            select(Notification.user_id).where(col(Notification.title).startswith("Напоминание"))
        ).all()
    assert sorted(titles) == sorted(p.id for p in patients)


def test_the_job_pass_sends_reminders_and_passes_offers_on(engine):
    from gosapp.jobs.appointments import run_once

    with transaction(engine) as db:
        doctor, patient = make_doctor(db), make_patient(db)
        book(db, patient, doctor, at(13, 10, 20))
    assert run_once(engine, at(12, 12)) == (1, 0)
    assert run_once(engine, at(12, 12, 1)) == (0, 0)  # a restart sends nothing again


def test_a_worker_with_a_stale_list_does_not_send_what_another_sent(engine):
    with transaction(engine) as db:
        visit = book(db, make_patient(db), make_doctor(db), at(13, 10, 20))
    with Session(engine) as slow:  # read its list before the other worker ran
        (due,) = reminders._due(slow, at(12, 12))
    with transaction(engine) as fast:
        assert reminders.send_due(fast, at(12, 12)).day == (visit.id,)
    with transaction(engine) as slow:
        assert not reminders._claim(slow, due.id, at(12, 12), col(Appointment.reminded_24h_at))
