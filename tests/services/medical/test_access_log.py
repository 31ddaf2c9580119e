"""«Кто смотрел мои данные»: the patient's own looks only, newest first, in keyset pages of 100
(ties in time neither skipped nor repeated), each in Russian."""

from __future__ import annotations

from datetime import timedelta

from gosapp.models.labs import DataAccess
from gosapp.services.medical import access_log
from tests.services.medical.setup import START
from tests.services.medical.test_access import doctor_user


def test_pages_of_a_hundred_newest_first_without_gaps_or_repeats(session, alice, bob):
    doctor, _ = doctor_user(session)
    for n in range(105):  # pairs share a moment: the id breaks the tie
        at = START + timedelta(minutes=n // 2)
        session.add(DataAccess(patient_id=alice.id, viewer_id=doctor.id, viewer_role="doctor",
                               what="record", at=at))  # fmt: skip
    session.add(DataAccess(patient_id=bob.id, viewer_id=doctor.id, viewer_role="doctor",
                           what="labs", at=START))  # fmt: skip
    session.commit()
    first, cursor = access_log.my_log(session, alice.user)
    assert len(first) == 100 and cursor is not None
    rest, end = access_log.my_log(session, alice.user, after=cursor)
    assert len(rest) == 5 and end is None
    ids = [int(line.id) for line in first + rest]
    assert len(set(ids)) == 105 and ids == sorted(ids, reverse=True)
    assert first[0].what == "Медицинская карта" and first[0].role == "Врач"
    assert first[0].through == "приём у врача"


def test_what_reads_in_russian():
    assert access_log.what_label("labs") == "Результаты анализов"
    assert access_log.what_label("export:csv") == "Выгрузка результатов (CSV)"
