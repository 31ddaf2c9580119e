"""GET /api/exports/szn-payments.{csv,pdf}: the cookie's user's payments only; no session is a
redirect, a citizen who has not connected the cabinet gets a 403, bad filters a 400."""

from datetime import date

import pytest

from gosapp import routes
from gosapp.services.demo.social import seed_payments
from tests.api.test_exports import cookie_of, get
from tests.services.social.setup import confirm, connected


@pytest.fixture
def family(session, alice):
    user = connected(session, alice)
    seed_payments(session, user, date(2026, 11, 20))
    session.commit()
    return alice


@pytest.mark.anyio
async def test_the_statement_is_the_users_own(engine, session, family, bob):
    path = routes.szn_payments_export("csv", "from=01.01.2026&to=30.06.2026")
    mine = await get(engine, path, cookie_of(session, family))
    assert mine.status_code == 200
    assert mine.headers["content-disposition"].startswith("attachment")
    assert len(mine.content.decode("utf-8-sig").strip().split("\r\n")) == 7
    connected(session, bob)
    theirs = await get(engine, path, cookie_of(session, bob))
    assert theirs.status_code == 200
    assert theirs.content.decode("utf-8-sig").strip().count("\r\n") == 0  # the header only


@pytest.mark.anyio
async def test_pdf_statement(engine, session, family):
    answer = await get(engine, routes.szn_payments_export("pdf"), cookie_of(session, family))
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


@pytest.mark.anyio
async def test_refusals(engine, session, family, bob):
    assert (await get(engine, routes.szn_payments_export("csv"))).status_code == 303
    confirm(session, bob.user)
    session.commit()
    assert (
        await get(engine, routes.szn_payments_export("csv"), cookie_of(session, bob))
    ).status_code == 403
    bad = routes.szn_payments_export("csv", "from=99.99.2026")
    assert (await get(engine, bad, cookie_of(session, family))).status_code == 400
    assert (
        await get(engine, routes.szn_payments_export("xls"), cookie_of(session, family))
    ).status_code == 404
