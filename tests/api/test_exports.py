"""GET /api/exports/history.{csv,pdf}: the cookie's user's filtered history, nobody else's."""

from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import select

from gosapp.api.app import create_api
from gosapp.models.audit import AuditEvent
from gosapp.services.common.audit import Actor
from gosapp.services.identity import sessions, signin
from gosapp.services.requests import workflow

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
QUESTION = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}


def new_request(session, persona, submit=True):
    request = workflow.create(
        session=session,
        applicant=persona.user,
        type_code="support",
        data=QUESTION,
        actor=ACTOR,
        now=FRIDAY,
        submit=submit,
    )
    session.commit()
    return request


def cookie_of(session, persona) -> dict[str, str]:
    """A real signed-in session, as the browser would hold it."""
    ticket = signin.issue_ticket(session=session, user_id=persona.id)
    token = sessions.exchange_ticket(session=session, ticket=ticket, actor=ACTOR)
    session.commit()
    return {sessions.COOKIE_NAME: token}


async def get(engine, path, cookies=None) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_api(lambda: engine))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", cookies=cookies or {}
    ) as client:
        return await client.get(path)


@pytest.fixture
def two_histories(session, alice, bob):
    """Alice: one submitted request and one draft; Bob: one request."""
    return {
        "submitted": new_request(session, alice).number,
        "draft": new_request(session, alice, submit=False).number,
        "bob": new_request(session, bob).number,
    }


@pytest.mark.anyio
async def test_csv_has_a_bom_and_only_the_cookies_users_rows(engine, session, alice, two_histories):
    response = await get(engine, "/api/exports/history.csv", cookie_of(session, alice))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"history.csv\"; filename*=UTF-8''history.csv"
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3  # header + alice's two requests
    text = "\n".join(lines)
    assert two_histories["submitted"] in text and two_histories["draft"] in text
    assert two_histories["bob"] not in text


@pytest.mark.anyio
async def test_csv_applies_the_filters_of_the_query(engine, session, alice, two_histories):
    path = "/api/exports/history.csv?status=draft&date_from=2026-11-01"
    response = await get(engine, path, cookie_of(session, alice))
    text = response.content.decode("utf-8-sig")
    assert two_histories["draft"] in text
    assert two_histories["submitted"] not in text


@pytest.mark.anyio
@pytest.mark.parametrize("cookies", [None, {sessions.COOKIE_NAME: "forged-token"}])
async def test_no_session_gets_no_data(engine, session, two_histories, cookies):
    for kind in ("csv", "pdf"):
        response = await get(engine, f"/api/exports/history.{kind}", cookies)
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        assert two_histories["submitted"].encode() not in response.content
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "history.export")).all() == []


@pytest.mark.anyio
async def test_pdf_is_a_pdf_attachment_and_is_audited(engine, session, alice, two_histories):
    response = await get(engine, "/api/exports/history.pdf", cookie_of(session, alice))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="history.pdf"' in response.headers["content-disposition"]
    session.expire_all()
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "history.export")).one()
    assert (event.user_id, event.details) == (alice.id, "pdf")


@pytest.mark.anyio
async def test_bad_date_is_refused_in_russian(engine, session, alice):
    response = await get(
        engine, "/api/exports/history.csv?date_from=вчера", cookie_of(session, alice)
    )
    assert response.status_code == 400
    assert "дату" in response.text


@pytest.mark.anyio
async def test_unknown_format_is_not_found(engine, session, alice):
    response = await get(engine, "/api/exports/history.xlsx", cookie_of(session, alice))
    assert response.status_code == 404
