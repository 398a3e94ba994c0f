import pytest

from accounts import roles
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_members_and_programme_managers_may_view_an_organisation(role_users, organisation):
    other = make_organisation("Another DPULO")
    applicant = role_users[roles.APPLICANT]
    assert applicant.has_perm("accounts.view_organisation", organisation)
    assert not applicant.has_perm("accounts.view_organisation", other)
    assert role_users[roles.PROGRAMME_MANAGER].has_perm("accounts.view_organisation", other)
    assert not role_users[roles.ASSESSOR].has_perm("accounts.view_organisation", organisation)


def test_only_an_organisation_admin_may_change_it(organisation):
    admin = make_user("admin@test.example")
    member = make_user("member@test.example", organisation=organisation)
    organisation.memberships.create(user=admin, is_organisation_admin=True)
    assert admin.has_perm("accounts.change_organisation", organisation)
    assert not member.has_perm("accounts.change_organisation", organisation)
