"""Two DPULOs apply to the same call, and two assessors each have one to assess: nobody reaches
the other organisation's answers, by any address."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from eoi import application
from eoi.models import Assignment
from tests.conftest import make_organisation, make_user

from .conftest import fill, make_call

pytestmark = pytest.mark.django_db

APPLICANT_PAGES = ["task-list", "organisation", "contact", "check", "declaration", "withdraw"]


@pytest.fixture
def two_applications(db):
    call = make_call("shared-call")
    made = {}
    for name in ("First", "Second"):
        organisation = make_organisation(f"{name} DPULO")
        applicant = make_user(f"applicant@{name.lower()}.example", roles.APPLICANT, organisation)
        eoi = fill(
            application.start(call, organisation, by=applicant),
            applicant,
            text_for=lambda criterion, name=name: f"{name} DPULO's private answer.",
        )
        made[name] = (applicant, eoi)
    return call, made


def test_an_applicant_sees_only_their_own_organisations_answers(client, two_applications):
    call, made = two_applications
    applicant, _ = made["First"]
    client.force_login(applicant)
    pages = [reverse(f"eoi:{name}", kwargs={"slug": call.slug}) for name in APPLICANT_PAGES]
    pages.append(reverse("eoi:criterion", kwargs={"slug": call.slug, "position": 1}))
    for url in pages:
        text = client.get(url).content.decode()
        assert "Second DPULO" not in text, url  # its name, or its answers ("Second DPULO's …")
    # Saving writes to the applicant's own draft only.
    client.post(
        reverse("eoi:criterion", kwargs={"slug": call.slug, "position": 1}),
        {"text": "Changed by First.", "version": "1"},
    )
    _, second = made["Second"]
    assert "Changed by First." not in {a.text for a in second.answers.all()}


def test_an_assessor_reaches_only_what_they_were_assigned(client, two_applications):
    call, made = two_applications
    (_, first), (_, second) = made["First"], made["Second"]
    for eoi in (first, second):
        application.submit(eoi, by=eoi.organisation.memberships.first().user)
        eoi.refresh_from_db()
    call.opens_at = timezone.now() - timezone.timedelta(days=10)
    call.closes_at = timezone.now() - timezone.timedelta(seconds=1)
    call.assessment_opened_at = timezone.now()
    call.save()
    assessor = make_user("one@assess.example", roles.ASSESSOR)
    Assignment.objects.create(expression_of_interest=first, assessor=assessor)
    client.force_login(assessor)
    assert client.get(reverse("eoi:assess-declare", args=[first.reference])).status_code == 200
    for name in ("assess-declare", "assess"):
        assert client.get(reverse(f"eoi:{name}", args=[second.reference])).status_code == 404
        assert client.post(reverse(f"eoi:{name}", args=[second.reference]), {}).status_code == 404


def test_the_submitted_pdf_is_only_ever_the_applicants_own(client, two_applications):
    call, made = two_applications
    (first_user, first), (_, second) = made["First"], made["Second"]
    application.submit(second, by=second.organisation.memberships.first().user)
    client.force_login(first_user)
    pdf_url = reverse("eoi:submitted-pdf", kwargs={"slug": call.slug})
    assert client.get(pdf_url).status_code == 404  # First has not submitted; Second's is not theirs
    application.submit(first, by=first_user)
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"Second DPULO" not in response.content
