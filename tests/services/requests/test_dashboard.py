"""The citizen's dashboard: only the user's own requests and notifications, each linking to
the exact object (the request opened on its page, the notification's own link)."""

from datetime import timedelta

from gosapp.services.requests import dashboard
from gosapp.services.requests.dashboard import RECENT
from tests.services.backoffice.staffing import FRIDAY, new_request, perform


def test_dashboard_shows_what_waits_for_an_answer_the_latest_requests_and_unread(
    session, alice, bob, registrar
):
    made = [new_request(session, alice, now=FRIDAY + timedelta(hours=i)) for i in range(7)]
    new_request(session, bob)
    asked = made[0]
    perform(session, registrar, asked, "claim")
    perform(session, registrar, asked, "ask_info", "Уточните адрес")
    view = dashboard.dashboard(session=session, user=alice.user)
    assert [row["number"] for row in view.waiting] == [asked.number]
    assert view.waiting[0]["link"].startswith("/support?open=")
    assert view.waiting[0]["status_label"] == "Требует уточнения"
    assert [row["number"] for row in view.recent] == [r.number for r in made[::-1][:RECENT]]
    assert all(row["link"].startswith("/history?open=") for row in view.recent)
    assert view.unread_total >= 2 and view.unread  # «взято в работу», «требует уточнения»
    assert all(note["link"] for note in view.unread)


def test_dashboard_of_a_new_user_is_empty(session, bob):
    view = dashboard.dashboard(session=session, user=bob.user)
    assert (view.waiting, view.recent, view.unread, view.unread_total) == ([], [], [], 0)
