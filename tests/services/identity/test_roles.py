"""One place decides which role a user acts in, which roles are staff, and what roles are called."""

import pytest

from gosapp import routes
from gosapp.models.accounts import Role
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity import roles


@pytest.mark.parametrize(
    ("held", "acting"),
    [
        (set(), Role.CITIZEN),
        ({Role.CITIZEN}, Role.CITIZEN),
        ({Role.CITIZEN, Role.DOCTOR}, Role.DOCTOR),
        ({Role.DOCTOR, Role.REGISTRAR}, Role.REGISTRAR),
        ({Role.REGISTRAR, Role.ADMIN}, Role.ADMIN),
        ({Role.CITIZEN, Role.DOCTOR, Role.REGISTRAR, Role.ADMIN}, Role.ADMIN),
    ],
)
def test_the_highest_role_held_is_the_one_acted_in(held, acting):
    assert roles.acting_role(held) == acting


def test_granting_a_role_twice_keeps_one(session, alice):
    roles.grant_role(session=session, user_id=alice.id, role=Role.DOCTOR)
    roles.grant_role(session=session, user_id=alice.id, role=Role.DOCTOR)
    assert roles.roles_of(session, alice.id) == {Role.CITIZEN, Role.DOCTOR}


def test_back_office_is_for_registrars_and_administrators(session, alice, registrar, admin):
    assert roles.require_staff(session, registrar.user) == {Role.CITIZEN, Role.REGISTRAR}
    assert Role.ADMIN in roles.require_staff(session, admin.user)
    with pytest.raises(NotAllowed):
        roles.require_staff(session, alice.user)
    roles.grant_role(session=session, user_id=alice.id, role=Role.DOCTOR)
    with pytest.raises(NotAllowed):  # a doctor is staff, but not back-office staff
        roles.require_staff(session, alice.user)


def test_staff_accounts_may_be_doctors_but_the_back_office_is_not_theirs():
    assert set(roles.STAFF_ACCOUNT_ROLES) == {Role.REGISTRAR, Role.ADMIN, Role.DOCTOR}
    assert {Role.REGISTRAR, Role.ADMIN} == roles.BACK_OFFICE_ROLES


def test_every_role_and_event_role_has_a_russian_label():
    for role in Role:
        assert roles.role_label(role.value) == roles.ROLE_LABELS[role]
    assert roles.role_label("applicant") == "Заявитель"
    assert roles.role_label("system") == "Система"
    assert roles.role_label("robot") == "robot"


def test_each_role_lands_on_its_own_start_page():
    assert roles.start_page({Role.CITIZEN}) == routes.HOME
    assert roles.start_page(set()) == routes.HOME
    assert roles.start_page({Role.CITIZEN, Role.DOCTOR}) == routes.FRMR
    assert roles.start_page({Role.CITIZEN, Role.REGISTRAR}) == routes.STAFF
    assert roles.start_page({Role.DOCTOR, Role.ADMIN}) == routes.STAFF
