from datetime import date, time

import pytest

from gosapp.models.scheduling import (
    Appointment,
    AppointmentStatus,
    ExceptionKind,
    ScheduleException,
)
from gosapp.services.scheduling import calendar, catalog
from tests.factories import make_clinic, make_specialty
from tests.services.scheduling.setup import MONDAY, at, make_doctor, make_patient

VLADIVOSTOK = "Asia/Vladivostok"


def named(session, resource, name, **fields):
    resource.name = name
    for key, value in fields.items():
        setattr(resource, key, value)
    session.add(resource)
    session.flush()
    return resource


def book_all(session, doctor, day: int, patient):
    """Fill every slot of ``doctor`` on 11..``day`` January (a doctor with no free time)."""
    slots = calendar.free_slots(session, [doctor.id], MONDAY.date(), date(2027, 1, day), MONDAY)
    for slot in slots[doctor.id]:
        session.add(
            Appointment(
                resource_id=doctor.id,
                patient_id=patient.id,
                starts_at=slot.starts_utc,
                ends_at=slot.ends,
                status=AppointmentStatus.SCHEDULED,
            )
        )
    session.flush()


def test_the_service_types_have_their_codes():
    assert [s.code for s in catalog.SERVICE_TYPES] == [
        "consultation",
        "checkup",
        "dispensary",
        "follow_up",
        "szn_benefits",  # the social-protection offices' windows
        "szn_documents",
    ]
    assert catalog.SERVICE_TYPES[3].title == "Повторный приём"


def test_only_specialties_with_active_doctors_are_offered_with_their_count(session):
    therapy = make_specialty(session, code="therapist", name="Терапевт")
    cardiology = make_specialty(session, code="cardiologist", name="Кардиолог")
    make_specialty(session, code="ent", name="Оториноларинголог")  # nobody receives
    make_doctor(session, specialty=therapy)
    make_doctor(session, specialty=therapy)
    retired = make_doctor(session, specialty=cardiology)
    make_doctor(session, specialty=cardiology)
    named(session, retired, retired.name, active=False)

    offered = catalog.specialties(session)
    assert [(s.code, s.doctors) for s in offered] == [("cardiologist", 1), ("therapist", 2)]


def test_doctor_cards_say_who_where_and_when_soonest_first(session):
    therapy = make_specialty(session, code="therapist", name="Терапевт")
    busy = named(
        session,
        make_doctor(session, specialty=therapy, weekdays=(0,)),
        "Антонова Вера Ильинична",
        category="высшая",
        practising_since=2015,
        room="204",
    )
    book_all(session, busy, 11, make_patient(session))  # Monday full: next one is the 18th
    free = named(session, make_doctor(session, specialty=therapy), "Яковлев Пётр Андреевич")

    cards = catalog.doctors(session, specialty_code="therapist", now=MONDAY)
    assert [c.id for c in cards] == [free.id, busy.id]
    assert cards[0].nearest == date(2027, 1, 11)
    card = cards[1]
    assert card.nearest == date(2027, 1, 18)
    assert card.nearest_label == "Ближайшая запись: 18 января"
    assert (card.initials, card.category, card.experience) == (
        "АВ",
        "высшая категория",
        "стаж 12 лет",
    )
    assert card.specialty == "Терапевт" and card.room == "204"
    assert card.zone_note == ""  # a Moscow clinic is in the portal's own zone


def test_doctors_filter_by_clinic_district_and_part_of_the_name(session):
    therapy = make_specialty(session, code="therapist")
    north = make_clinic(session, code="north", district="Северный")
    south = make_clinic(session, code="south", district="Южный")
    a = named(session, make_doctor(session, specialty=therapy, clinic=north), "Орлова Ия Петровна")
    b = named(session, make_doctor(session, specialty=therapy, clinic=south), "Орлов Лев Ильич")
    make_doctor(session)  # another specialty

    def ids(**filters):
        f = catalog.Filters(**filters)
        return {
            c.id
            for c in catalog.doctors(session, specialty_code="therapist", now=MONDAY, filters=f)
        }

    assert ids() == {a.id, b.id}
    assert ids(clinic="north") == {a.id}
    assert ids(district="Южный") == {b.id}
    assert ids(name="орлова") == {a.id}
    assert ids(name="Орлов") == {a.id, b.id}
    assert ids(clinic="north", name="Лев") == set()
    clinics, districts = catalog.filter_options(session, "therapist")
    assert [c.code for c in clinics] == sorted(
        ["north", "south"], key=lambda c: c
    ) and districts == [
        "Северный",
        "Южный",
    ]


def test_the_nearest_free_days_of_a_list_cost_one_free_slots_call(session, monkeypatch):
    therapy = make_specialty(session, code="therapist")
    for _ in range(5):
        make_doctor(session, specialty=therapy)
    calls = []
    real = calendar.free_slots
    monkeypatch.setattr(calendar, "free_slots", lambda *a, **k: calls.append(a) or real(*a, **k))

    cards = catalog.doctors(session, specialty_code="therapist", now=MONDAY)
    assert len(cards) == 5 and all(c.nearest == date(2027, 1, 11) for c in cards)
    assert len(calls) == 1


def test_a_doctor_without_free_time_says_so(session):
    doctor = make_doctor(session)
    session.add(
        ScheduleException(
            resource_id=doctor.id,
            kind=ExceptionKind.VACATION,
            first_day=date(2027, 1, 1),
            last_day=date(2027, 3, 31),
        )
    )
    session.flush()
    card = catalog.doctor(session, doctor.id, MONDAY)
    assert card is not None and card.nearest is None
    assert card.nearest_label == "Нет свободного времени в ближайшие 6 недель"


def test_a_doctor_of_another_specialty_or_inactive_is_not_found(session):
    therapy = make_specialty(session, code="therapist")
    doctor = make_doctor(session)
    assert catalog.doctor(session, doctor.id, MONDAY, "therapist") is None
    assert catalog.doctor(session, 999_999, MONDAY) is None
    assert catalog.doctor(session, make_doctor(session, specialty=therapy).id, MONDAY, "therapist")


@pytest.mark.parametrize(
    ("years", "text"),
    [
        (1, "стаж 1 год"),
        (3, "стаж 3 года"),
        (5, "стаж 5 лет"),
        (11, "стаж 11 лет"),
        (22, "стаж 22 года"),
    ],
)
def test_experience_reads_in_russian(years, text):
    assert catalog.experience(2027 - years, date(2027, 1, 11)) == text


def test_the_month_grid_starts_on_monday_and_counts_free_slots(session):
    doctor = make_doctor(session, weekdays=(1,), starts=time(9, 0), ends=time(10, 0))  # Tuesdays
    weeks = catalog.month_grid(session, doctor.id, 2027, 1, MONDAY)
    assert weeks[0][:4] == [None, None, None, None]  # 1 January 2027 is a Friday
    assert weeks[0][4] == catalog.DayCell(date(2027, 1, 1), 0)
    cells = {c.day: c for week in weeks for c in week if c}
    assert len(cells) == 31 and all(len(w) == 7 for w in weeks)
    assert cells[date(2027, 1, 12)].count == 3
    assert cells[date(2027, 1, 12)].label == "12 января, вторник, 3 свободных слота"
    assert cells[date(2027, 1, 13)].label == "13 января, среда, нет свободных слотов"
    assert cells[date(2027, 1, 5)].count == 0  # in the past


def test_day_slots_are_grouped_morning_afternoon_evening_in_the_clinics_zone(session):
    far_east = make_clinic(session, timezone=VLADIVOSTOK)
    doctor = make_doctor(
        session, clinic=far_east, starts=time(11, 0), ends=time(18, 0), slot_minutes=60
    )
    groups = catalog.day_groups(session, doctor.id, date(2027, 1, 12), MONDAY)
    shown = [(title, [s.starts.strftime("%H:%M") for s in slots]) for title, slots in groups]
    assert shown == [
        ("Утро", ["11:00"]),
        ("День", ["12:00", "13:00", "14:00", "15:00", "16:00"]),
        ("Вечер", ["17:00"]),
    ]
    card = catalog.doctor(session, doctor.id, MONDAY)
    assert card is not None and card.zone_note == "время Владивостока, МСК+7"
    start = catalog.slot_start(date(2027, 1, 12), "11:00", VLADIVOSTOK)
    assert start == groups[0][1][0].starts
    assert catalog.slot_start(date(2027, 1, 12), "xx", VLADIVOSTOK) is None


def test_only_the_patients_own_scheduled_visit_can_be_moved_up_to_two_hours_before(session):
    therapy = make_specialty(session, code="therapist")
    doctor = make_doctor(session, specialty=therapy)
    patient, other = make_patient(session), make_patient(session)
    visit = Appointment(
        number="ЗП-2027-000001",
        resource_id=doctor.id,
        patient_id=patient.id,
        specialty_id=therapy.id,
        service_code="follow_up",
        starts_at=at(14, 10),
        ends_at=at(14, 10, 20),
        status=AppointmentStatus.SCHEDULED,
    )
    session.add(visit)
    session.flush()
    moved = catalog.visit_to_move(session, patient, visit.id, MONDAY)
    assert moved == catalog.VisitToMove(
        visit.id, "ЗП-2027-000001", "therapist", "follow_up", "14.01.2027 10:00"
    )
    assert catalog.visit_to_move(session, other, visit.id, MONDAY) is None
    two_hours_before = at(14, 8, 1)
    assert catalog.visit_to_move(session, patient, visit.id, two_hours_before) is None
    visit.status = AppointmentStatus.CANCELLED
    session.add(visit)
    session.flush()
    assert catalog.visit_to_move(session, patient, visit.id, MONDAY) is None
