"""The contact kinds a client may name: anything but "phone"/"email" is refused, not a crash
(``ProfileState.edit_contact`` checks ``kind in CONTACTS`` with whatever JSON it was sent)."""

import pytest

from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid
from gosapp.services.profile import contacts

HOSTILE = [{}, {"kind": "phone"}, ["phone"], None, 1, True, "PHONE", "phone "]


@pytest.mark.parametrize("kind", HOSTILE, ids=repr)
def test_anything_but_a_known_kind_is_not_a_contact(kind):
    assert kind not in contacts.CONTACTS


@pytest.mark.parametrize("kind", HOSTILE, ids=repr)
def test_a_change_of_an_unknown_kind_is_refused_beside_the_field(session, alice, kind):
    with pytest.raises(Invalid) as refused:
        contacts.request_contact_change(
            session=session,
            user=alice.user,
            kind=kind,
            value="+79161234567",
            password=alice.password,
            actor=Actor(),
        )
    assert refused.value.field == "value"


def test_phone_and_email_are_the_contacts():
    assert {k for k in ("phone", "email") if k in contacts.CONTACTS} == {"phone", "email"}
