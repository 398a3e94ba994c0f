import pytest

from accounts import roles
from accounts.models import Membership, Organisation, User
from accounts.services import RegistrationError, register_dpulo
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ORGANISATION = {
    "name": "Valley Disabled People's Forum",
    "region": Organisation.Region.WALES,
    "website": "https://valley.example.org",
    "charity_number": "1234567",
    "company_number": "",
    "run_by_disabled_people": True,
}


def register(**overrides):
    fields = {
        "organisation_fields": dict(ORGANISATION),
        "full_name": "Gwen Jones",
        "email": "gwen@valley.example.org",
        "password": "a-long-enough-password",
    }
    fields.update(overrides)
    return register_dpulo(**fields)


def test_registering_creates_the_dpulo_its_first_user_and_the_applicant_role():
    registration = register()
    organisation = registration.organisation
    user = registration.user
    assert organisation.kind == Organisation.Kind.DPULO
    assert organisation.run_by_disabled_people
    assert user.check_password("a-long-enough-password")
    assert user.role_names == [roles.APPLICANT]
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation
    assert membership.is_organisation_admin


def test_registering_with_an_email_already_in_use_creates_nothing():
    make_user("gwen@valley.example.org")
    with pytest.raises(RegistrationError) as raised:
        register(email="GWEN@valley.example.org")
    assert raised.value.field == "email"
    assert "already exists" in raised.value.message
    assert not Organisation.objects.filter(name=ORGANISATION["name"]).exists()
    assert User.objects.count() == 1


def test_registering_the_same_organisation_twice_is_refused_on_the_second_attempt():
    register()
    with pytest.raises(RegistrationError) as raised:
        register(email="someone-else@valley.example.org")
    assert raised.value.field == "name"
    assert Organisation.objects.count() == 1
    assert not User.objects.filter(email="someone-else@valley.example.org").exists()
