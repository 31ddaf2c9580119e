import pytest
from sqlmodel import select

from gosapp.models.accounts import utcnow
from gosapp.models.notifications import Channel, DeliveryStatus, Notification, OutboundMessage
from gosapp.services.common.errors import NotFound
from gosapp.services.notifications import inbox
from tests.factories import make_user


def _outbox(session):
    return list(session.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def test_notify_creates_an_in_app_notification_and_an_email_by_default(session):
    alice = make_user(session)
    row = inbox.notify(
        session=session, user=alice, title="Запись подтверждена", body="Приём 5 марта", link="/x"
    )
    assert row.id and row.user_id == alice.id and row.read_at is None
    [email] = _outbox(session)
    assert email.channel == Channel.EMAIL and email.recipient == alice.email
    assert email.subject == "Запись подтверждена"
    assert email.body.startswith("Приём 5 марта") and email.body.endswith("/x")
    assert email.status == DeliveryStatus.PENDING and email.user_id == alice.id


def test_notify_follows_the_users_channel_preferences(session):
    both = make_user(session, notify_email=True, notify_sms=True)
    app_only = make_user(session, notify_email=False, notify_sms=False)
    inbox.notify(session=session, user=both, title="Готов результат", body="Анализ крови")
    inbox.notify(session=session, user=app_only, title="Готов результат")
    rows = _outbox(session)
    assert [(m.channel, m.recipient) for m in rows] == [
        (Channel.EMAIL, both.email),
        (Channel.SMS, both.phone),
    ]
    assert rows[1].body == "Готов результат. Анализ крови"
    assert inbox.unread_count(session=session, user_id=app_only.id) == 1


def test_notify_never_mails_an_unconfirmed_contact(session):
    bob = make_user(session, notify_sms=True, email_confirmed_at=None, phone_confirmed_at=None)
    inbox.notify(session=session, user=bob, title="Новое сообщение")
    assert _outbox(session) == []
    assert inbox.unread_count(session=session, user_id=bob.id) == 1


def test_codes_can_be_queued_for_a_contact_not_yet_confirmed(session):
    alice = make_user(session)
    email = inbox.enqueue_email(
        session=session,
        recipient="new@example.ru",
        subject="Код",
        body="Код: 123456",
        user_id=alice.id,
    )
    sms = inbox.enqueue_sms(session=session, recipient="+79160000000", body="Код: 1")
    assert email.status == sms.status == DeliveryStatus.PENDING
    assert (email.channel, sms.channel, sms.user_id) == (Channel.EMAIL, Channel.SMS, None)
    assert email.next_attempt_at <= utcnow()


def test_unread_count_and_marking_read(session):
    alice = make_user(session, notify_email=False)
    first = inbox.notify(session=session, user=alice, title="Первое")
    inbox.notify(session=session, user=alice, title="Второе")
    inbox.notify(session=session, user=alice, title="Третье")
    assert inbox.unread_count(session=session, user_id=alice.id) == 3
    inbox.mark_read(session=session, user_id=alice.id, notification_id=first.id)
    inbox.mark_read(session=session, user_id=alice.id, notification_id=first.id)
    assert inbox.unread_count(session=session, user_id=alice.id) == 2
    assert inbox.mark_all_read(session=session, user_id=alice.id) == 2
    assert inbox.unread_count(session=session, user_id=alice.id) == 0
    assert inbox.mark_all_read(session=session, user_id=alice.id) == 0


def test_marking_another_users_notification_is_not_found_and_changes_nothing(session):
    alice, bob = make_user(session), make_user(session)
    bobs = inbox.notify(session=session, user=bob, title="Личное")
    with pytest.raises(NotFound):
        inbox.mark_read(session=session, user_id=alice.id, notification_id=bobs.id)
    with pytest.raises(NotFound):
        inbox.mark_read(session=session, user_id=alice.id, notification_id=999_999)
    assert session.get(Notification, bobs.id).read_at is None
    assert inbox.mark_all_read(session=session, user_id=alice.id) == 0
    assert inbox.unread_count(session=session, user_id=bob.id) == 1


def test_list_notifications_is_newest_first_and_only_the_users_own(session):
    alice, bob = make_user(session), make_user(session)
    for title in ("Старое", "Среднее", "Новое"):  # ids grow with time: newest is highest
        session.add(Notification(user_id=alice.id, title=title))
        session.flush()
    inbox.notify(session=session, user=bob, title="Чужое")
    session.flush()
    items = inbox.list_notifications(session=session, user_id=alice.id)
    assert [i.title for i in items] == ["Новое", "Среднее", "Старое"]
    assert not any(i.is_read for i in items)
    fields = {"id", "title", "body", "link", "created_at", "is_read"}
    assert set(type(items[0]).model_fields) == fields
    assert len(inbox.list_notifications(session=session, user_id=alice.id, limit=2)) == 2


def test_list_outbox_shows_queued_messages_newest_first(session):
    inbox.enqueue_sms(session=session, recipient="+79160000001", body="первое")
    inbox.enqueue_email(session=session, recipient="a@example.ru", subject="Тема", body="второе")
    items = inbox.list_outbox(session=session)
    assert [(i.channel, i.body) for i in items] == [
        (Channel.EMAIL, "второе"),
        (Channel.SMS, "первое"),
    ]
    assert items[0].subject == "Тема" and items[0].status == DeliveryStatus.PENDING
