"""The public share-link page's state: the token is read from the address inside the handler
and never copied into a var; the results arrive only with the right date of birth, and a load
(a reload of the tab) forgets them."""

from __future__ import annotations

import json
from typing import cast

from reflex.istate.data import ReflexURL, URLData

from gosapp.db import get_engine, transaction
from gosapp.migrate import upgrade
from gosapp.pages.public.shared_link import SharedLinkState
from gosapp.services.common.audit import Actor
from gosapp.services.medical.share_links import UNAVAILABLE, create_link
from gosapp.services.medical.sharing import Selection
from tests.factories import make_user
from tests.security.test_handler_walk import state_instance
from tests.services.medical.setup import add_result


def link_state() -> tuple[SharedLinkState, str]:
    upgrade(get_engine())
    with transaction() as db:
        patient = make_user(db)
        result = add_result(db, patient, "GLU", 5.4)
        made = create_link(
            db, patient, Actor(user_id=patient.id), chosen=Selection(result_ids=(result.id,))
        )
    state = cast("SharedLinkState", state_instance(SharedLinkState))
    url = URLData.from_url(ReflexURL(made.url))
    for s in (state.parent_state or state, state):
        s.rx_router_url = url
    return state, made.url.rsplit("/", 1)[-1]


def handler(name: str):
    return SharedLinkState.event_handlers[name].fn


def test_results_only_with_the_right_date_and_never_the_token():
    state, token = link_state()
    handler("check")(state, {"birth_date": "15.03.1985"})
    assert not state.opened and state.rows == [] and "Осталось попыток: 4" in state.error
    handler("check")(state, {"birth_date": "14.03.1985"})
    assert state.opened and [r.value for r in state.rows] == ["5,4"] and state.error == ""
    own = {name: getattr(state, name) for name in SharedLinkState.base_vars}
    assert token not in json.dumps(own, default=str, ensure_ascii=False)
    handler("load")(state)
    assert not state.opened and state.rows == []
    handler("check")(state, {"birth_date": "14.03.1985"})
    assert (state.opened, state.error) == (False, UNAVAILABLE)
