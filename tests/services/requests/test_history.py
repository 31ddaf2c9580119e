"""The request history: only one's own requests, filters in the portal's time zone, sorting,
paging, the timeline without staff notes, and audited exports."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.requests import Document, DocumentKind
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import history, history_export, timeline, workflow
from gosapp.services.requests.history import HistoryFilter
from tests.services.requests import steps

FRIDAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")
QUESTION = {"category": "information", "subject": "Режим работы", "text": "Когда открыт МФЦ?"}
CERTIFICATE = {"purpose": "Для работы"}


def new_request(session, persona, *, now=FRIDAY, type_code="support", data=None, **kwargs):
    data = data or (QUESTION if type_code == "support" else CERTIFICATE)
    return steps.create(session, persona, type_code, data, now=now, **kwargs)


def act(session, persona, request, action, text=""):
    steps.act(session, persona, request, (action, text))


def listed(session, persona, filters=HistoryFilter(), **kwargs):
    rows, total = history.list_requests(
        session=session, user_id=persona.id, filters=filters, **kwargs
    )
    return [row.number for row in rows], total


def staged_scan(session, owner, name="скан.pdf"):
    document = Document(
        owner_id=owner.id,
        kind=DocumentKind.UPLOAD,
        storage_key=f"key-{name}-{owner.id}",
        original_name=name,
        content_type="application/pdf",
        size=1024,
        sha256="0" * 64,
    )
    session.add(document)
    session.commit()
    return document


# --- listing -------------------------------------------------------------------------------------


def test_another_users_requests_never_appear(session, alice, bob):
    mine = [new_request(session, alice).number for _ in range(3)]
    theirs = new_request(session, bob).number
    numbers, total = listed(session, alice)
    assert total == 3
    assert sorted(numbers) == sorted(mine)
    assert theirs not in numbers
    assert history.export_rows(session=session, user_id=alice.id, filters=HistoryFilter())
    exported = history.export_rows(session=session, user_id=bob.id, filters=HistoryFilter())
    assert [row.number for row in exported] == [theirs]


def test_default_view_is_the_latest_ten_then_pages(session, alice):
    made = [new_request(session, alice, now=FRIDAY + timedelta(hours=i)).number for i in range(12)]
    first, total = listed(session, alice)
    assert total == 12
    assert first == made[::-1][:10]
    second, _ = listed(session, alice, page=2)
    assert second == made[1::-1]
    assert listed(session, alice, page=99)[0] == second  # clamped to the last page
    assert listed(session, alice, page="abc")[0] == first
    assert history.page_count(12) == 2
    assert history.page_count(0) == 1


def test_a_deep_link_finds_the_page_a_request_is_on(session, alice, bob):
    made = [new_request(session, alice, now=FRIDAY + timedelta(hours=i)) for i in range(23)]
    theirs = new_request(session, bob)
    default = history.HistoryFilter()

    def page_of(request, filters=default):
        return history.page_of(
            session=session, user_id=alice.id, filters=filters, request_id=request.id
        )

    assert [page_of(made[i]) for i in (22, 13, 12, 3, 2, 0)] == [1, 1, 2, 2, 3, 3]
    oldest_first = history.HistoryFilter(descending=False)
    assert page_of(made[0], oldest_first) == 1
    assert page_of(theirs) is None  # someone else's request is on no page of alice's list
    assert page_of(made[0], history.HistoryFilter(status="completed")) is None


def test_date_range_is_in_the_portal_time_zone(session, alice):
    late_evening = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)  # 21.11 01:30 in Moscow
    request = new_request(session, alice, now=late_evening)
    on_21st = HistoryFilter(date_from=date(2026, 11, 21), date_to=date(2026, 11, 21))
    on_20th = HistoryFilter(date_from=date(2026, 11, 20), date_to=date(2026, 11, 20))
    assert listed(session, alice, on_21st) == ([request.number], 1)
    assert listed(session, alice, on_20th) == ([], 0)
    rows, _ = history.list_requests(session=session, user_id=alice.id, filters=on_21st)
    assert rows[0].created == "21.11.2026 01:30"


def test_type_and_status_filters(session, alice):
    question = new_request(session, alice)
    certificate = new_request(session, alice, type_code="cert_health")
    withdrawn = new_request(session, alice)
    act(session, alice, withdrawn, "withdraw")
    assert listed(session, alice, HistoryFilter(type_code="cert_health"))[0] == [certificate.number]
    assert listed(session, alice, HistoryFilter(status="withdrawn"))[0] == [withdrawn.number]
    both = HistoryFilter(type_code="support", status="submitted")
    assert listed(session, alice, both)[0] == [question.number]


def test_unknown_filter_values_from_a_client_are_ignored(session, alice):
    new_request(session, alice)
    tampered = HistoryFilter(type_code="'; DROP TABLE", status="hacked", sort="password")
    assert listed(session, alice, tampered)[1] == 1
    parsed = history.parse_filters({"type": "nope", "status": "nope", "sort": "x", "dir": "y"})
    assert parsed == HistoryFilter()


def test_sort_by_number_and_by_status(session, alice):
    first = new_request(session, alice, now=FRIDAY + timedelta(hours=2))  # ОБР-…-000001
    second = new_request(session, alice, now=FRIDAY + timedelta(hours=1))
    third = new_request(session, alice, now=FRIDAY)
    draft = new_request(session, alice, submit=False)
    act(session, alice, second, "withdraw")
    by_number = HistoryFilter(sort="number", descending=False)
    assert listed(session, alice, by_number)[0] == [
        first.number,
        second.number,
        third.number,
        draft.number,
    ]
    by_status = HistoryFilter(sort="status", descending=False)  # lifecycle order, newest first
    assert listed(session, alice, by_status)[0] == [
        draft.number,
        first.number,
        third.number,
        second.number,
    ]
    newest_first = [first.number, second.number, draft.number, third.number]  # ties: newer id
    assert listed(session, alice, HistoryFilter(sort="date"))[0] == newest_first


def test_rows_show_deadline_overdue_and_attachments(session, alice):
    scans = [staged_scan(session, alice, f"скан-{i}.pdf") for i in range(2)]
    request = new_request(session, alice, document_ids=[d.id for d in scans])
    draft = new_request(session, alice, submit=False)
    rows, _ = history.list_requests(
        session=session, user_id=alice.id, filters=HistoryFilter(), today=date(2026, 11, 24)
    )
    shown = {row.number: row for row in rows}
    submitted = shown[request.number]
    assert submitted.deadline == "ответ до 23.11.2026"  # a support ticket is answered
    assert submitted.overdue is True
    assert submitted.attachments == 2
    assert (submitted.status, submitted.status_label) == ("submitted", "Подано")
    assert submitted.type_title == "Обращение в поддержку"
    assert shown[draft.number].deadline == ""
    assert shown[draft.number].overdue is False
    display = submitted.display()
    assert display["overdue"] == "1" and display["attachments"] == "2"
    assert all(isinstance(value, str) for value in display.values())


# --- filters from clients ------------------------------------------------------------------------


def test_parse_filters_names_bad_dates_in_russian():
    with pytest.raises(InvalidForm) as err:
        history.parse_filters({"date_from": "32.13.2026", "date_to": "вчера"})
    assert set(err.value.errors) == {"date_from", "date_to"}
    with pytest.raises(InvalidForm) as err:
        history.parse_filters({"date_from": "2026-11-21", "date_to": "2026-11-20"})
    assert err.value.errors == {"date_to": "Дата «по» раньше даты «с»"}


def test_parse_filters_reads_back_its_query():
    filters = HistoryFilter(
        date_from=date(2026, 11, 1),
        date_to=date(2026, 11, 30),
        type_code="support",
        status="submitted",
        sort="status",
        descending=False,
    )
    assert history.parse_filters(filters.as_query()) == filters
    assert history.parse_filters({"date_from": "01.11.2026"}).date_from == date(2026, 11, 1)


# --- the timeline --------------------------------------------------------------------------------


def test_timeline_of_someone_elses_request_is_not_found(session, alice, bob):
    request = new_request(session, bob)
    for request_id in (request.id, str(request.id), 999_999, "abc", ""):
        with pytest.raises(NotFound):
            timeline.request_timeline(session=session, user=alice.user, request_id=request_id)


def test_timeline_shows_roles_and_messages_but_not_staff_notes(session, alice, registrar):
    scan = staged_scan(session, alice)
    request = new_request(session, alice, document_ids=[scan.id])
    act(session, registrar, request, "claim")
    for internal, text in ((True, "Служебно: проверить заново"), (False, "Ответим завтра")):
        workflow.add_message(
            session=session,
            request_id=request.id,
            user=registrar.user,
            text=text,
            actor=ACTOR,
            internal=internal,
            now=FRIDAY,
        )
    session.commit()
    items = timeline.request_timeline(session=session, user=alice.user, request_id=request.id)
    texts = " ".join(f"{i['actor']} {i['text']}" for i in items)
    assert "Служебно" not in texts
    assert "Орлова" not in texts  # staff are shown by role
    assert [i["kind"] for i in items] == ["document", "status", "status", "message"]
    assert items[0]["document_id"] == str(scan.id)
    assert items[0]["document_name"] == "скан.pdf"
    assert items[2] == {
        "at": "20.11.2026 12:00",
        "actor": "Регистратор",
        "status": "В обработке",
        "text": "",
        "document_id": "",
        "document_name": "",
        "kind": "status",
    }
    assert items[3]["text"] == "Ответим завтра"


# --- exports -------------------------------------------------------------------------------------


def test_csv_export_is_audited_and_has_the_users_rows(session, alice, bob):
    mine = new_request(session, alice)
    theirs = new_request(session, bob)
    data = history_export.export_csv(
        session=session, user=alice.user, filters=HistoryFilter(), actor=ACTOR
    )
    session.commit()
    text = data.decode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert text.splitlines()[0] == "Номер;Дата подачи;Вид обращения;Статус;Срок;Файлов"
    assert mine.number in text and theirs.number not in text
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "history.export")).one()
    assert (event.user_id, event.details) == (alice.id, "csv")


def test_pdf_export_describes_the_filter(session, alice):
    new_request(session, alice)
    filters = HistoryFilter(status="submitted", date_from=date(2026, 11, 1))
    data = history_export.export_pdf(session=session, user=alice.user, filters=filters, actor=ACTOR)
    assert data.startswith(b"%PDF")
    assert history_export.describe(filters) == (
        "с 01.11.2026, статус: Подано, сортировка по дате, по убыванию"
    )


def test_export_is_capped(session, alice):
    for i in range(3):
        new_request(session, alice, now=FRIDAY + timedelta(minutes=i))
    rows = history.export_rows(session=session, user_id=alice.id, filters=HistoryFilter(), cap=2)
    assert len(rows) == 2


def test_a_long_timeline_keeps_its_start_and_latest_entries(session, alice):
    request = new_request(session, alice)  # Подано (the draft is no step)
    for n in range(5):
        workflow.add_message(
            session=session, request_id=request.id, user=alice.user, text=f"№{n}", actor=ACTOR
        )
    items = timeline.request_timeline(
        session=session, user=alice.user, request_id=request.id, limit=4
    )
    assert [i["status"] or i["text"] for i in items] == [
        "Подано",
        "… пропущено событий: 3",
        "№3",
        "№4",
    ]


def test_a_timeline_of_long_messages_stays_under_64_kb(session, alice):
    request = new_request(session, alice)
    for n in range(40):  # 40 × 4000 Cyrillic letters ≈ 320 KB of text
        workflow.add_message(
            session=session,
            request_id=request.id,
            user=alice.user,
            text=f"{n:02d}" + "ж" * (workflow.MAX_TEXT - 2),
            actor=ACTOR,
        )
    items = timeline.request_timeline(session=session, user=alice.user, request_id=request.id)
    size = len(json.dumps(items, ensure_ascii=False).encode())
    assert 50_000 < size <= timeline.TIMELINE_BUDGET < 64 * 1024
    assert items[0]["status"] == "Подано"
    assert items[1]["text"].startswith("… пропущено событий: ")
    assert items[-1]["text"].startswith("39")  # the latest message is always there
