"""The НМО and experience pages' handlers as another doctor would call them, and the
certificate download as anyone but its owner would try it: a colleague's rows and files
never show. (Non-doctors are refused by every handler: the handler walk checks the role.)"""

import asyncio
from typing import cast

from gosapp import routes
from gosapp.db import transaction
from gosapp.pages.frmr.education import EducationState
from gosapp.pages.frmr.experience import ExperienceState
from tests.api.test_documents import cookie_for, get
from tests.personas import make_persona
from tests.security.test_handler_walk import (  # noqa: F401  (app_database is a fixture)
    app_database,
    call,
    state_instance,
)
from tests.security.test_portfolio_handlers import signed_in
from tests.services.frmr.career_setup import add_activity, add_period
from tests.services.frmr.portfolio_setup import make_doctor


def test_another_doctor_sees_none_of_a_colleagues_rows():
    with transaction() as db:
        owner, other = make_doctor(db), make_doctor(db)
        add_activity(db, owner)
        add_period(db, owner)
        key, owner_key = signed_in(db, other), signed_in(db, owner)
    education = cast(EducationState, state_instance(EducationState, key))
    call(EducationState.event_handlers["load"].fn, education, [])
    assert education.loaded and education.activities == []
    assert education.board.year_pending == 0
    experience = cast(ExperienceState, state_instance(ExperienceState, key))
    call(ExperienceState.event_handlers["load"].fn, experience, [])
    assert experience.loaded and experience.periods == []
    mine = cast(EducationState, state_instance(EducationState, owner_key))
    call(EducationState.event_handlers["load"].fn, mine, [])
    assert len(mine.activities) == 1  # the same handler shows the owner their own


def test_a_certificate_downloads_only_for_its_doctor_and_staff(engine, session):
    owner, other = make_doctor(session), make_doctor(session)
    row = add_activity(session, owner)
    alice, registrar = make_persona(session, "alice"), make_persona(session, "registrar")
    path = routes.document(row.document_id)
    for user_id in (owner.id, registrar.id):
        answer = asyncio.run(get(engine, path, cookie_for(session, user_id)))
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    for cookies in (cookie_for(session, other.id), cookie_for(session, alice.id), None):
        answer = asyncio.run(get(engine, path, cookies))
        assert (answer.status_code, answer.content) == (404, b"")
