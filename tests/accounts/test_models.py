import pytest
from django.db import IntegrityError, transaction

from accounts import roles
from accounts.models import Organisation, User
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_email_is_stored_in_lower_case_and_found_without_regard_to_case():
    user = make_user("Ada.Lovelace@Example.ORG")
    assert user.email == "ada.lovelace@example.org"
    assert User.objects.get_by_natural_key("ADA.LOVELACE@example.org ") == user


def test_the_database_refuses_a_second_account_for_the_same_email_in_any_case():
    make_user("ada@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ADA@example.org", full_name="Ada again")])


def test_the_database_refuses_two_organisations_with_the_same_name_in_any_case():
    make_organisation("Northgate Forum")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_organisation("NORTHGATE FORUM")


def test_a_dpulo_must_be_run_by_and_for_disabled_people():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="Not user-led",
            kind=Organisation.Kind.DPULO,
            region=Organisation.Region.WALES,
            run_by_disabled_people=False,
        )


def test_role_names_follow_the_portal_order(role_groups):
    user = make_user("both@example.org", roles.PROGRAMME_MANAGER)
    user.groups.add(role_groups[roles.ASSESSOR])
    assert user.role_names == [roles.ASSESSOR, roles.PROGRAMME_MANAGER]
    assert user.has_role(roles.ASSESSOR)
    assert not user.has_role(roles.APPLICANT)


def test_the_roles_exist_as_groups_after_migrating(role_groups):
    assert sorted(role_groups) == sorted(roles.ALL_ROLES)


def test_programme_managers_can_look_after_organisations_in_the_admin(role_groups):
    codenames = set(
        role_groups[roles.PROGRAMME_MANAGER].permissions.values_list("codename", flat=True)
    )
    assert {"view_organisation", "change_organisation", "view_user"} <= codenames
