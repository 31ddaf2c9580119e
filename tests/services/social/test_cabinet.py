"""Connecting the СЗН cabinet: a confirmed account and the current consent are required, the
consent is recorded with its version and time, and nothing else opens before it."""

import pytest
from sqlmodel import select

from gosapp.models.audit import AuditEvent
from gosapp.models.social import SznConnection
from gosapp.services.common.errors import Invalid, NotAllowed
from gosapp.services.social import cabinet, payments
from gosapp.services.social.payments import PaymentFilter
from tests.factories import give_documents
from tests.services.social.setup import ACTOR, NOW, confirm


def connect(session, user, agreed=True, version=cabinet.CONSENT_VERSION):
    return cabinet.connect(
        session=session, user=user, agreed=agreed, consent_version=version, actor=ACTOR, now=NOW
    )


def test_connecting_records_the_consent_version_and_time(session, alice):
    confirm(session, alice.user)
    row = connect(session, alice.user)
    session.commit()
    assert (row.consent_version, row.consented_at) == (cabinet.CONSENT_VERSION, NOW)
    assert cabinet.connection(session, alice.user) is not None
    [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "szn.connect")).all()
    assert event.details == f"consent {cabinet.CONSENT_VERSION}"


def test_connecting_twice_keeps_the_first_consent(session, alice):
    confirm(session, alice.user)
    first = connect(session, alice.user)
    again = connect(session, alice.user)
    assert again.id == first.id
    assert len(session.exec(select(SznConnection)).all()) == 1


@pytest.mark.parametrize(
    ("agreed", "version", "message"),
    [
        (False, cabinet.CONSENT_VERSION, "дайте согласие"),
        (True, "2020-01-01", "Текст согласия обновился"),
        (True, "", "Текст согласия обновился"),
    ],
)
def test_consent_is_required_and_current(session, alice, agreed, version, message):
    confirm(session, alice.user)
    with pytest.raises(Invalid, match=message) as caught:
        connect(session, alice.user, agreed=agreed, version=version)
    assert caught.value.field == "consent"
    assert cabinet.connection(session, alice.user) is None


@pytest.mark.parametrize("standard", [False, True])
def test_below_confirmed_level_cannot_connect(session, alice, standard):
    if standard:
        give_documents(session, alice.user)
    assert cabinet.gate(alice.user)["needed"] == "подтверждённая"
    with pytest.raises(NotAllowed, match="подтверждённая учётная запись"):
        connect(session, alice.user)
    assert cabinet.connection(session, alice.user) is None


def test_nothing_opens_before_connecting(session, alice):
    confirm(session, alice.user)
    with pytest.raises(NotAllowed, match="подключите кабинет"):
        payments.payments(session=session, user=alice.user, filters=PaymentFilter())
