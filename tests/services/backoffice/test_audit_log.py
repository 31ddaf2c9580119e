"""The audit-log viewer: filters, newest first, keyset pages of 50, staff only."""

from datetime import UTC, datetime

import pytest

from gosapp.models.audit import AuditEvent
from gosapp.services.backoffice import audit_log
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity.accounts import InvalidForm


def add_event(session, action, user_id=None, at=None, outcome="ok", role="", **kwargs):
    event = AuditEvent(
        action=action,
        user_id=user_id,
        outcome=outcome,
        role=role,
        **({"at": at} if at else {}),
        **kwargs,
    )
    session.add(event)
    session.flush()
    return event


def view(session, persona, before_id=None, **filters):
    return audit_log.search_audit(
        session=session, user=persona.user, filters=filters, before_id=before_id
    )


def test_newest_first_with_columns(session, alice, registrar):
    add_event(session, "login.success", alice.id, role="", ip="10.0.0.1")
    add_event(
        session,
        "staff.user.lock",
        registrar.id,
        at=datetime(2026, 11, 20, 21, 30, tzinfo=UTC),
        role="registrar",
        object_type="user",
        object_id=str(alice.id),
        ip="10.0.0.2",
    )
    session.commit()
    rows = view(session, registrar).rows
    newest = rows[0]
    assert newest["code"] == "staff.user.lock"
    assert newest["at"] == "21.11.2026 00:30"  # Moscow time
    assert newest["user"] == f"№ {registrar.id} Орлова Р.О."
    assert newest["role"] == "Регистратор"
    assert newest["object"] == f"пользователь № {alice.id}"
    assert newest["action"] == "Сотрудник заблокировал учётную запись"
    assert (newest["outcome"], newest["ip"]) == ("успешно", "10.0.0.2")
    assert rows[1]["code"] == "login.success"


def test_filters_by_user_id_or_login(session, alice, bob, registrar):
    add_event(session, "login.success", alice.id)
    add_event(session, "login.success", bob.id)
    session.commit()
    by_id = view(session, registrar, user=str(bob.id)).rows
    assert {r["user"] for r in by_id} == {f"№ {bob.id} Кузнецов Б.И."}
    by_login = view(session, registrar, user="alice@example.ru").rows
    assert {r["user"] for r in by_login} == {f"№ {alice.id} Смирнова А.П."}
    with pytest.raises(InvalidForm) as err:
        view(session, registrar, user="nobody@example.ru")
    assert "user" in err.value.errors


def test_filters_by_action_prefix_and_outcome(session, alice, registrar):
    add_event(session, "staff.user.lock", registrar.id)
    add_event(session, "staff.user.unlock", registrar.id)
    add_event(session, "login.bad_password", alice.id, outcome="denied")
    add_event(session, "staffish", registrar.id)
    session.commit()
    actions = [r["code"] for r in view(session, registrar, action="staff.user").rows]
    assert actions == ["staff.user.unlock", "staff.user.lock"]
    denied = view(session, registrar, outcome="denied").rows
    assert [r["code"] for r in denied] == ["login.bad_password"]
    assert denied[0]["denied"] == "1"
    assert view(session, registrar, action="staff_").rows == []  # "_" is literal, not a wildcard


def test_filters_by_local_date_range(session, registrar):
    add_event(session, "a.before", at=datetime(2026, 11, 19, 20, 59, tzinfo=UTC))  # 19.11 23:59
    add_event(session, "a.inside", at=datetime(2026, 11, 19, 21, 0, tzinfo=UTC))  # 20.11 00:00
    add_event(session, "a.last", at=datetime(2026, 11, 21, 20, 59, tzinfo=UTC))  # 21.11 23:59
    add_event(session, "a.after", at=datetime(2026, 11, 21, 21, 0, tzinfo=UTC))  # 22.11 00:00
    session.commit()
    found = view(session, registrar, action="a.", date_from="20.11.2026", date_to="2026-11-21")
    assert [r["code"] for r in found.rows] == ["a.last", "a.inside"]


def test_bad_filters_are_named_together(session, registrar):
    with pytest.raises(InvalidForm) as err:
        view(
            session,
            registrar,
            action="DROP TABLE",
            outcome="maybe",
            date_from="32.01.2026",
            date_to="вчера",
        )
    assert set(err.value.errors) == {"action", "outcome", "date_from", "date_to"}
    with pytest.raises(InvalidForm) as err:
        view(session, registrar, date_from="21.11.2026", date_to="20.11.2026")
    assert set(err.value.errors) == {"date_to"}


def test_pages_of_50_by_cursor(session, registrar):
    for n in range(120):
        add_event(session, f"bulk.{n:03d}")
    session.commit()
    first = view(session, registrar, action="bulk.")
    second = view(session, registrar, action="bulk.", before_id=first.next_cursor)
    third = view(session, registrar, action="bulk.", before_id=second.next_cursor)
    assert [len(p.rows) for p in (first, second, third)] == [50, 50, 20]
    assert first.rows[0]["code"] == "bulk.119"
    assert second.rows[0]["code"] == "bulk.069"
    assert third.rows[-1]["code"] == "bulk.000"
    assert third.next_cursor is None


def test_admin_may_view_and_citizen_may_not(session, alice, admin):
    assert view(session, admin).next_cursor is None
    with pytest.raises(NotAllowed):
        view(session, alice)
