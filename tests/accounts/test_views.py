import html as html_lib
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.models import Organisation, User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Harbour Disabled People's Network",
    "region": "south_west",
    "website": "harbour.example.org",
    "charity_number": "",
    "company_number": "",
    "run_by_disabled_people": "on",
    "full_name": "Jo Harbour",
    "email": "jo@harbour.example.org",
    "password1": "lighthouse-keeper-42",
    "password2": "lighthouse-keeper-42",
}


def error_summary(response):
    """The messages in the page's GOV.UK error summary."""
    html = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    if not match:
        return []
    links = re.findall(r">([^<]+)</a>", match[1])
    return [html_lib.unescape(re.sub(r"\s+", " ", text).strip()) for text in links]


def test_registering_signs_the_new_user_in_and_confirms(client):
    response = client.post(reverse("accounts:register"), REGISTRATION)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:registered")
    confirmation = client.get(response["Location"])
    assert "Registration complete" in confirmation.content.decode()
    assert "Harbour Disabled People&#x27;s Network is registered" in confirmation.content.decode()
    organisation = Organisation.objects.get(name=REGISTRATION["name"])
    assert organisation.website == "https://harbour.example.org"
    user = User.objects.get(email="jo@harbour.example.org")
    assert int(client.session["_auth_user_id"]) == user.pk
    # The confirmation is shown once; coming back goes home.
    assert client.get(reverse("accounts:registered"))["Location"] == reverse("pages:home")


def test_registering_with_an_existing_email_says_so_and_changes_nothing(client):
    make_user("jo@harbour.example.org")
    response = client.post(
        reverse("accounts:register"), {**REGISTRATION, "email": "JO@Harbour.example.org"}
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "An account with this email address already exists. "
        "Sign in, or reset your password if you have forgotten it."
    ]
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: Register your organisation" in response.content.decode()
    assert not Organisation.objects.filter(name=REGISTRATION["name"]).exists()
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


def test_a_double_click_on_register_makes_one_organisation_and_one_account(client):
    first = client.post(reverse("accounts:register"), REGISTRATION)
    client.logout()
    second = client.post(reverse("accounts:register"), REGISTRATION)
    assert first.status_code == 302
    assert second.status_code == 200
    assert len(error_summary(second)) == 2  # both the organisation and the email are taken
    assert Organisation.objects.filter(name=REGISTRATION["name"]).count() == 1
    assert User.objects.filter(email=REGISTRATION["email"]).count() == 1


def test_registration_errors_are_listed_in_gov_uk_style(client):
    response = client.post(
        reverse("accounts:register"),
        {**REGISTRATION, "name": "", "run_by_disabled_people": "", "password2": "different-1"},
    )
    assert error_summary(response) == [
        "Enter your organisation's name",
        "Confirm that your organisation is run by and for disabled people",
        "The passwords do not match",
    ]
    # What the user typed is kept.
    assert 'value="jo@harbour.example.org"' in response.content.decode()


def test_a_weak_password_is_refused(client):
    response = client.post(
        reverse("accounts:register"),
        {**REGISTRATION, "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "Password must be 10 characters or more",
        "Enter a password that is harder to guess",
    ]
    assert not User.objects.filter(email=REGISTRATION["email"]).exists()


def test_signing_in_with_the_email_in_any_case(client, applicant):
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "APPLICANT@test.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")


def test_a_wrong_password_gives_one_clear_message(client, applicant):
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": applicant.email, "password": "not-the-password"},
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter a correct email address and password. "
        "After 5 wrong attempts you will have to wait 15 minutes to try again."
    ]


def test_five_wrong_passwords_lock_the_account_and_the_right_one_then_fails_too(client, applicant):
    for _ in range(4):
        response = client.post(
            reverse("accounts:sign-in"), {"username": applicant.email, "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("accounts:sign-in"), {"username": applicant.email, "password": "wrong"}
    )
    assert response.status_code == 429
    assert "You cannot sign in for 15 minutes" in response.content.decode()
    assert "reset your password" in response.content.decode()

    response = client.post(
        reverse("accounts:sign-in"), {"username": applicant.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)  # nothing about the account changed
    assert applicant.is_active


def test_a_locked_email_does_not_lock_anyone_else(client, applicant, role_users):
    for _ in range(5):
        client.post(reverse("accounts:sign-in"), {"username": applicant.email, "password": "x"})
    assessor = role_users[roles.ASSESSOR]
    response = client.post(
        reverse("accounts:sign-in"), {"username": assessor.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def reset_link():
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/]+(/password-reset/[^/]+/[^/]+/)", body)[1]


def test_password_reset_by_email_works_once(client, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": applicant.email})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
    assert mail.outbox[0].subject == "Reset your password for DPULO Case Studies"
    link = reset_link()

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "a-brand-new-password", "new_password2": "a-brand-new-password"},
    )
    assert done["Location"] == reverse("accounts:password-reset-complete")
    applicant.refresh_from_db()
    assert applicant.check_password("a-brand-new-password")

    # The same link a second time: a clear message and the password stays as it is.
    client.logout()
    again = client.get(link, follow=True)
    assert "This link has expired or has already been used" in again.content.decode()
    client.post(
        again.redirect_chain[-1][0] if again.redirect_chain else link,
        {"new_password1": "attacker-password-1", "new_password2": "attacker-password-1"},
    )
    applicant.refresh_from_db()
    assert applicant.check_password("a-brand-new-password")


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_sign_out_needs_a_post_and_ends_the_session(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (roles.APPLICANT, "Expressions of interest"),
        (roles.ASSESSOR, "Assessments"),
        (roles.PROGRAMME_MANAGER, "Running calls"),
        (roles.COORDINATOR, "The case-study collection"),
        (roles.AUTHOR, "Your case studies"),
    ],
)
def test_each_role_home_page_says_what_to_do_next(client, role_users, role, heading):
    client.force_login(role_users[role])
    html = client.get(reverse("pages:home")).content.decode()
    assert f'<h2 class="govuk-heading-m">{heading}</h2>' in html
    other_headings = {"Expressions of interest", "Assessments", "Running calls"} - {heading}
    for other in other_headings:
        assert f'<h2 class="govuk-heading-m">{other}</h2>' not in html


def test_a_user_with_no_role_is_told_so(client, db):
    client.force_login(make_user("nobody@example.org"))
    html = client.get(reverse("pages:home")).content.decode()
    assert "Your account does not have a role yet" in html


def test_your_account_shows_details_and_organisation(client, applicant, organisation):
    client.force_login(applicant)
    html = client.get(reverse("accounts:account")).content.decode()
    assert applicant.email in html
    assert organisation.name in html
    assert "Drafts and submits expressions of interest" in html


def test_changing_password_needs_the_current_one(client, applicant):
    client.force_login(applicant)
    url = reverse("accounts:password-change")
    response = client.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "another-good-password",
            "new_password2": "another-good-password",
        },
    )
    assert error_summary(response) == ["Your current password is not correct"]
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "another-good-password",
            "new_password2": "another-good-password",
        },
        follow=True,
    )
    assert "Your password has been changed" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.check_password("another-good-password")


def test_resetting_the_password_lifts_a_lockout(
    client, applicant, django_capture_on_commit_callbacks
):
    for _ in range(5):
        client.post(reverse("accounts:sign-in"), {"username": applicant.email, "password": "x"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": applicant.email})
    form_page = client.get(reset_link(), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "after-the-lockout-1", "new_password2": "after-the-lockout-1"},
    )
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": applicant.email, "password": "after-the-lockout-1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")


def test_an_empty_registration_form_lists_every_required_answer(client, db):
    response = client.post(reverse("accounts:register"), {})
    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter your organisation's name",
        "Select the region where your organisation mainly works",
        "Confirm that your organisation is run by and for disabled people",
        "Enter your full name",
        "Enter your email address",
        "Enter a password",
        "Confirm your password",
    ]


def test_a_weak_new_password_gets_gov_uk_messages(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "12345678901", "new_password2": "12345678901"},
    )
    assert error_summary(response) == [
        "Enter a password that is harder to guess",
        "Password must include letters as well as numbers",
    ]
