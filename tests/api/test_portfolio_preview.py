"""GET /api/portfolio/preview/{id} and the package download: the owner doctor and staff get a
PNG (the package's ZIP), anyone else — another doctor guessing ids, a citizen, nobody — the
same bare 404 as a file that does not exist."""

import asyncio

from gosapp import routes
from gosapp.services.frmr import portfolio, portfolio_files
from tests.api.test_documents import cookie_for, get
from tests.personas import make_persona
from tests.services.frmr.portfolio_setup import ACTOR, a_png, add, decide, make_doctor, stage


def fetch(engine, path, cookies=None):
    return asyncio.run(get(engine, path, cookies))


def test_previews_reach_only_the_owner_doctor_and_staff(engine, session):
    owner, other = make_doctor(session), make_doctor(session)
    registrar, alice = make_persona(session, "registrar"), make_persona(session, "alice")
    png = stage(session, owner, "скан.png", a_png())
    row = add(session, owner, documents=[stage(session, owner), png])
    pdf_id = portfolio.versions_of(session, row.id)[0].document_id
    for user_id in (owner.id, registrar.id):
        cookies = cookie_for(session, user_id)
        for document_id in (pdf_id, png.id):
            answer = fetch(engine, routes.portfolio_preview(document_id), cookies)
            assert answer.status_code == 200
            assert answer.headers["content-type"] == "image/png"
            assert answer.content.startswith(b"\x89PNG")
            assert answer.headers["x-content-type-options"] == "nosniff"
    missing = fetch(engine, routes.portfolio_preview(pdf_id + 1000), cookie_for(session, owner.id))
    for cookies in (cookie_for(session, other.id), cookie_for(session, alice.id), None):
        for document_id in (pdf_id, png.id, pdf_id + 1000, "abc"):
            answer = fetch(engine, routes.portfolio_preview(document_id), cookies)
            assert (answer.status_code, answer.content) == (404, b"")
            assert answer.headers.get("content-type") == missing.headers.get("content-type")


def test_a_package_downloads_only_for_its_doctor(engine, session):
    owner, other = make_doctor(session), make_doctor(session)
    row = add(session, owner)
    decide(session, make_persona(session, "registrar").user, row, "approve")
    package = portfolio_files.build_package(
        session=session, user=owner, record_ids=[row.id], actor=ACTOR, owner_name="Иванова А. С."
    )
    session.commit()
    mine = fetch(engine, routes.document(package.id), cookie_for(session, owner.id))
    assert mine.status_code == 200 and mine.content.startswith(b"PK\x03\x04")
    assert "attachment" in mine.headers["content-disposition"]
    theirs = fetch(engine, routes.document(package.id), cookie_for(session, other.id))
    assert (theirs.status_code, theirs.content) == (404, b"")
