"""The training catalogue: each filter of the URL, keyset pages, the address round trip."""

from datetime import timedelta

import pytest

from gosapp.models.training import TrainingKind
from gosapp.services.common.errors import Invalid
from gosapp.services.frmr import training_catalog as catalog
from tests.services.frmr.training_setup import TODAY, enrol, make_programme, make_worker


@pytest.fixture
def shelf(session):
    """Five programmes that differ in one thing each, and a doctor to look at them."""
    doctor = make_worker(session)
    made = {
        "webinar": make_programme(
            session, title="Вебинар: ХОБЛ", kind=TrainingKind.WEBINAR, region="Дистанционно"
        ),
        "spb": make_programme(session, title="Школа УЗИ", region="Санкт-Петербург"),
        "late": make_programme(
            session,
            title="Паллиативная помощь",
            starts_on=TODAY + timedelta(days=40),
            ends_on=TODAY + timedelta(days=41),
        ),
        "full": make_programme(session, title="Неврология", seats=1),
        "started": make_programme(
            session, title="Идёт сейчас", starts_on=TODAY, ends_on=TODAY + timedelta(days=3)
        ),
    }
    enrol(session, make_worker(session), made["full"])
    return doctor, made


def _titles(session, doctor, **params) -> set[str]:
    rows, _ = catalog.search(session, doctor, catalog.to_filter(params), TODAY)
    return {r["title"] for r in rows}


def test_the_default_lists_programmes_not_yet_started(session, shelf):
    doctor, _ = shelf
    assert _titles(session, doctor) == {
        "Вебинар: ХОБЛ",
        "Школа УЗИ",
        "Паллиативная помощь",
        "Неврология",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "webinar"}, {"Вебинар: ХОБЛ"}),
        ({"region": "Санкт-Петербург"}, {"Школа УЗИ"}),
        ({"from": (TODAY + timedelta(days=30)).isoformat()}, {"Паллиативная помощь"}),
        ({"from": f"{TODAY + timedelta(days=30):%d.%m.%Y}"}, {"Паллиативная помощь"}),
        ({"q": "уЗи"}, {"Школа УЗИ"}),  # Cyrillic, any case
        ({"q": "рманпо", "kind": "webinar"}, {"Вебинар: ХОБЛ"}),
        ({"free": "1", "region": "Москва"}, {"Паллиативная помощь"}),
    ],
)
def test_each_filter_narrows_the_catalogue(session, shelf, params, expected):
    doctor, _ = shelf
    assert _titles(session, doctor, **params) == expected


def test_a_full_programme_says_so(session, shelf):
    doctor, _made = shelf
    rows, _ = catalog.search(session, doctor, catalog.TrainingFilter(text="неврология"), TODAY)
    assert rows[0]["seats"] == "мест нет" and rows[0]["full"] == "1"
    rows, _ = catalog.search(session, doctor, catalog.TrainingFilter(text="узи"), TODAY)
    assert rows[0]["seats"] == "свободно мест: 10 из 10"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "lecture"}, "kind"),
        ({"region": "Марс"}, "region"),
        ({"from": "32.13.2026"}, "from"),
    ],
)
def test_a_value_that_means_nothing_names_its_field(params, field):
    with pytest.raises(Invalid) as caught:
        catalog.to_filter(params)
    assert caught.value.field == field


def test_the_address_round_trips():
    flt = catalog.TrainingFilter(
        kind="seminar", region="Москва", date_from=TODAY, text="кардио", free_only=True
    )
    query = catalog.to_query(flt)
    assert "kind=seminar" in query and "free=1" in query
    from urllib.parse import parse_qsl

    assert catalog.to_filter(dict(parse_qsl(query))) == flt
    assert catalog.to_query(catalog.TrainingFilter()) == ""


def test_keyset_pages_cover_every_programme_once_in_date_order(session):
    doctor = make_worker(session)
    for n in range(catalog.PAGE_SIZE * 2 + 3):
        start = TODAY + timedelta(days=1 + n % 5)  # several on one day: the id breaks ties
        make_programme(session, title=f"Программа {n}", starts_on=start, ends_on=start)
    seen, cursor, pages = [], None, 0
    while True:
        rows, cursor = catalog.search(session, doctor, catalog.TrainingFilter(), TODAY, cursor)
        assert len(rows) <= catalog.PAGE_SIZE
        seen.extend(rows)
        pages += 1
        if cursor is None:
            break
    assert pages == 3
    assert len({r["id"] for r in seen}) == len(seen) == catalog.PAGE_SIZE * 2 + 3
    starts = [tuple(reversed(r["dates"].split("."))) for r in seen]
    assert starts == sorted(starts)
