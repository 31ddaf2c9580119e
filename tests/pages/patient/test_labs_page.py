"""The /labs page's handlers (``LabsState``) on the app's database, as a connection calls them:
filters from the URL, keyset pages forwards and back, the detail with its charts, and the rule
that no handler ever returns another patient's data (id guessing, a doctor without a visit, an
expired share)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import cast

import pytest
import reflex as rx
from reflex.istate.data import ReflexURL, URLData
from sqlmodel import col, select

from gosapp.db import transaction
from gosapp.models.accounts import Role, UserRole, utcnow
from gosapp.models.labs import DataAccess, LabShare, LabShareItem, ShareKind
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.pages.patient.labs import LabsState
from gosapp.services.identity import sessions, signin
from gosapp.services.medical.lab_display import ROW_CELLS
from tests.factories import make_user
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    state_instance,
)
from tests.services.medical.setup import START, add_result, add_series
from tests.services.scheduling.setup import make_doctor

HANDLERS = {name: h.fn for name, h in LabsState.event_handlers.items()}


def shown(state: LabsState) -> list[dict[str, str]]:
    """The page's rows by cell name."""
    return [dict(zip(ROW_CELLS, row, strict=True)) for row in state.rows]


def cookie_of(db, user) -> str:
    """The session key of ``user`` signed in (a session counts only with TOTP enrolled)."""
    user.totp_enabled_at = utcnow()
    db.flush()
    ticket = signin.issue_ticket(session=db, user_id=user.id)
    token = sessions.exchange_ticket(session=db, ticket=ticket, actor=signin.Actor())
    return sessions.key_of(token or "")


@pytest.fixture(scope="module")
def people():
    """Anna with 70 results (60 glucose, 10 cholesterol, 3 of them high), Boris with one, a doctor
    with a visit with Anna, a doctor with a live share of one of Boris's results and one whose
    share with Anna has expired."""
    with transaction() as db:
        anna, boris = make_user(db), make_user(db, first_name="Борис", sex="M")
        glucose = add_series(db, anna, "GLU", [5.0 + n / 100 for n in range(60)], every_days=3)
        chol = add_series(db, anna, "CHOL", [4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 4.2, 4.4, 4.6, 6.1])
        hidden = add_result(db, boris, "GLU", 7.5)
        other = add_result(db, boris, "CHOL", 4.0, START + timedelta(days=5))
        visiting, sharing, expired = (make_user(db) for _ in range(3))
        for doctor in (visiting, sharing, expired):
            db.add(UserRole(user_id=doctor.id, role=Role.DOCTOR))
        resource = make_doctor(db)
        resource.user_id = visiting.id
        db.add(
            Appointment(
                resource_id=resource.id,
                patient_id=anna.id,
                starts_at=START,
                ends_at=START + timedelta(minutes=20),
                status=AppointmentStatus.COMPLETED,
            )
        )
        live = LabShare(
            patient_id=boris.id, doctor_id=sharing.id, expires_at=utcnow() + timedelta(days=3)
        )
        old = LabShare(
            patient_id=anna.id, doctor_id=expired.id, expires_at=utcnow() - timedelta(days=1)
        )
        db.add_all([live, old])
        db.flush()
        db.add_all(
            [
                LabShareItem(share_id=live.id, result_id=hidden.id),
                LabShareItem(share_id=old.id, result_id=glucose[0].id),
            ]
        )
        assert live.kind == ShareKind.DOCTOR
        ids = {
            "anna": anna.id,
            "boris": boris.id,
            "boris_hidden": hidden.id,
            "boris_other": other.id,
            "anna_chol": chol[-1].id,
            "anna_first": glucose[0].id,
        }
        keys = {
            n: cookie_of(db, u)
            for n, u in [
                ("anna", anna),
                ("boris", boris),
                ("visiting", visiting),
                ("sharing", sharing),
                ("expired", expired),
            ]
        }
    return ids, keys


def opened(key: str, query: str = "") -> LabsState:
    """The page state of a tab on ``/labs?query`` for the session ``key``, after its load (the
    browser is at that address already: nothing to push)."""
    state = cast(LabsState, state_instance(LabsState, key))
    url = URLData.from_url(ReflexURL(f"http://localhost:3000/labs{'?' + query if query else ''}"))
    for s in (cast(rx.State, state.parent_state), state):
        s.rx_router_url = url
    call(HANDLERS["load"], state, [])
    assert state.address == ""
    return state


def test_the_patient_sees_the_first_page_newest_first_and_pages_forward_and_back(people):
    _ids, keys = people
    state = opened(keys["anna"])
    assert state.denied == "" and state.subject == "" and len(state.rows) == 50
    assert state.has_next and state.page_no == 1
    first = [r["id"] for r in shown(state)]
    call(HANDLERS["next_page"], state, [])
    second = [r["id"] for r in shown(state)]
    assert state.page_no == 2 and len(second) == 20 and not state.has_next
    assert not set(first) & set(second)
    call(HANDLERS["previous_page"], state, [])
    assert [r["id"] for r in shown(state)] == first and state.page_no == 1


def test_rows_are_small_lists_of_text_cells_with_flags_as_codes(people):
    _ids, keys = people
    state = opened(keys["anna"], "analyte=CHOL&sort=value")
    assert len(state.rows[0]) == len(ROW_CELLS) and all(isinstance(c, str) for c in state.rows[0])
    top = shown(state)[0]
    assert top["name"] == "Холестерин общий" or top["code"] == "CHOL"
    assert top["value"] == "6,5" and top["unit"] == "ммоль/л" and top["range"] == "3,0–5,2"
    assert (top["flag"], top["status"]) == ("H", "final")  # shown as «↑ выше нормы»
    assert len(json.dumps(state.dict(), default=str, ensure_ascii=False)) < 20_000


def test_filters_come_from_the_url_and_show_as_russian_dates(people):
    _ids, keys = people
    state = opened(keys["anna"], "analyte=CHOL&from=2026-01-01&to=2026-12-31&abnormal=1")
    assert {r["code"] for r in shown(state)} == {"CHOL"}
    assert all(r["flag"] == "H" for r in shown(state)) and len(state.rows) == 4
    assert state.applied["from"] == "01.01.2026" and state.applied["abnormal"] == "1"
    assert state.filtered


def test_a_bad_date_stays_beside_its_field_and_nothing_is_navigated(people):
    _ids, keys = people
    state = opened(keys["anna"])
    assert call(HANDLERS["apply"], state, [{"from": "31.02.2026", "to": "", "q": ""}]) is None
    assert "from" in state.errors
    call(HANDLERS["apply"], state, [{"from": "10.03.2026", "to": "01.03.2026", "q": ""}])
    assert state.errors == {"to": "Дата «с» позже даты «по»"}
    call(HANDLERS["apply"], state, [{"from": "01.03.2026", "to": "10.03.2026", "q": "глюк"}])
    assert state.address.startswith("/labs?from=2026-03-01&to=2026-03-10&q=")
    assert state.errors == {}
    assert state.applied["from"] == "01.03.2026" and state.applied["q"] == "глюк"
    assert {r["code"] for r in shown(state)} == {"GLU"} and len(state.rows) == 4


def test_a_choice_is_shown_at_once_and_pushed_as_the_address(people):
    _ids, keys = people
    state = opened(keys["anna"])
    call(HANDLERS["next_page"], state, [])
    assert call(HANDLERS["choose"], state, ["panel", "lipids"]) is None  # one update, no script
    assert state.address == "/labs?panel=lipids"  # the page pushes it into the history
    assert {r["code"] for r in shown(state)} == {"CHOL"} and len(state.rows) == 10
    assert state.page_no == 1 and not state.has_next and state.applied["panel"] == "lipids"
    call(HANDLERS["choose"], state, ["sort", "value_asc"])
    assert state.address == "/labs?panel=lipids&sort=value&order=asc"
    assert [r["value"] for r in shown(state)][:3] == ["4,0", "4,2", "4,4"]
    assert state.query == "panel=lipids&sort=value&order=asc"  # what the export link carries
    assert "Выберите" in str(call(HANDLERS["choose"], state, ["sort", "nonsense"]))
    assert state.applied["sort"] == "value_asc" and len(state.rows) == 10


def test_paging_after_a_choice_stays_in_the_chosen_filter(people):
    _ids, keys = people
    state = opened(keys["anna"])
    call(HANDLERS["choose"], state, ["analyte", "GLU"])
    assert len(state.rows) == 50 and state.has_next
    call(HANDLERS["next_page"], state, [])
    assert len(state.rows) == 10 and {r["code"] for r in shown(state)} == {"GLU"}
    call(HANDLERS["reset_filters"], state, [])
    assert state.page_no == 1 and state.applied["analyte"] == "all" and len(state.rows) == 50


def test_the_detail_has_the_trend_the_change_and_the_panel(people):
    ids, keys = people
    state = opened(keys["anna"])
    call(HANDLERS["open_result"], state, [str(ids["anna_chol"])])
    assert state.detail["id"] == str(ids["anna_chol"]) and state.detail["method"]
    assert state.detail["change"].startswith("+1,5 ммоль/л с ")
    assert len(state.chart["points"]) == 10 and state.chart["high"] == 5.2
    assert [p["abnormal"] for p in state.chart["points"]][3:6] == [5.5, 6.0, 6.5]
    assert state.panel_charts == []  # Anna has no other lipids


def test_another_patients_result_id_is_not_found(people):
    ids, keys = people
    state = opened(keys["anna"])
    for guess in (ids["boris_hidden"], ids["boris_other"], "1e3", "-1", "²"):
        result = call(HANDLERS["open_result"], state, [str(guess)])
        assert "не найден" in str(result) and state.detail == {} and state.chart == {}


def test_a_patient_guessing_another_patients_id_sees_nothing(people):
    ids, keys = people
    state = opened(keys["anna"], f"patient={ids['boris']}")
    assert state.denied and state.rows == [] and state.subject == ""
    assert "7,5" not in json.dumps(state.dict(), default=str, ensure_ascii=False)


def test_a_doctor_with_a_visit_sees_all_and_each_look_is_logged(people):
    ids, keys = people
    state = opened(keys["visiting"], f"patient={ids['anna']}")
    assert state.denied == "" and len(state.rows) == 50
    assert state.subject == "Иванова Анна Сергеевна"
    call(HANDLERS["open_result"], state, [str(ids["anna_chol"])])
    with transaction() as db:
        seen = db.exec(
            select(DataAccess.what).where(col(DataAccess.patient_id) == ids["anna"])
        ).all()
    assert "labs" in seen and "lab_result" in seen
    call(HANDLERS["choose"], state, ["panel", "glucose"])
    assert state.address == f"/labs?panel=glucose&patient={ids['anna']}"


def test_a_doctor_with_a_share_sees_exactly_the_shared_rows(people):
    ids, keys = people
    state = opened(keys["sharing"], f"patient={ids['boris']}")
    assert [r["id"] for r in shown(state)] == [str(ids["boris_hidden"])]
    assert "не найден" in str(call(HANDLERS["open_result"], state, [str(ids["boris_other"])]))
    call(HANDLERS["open_result"], state, [str(ids["boris_hidden"])])
    assert len(state.chart["points"]) == 1


@pytest.mark.parametrize("doctor", ["sharing", "expired"])
def test_a_doctor_without_a_visit_or_live_share_sees_nothing(people, doctor):
    ids, keys = people
    state = opened(keys[doctor], f"patient={ids['anna']}")
    assert state.denied and state.rows == []
    assert "не найден" in str(call(HANDLERS["open_result"], state, [str(ids["anna_first"])]))
    assert state.detail == {}


def test_paging_rechecks_the_right_to_look(people):
    ids, keys = people
    state = opened(keys["visiting"], f"patient={ids['anna']}")
    state._patient = ids["boris"]  # a tampered backend var: the access is decided again
    call(HANDLERS["next_page"], state, [])
    assert state.rows == []
