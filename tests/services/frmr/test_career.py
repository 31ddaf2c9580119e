"""НМО activities and experience periods through the services: checks by staff move points
and periods into the totals, nobody reaches another doctor's rows, non-doctors are refused,
the forms explain what is wrong."""

from datetime import date

import pytest

from gosapp.models.requests import Request
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.frmr import education, education_view, experience
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import catalog
from tests.factories import make_user
from tests.services.frmr.career_setup import NOW, add_activity, add_period, decide
from tests.services.frmr.portfolio_setup import ACTOR, make_doctor, stage

TODAY = date(2026, 11, 20)


def settings(session, user, accredited="15.03.2026", goal="50"):
    education.save_settings(
        session=session,
        user=user,
        form={"accredited_on": accredited, "yearly_goal": goal},
        actor=ACTOR,
        now=NOW,
    )
    session.commit()


def board(session, user):
    return education_view.dashboard(session=session, user=user, today=TODAY)


def test_pending_points_are_apart_until_approved(session, registrar):
    doctor = make_doctor(session)
    settings(session, doctor)
    row = add_activity(session, doctor)
    b = board(session, doctor)
    assert (b.cycle_points, b.cycle_pending, b.year_points, b.year_pending) == (0, 36, 0, 36)
    assert b.activities[0].status_label == "на проверке"
    request = session.get_one(Request, row.request_id)
    assert request.type_code == "nmo_check" and "36 ЗЕТ" in request.summary
    decide(session, registrar, row.request_id, "approve")
    b = board(session, doctor)
    assert (b.cycle_points, b.cycle_pending, b.year_points, b.cycle_percent) == (36, 0, 36, 14)
    assert b.forecast.startswith("При текущем темпе к концу цикла:")
    assert b.chart[-1] == {"year": "2026", "points": 36, "pending": 0, "goal": 50}


def test_rejected_points_never_count_and_show_the_reason(session, registrar):
    doctor = make_doctor(session)
    settings(session, doctor)
    row = add_activity(session, doctor)
    decide(session, registrar, row.request_id, "reject", "Сертификат не читается")
    b = board(session, doctor)
    assert (b.cycle_points, b.cycle_pending) == (0, 0)
    assert b.activities[0].reason == "Сертификат не читается"


def test_without_accreditation_date_only_the_year_is_shown(session):
    doctor = make_doctor(session)
    add_activity(session, doctor)
    b = board(session, doctor)
    assert not b.set_up and b.forecast == "" and b.year_pending == 36


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"points": "0"}, "points"),
        ({"points": "абв"}, "points"),
        ({"kind": "party"}, "kind"),
        ({"name": "  "}, "name"),
        ({"finished_on": "01.11.2026"}, "form"),  # before the start
        ({"started_on": "01.12.2026", "finished_on": "05.12.2026"}, "finished_on"),  # future
        ({"finished_on": "31.02.2026"}, "finished_on"),
    ],
)
def test_activity_form_errors(session, form, field):
    doctor = make_doctor(session)
    with pytest.raises(InvalidForm) as caught:
        add_activity(session, doctor, **form)
    assert field in caught.value.errors


def test_settings_errors(session):
    doctor = make_doctor(session)
    with pytest.raises(InvalidForm) as caught:
        settings(session, doctor, accredited="32.01.2020", goal="0")
    assert set(caught.value.errors) == {"accredited_on", "yearly_goal"}
    with pytest.raises(Invalid):
        settings(session, doctor, accredited="01.01.2027")


def test_a_certificate_is_required_and_must_be_the_callers(session):
    doctor, other = make_doctor(session), make_doctor(session)
    with pytest.raises(Invalid) as caught:
        add_activity_with(session, doctor, [])
    assert caught.value.field == "file"
    theirs = stage(session, other)
    with pytest.raises((Invalid, NotFound)):
        add_activity_with(session, doctor, [theirs.id])


def add_activity_with(session, user, ids):
    from tests.services.frmr.career_setup import ACTIVITY

    return education.add_activity(
        session=session, user=user, form=ACTIVITY, document_ids=ids, actor=ACTOR, now=NOW
    )


def test_doctors_see_only_their_own_rows(session):
    first, second = make_doctor(session), make_doctor(session)
    add_activity(session, first)
    add_period(session, first)
    assert board(session, second).activities == []
    assert experience.summary(session=session, user=second, today=TODAY).periods == []
    assert len(board(session, first).activities) == 1


def test_non_doctors_are_refused(session):
    citizen = make_user(session)
    with pytest.raises(NotAllowed):
        board(session, citizen)
    with pytest.raises(NotAllowed):
        experience.summary(session=session, user=citizen, today=TODAY)
    with pytest.raises(NotAllowed):
        settings(session, citizen)


def test_overlapping_periods_count_once(session, registrar):
    doctor = make_doctor(session)
    main = add_period(session, doctor)  # 01.09.2015 – 31.08.2020: 5 years
    part = add_period(
        session,
        doctor,
        contract="part_time",
        started_on="01.09.2018",
        ended_on="31.08.2019",
        medical="",
    )
    s = experience.summary(session=session, user=doctor, today=TODAY)
    assert (s.total, s.with_pending, s.has_pending) == ("0 дн.", "5 лет", True)
    decide(session, registrar, main.request_id, "approve")
    decide(session, registrar, part.request_id, "approve")
    s = experience.summary(session=session, user=doctor, today=TODAY)
    assert (s.total, s.medical, s.has_pending) == ("5 лет", "5 лет", False)
    assert {p.status_label for p in s.periods} == {"зафиксировано"}
    assert [p.part_time for p in s.periods] == [True, False]


def test_open_period_runs_to_today(session, registrar):
    doctor = make_doctor(session)
    row = add_period(session, doctor, started_on="20.11.2025", ended_on="", leaving_reason="x")
    decide(session, registrar, row.request_id, "approve")
    s = experience.summary(session=session, user=doctor, today=TODAY)
    assert s.total == "1 год 1 дн."
    assert s.periods[0].dates.endswith("по настоящее время") and s.periods[0].reason == ""


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"inn": "7707083894"}, "inn"),  # bad checksum
        ({"inn": "12345"}, "inn"),
        ({"contract": "gig"}, "contract"),
        ({"ended_on": "01.01.2010"}, "form"),
        ({"started_on": "01.01.2027", "ended_on": ""}, "started_on"),
        ({"ended_on": "01.01.2027"}, "ended_on"),
    ],
)
def test_period_form_errors(session, form, field):
    doctor = make_doctor(session)
    with pytest.raises(InvalidForm) as caught:
        add_period(session, doctor, **form)
    assert field in caught.value.errors


def test_the_types_describe_themselves_to_the_back_office():
    for code in ("nmo_check", "experience_check"):
        rtype = catalog.get(code)
        assert rtype.cabinet == "frmr" and rtype.min_documents == 1
        assert rtype.wording["approve"].button
