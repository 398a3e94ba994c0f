"""The retention policy removes the personal data of unsuccessful expressions of interest after
the set period, lists them first with --dry-run, and keeps the anonymised scores."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from eoi import assessment, decisions, retention
from eoi.models import Assessment, Assignment, Score, Submission
from tests.conftest import make_user

from .conftest import closed_call_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(db):
    """A call that closed three years ago: Alpha selected, Beta not; both scored."""
    from accounts import roles

    call, submitted = closed_call_with("retained", ["Alpha DPULO", "Beta DPULO"])
    (alpha, _), (beta, _) = submitted
    assessor = make_user("assessor@retention.example", roles.ASSESSOR)
    for eoi in (alpha, beta):
        assignment = Assignment.objects.create(
            expression_of_interest=eoi,
            assessor=assessor,
            declared_at=timezone.now(),
            has_conflict=False,
        )
        record = Assessment.objects.create(assignment=assignment)
        entries = {c.pk: (3, False, f"Comment on {eoi.reference}") for c in call.criteria.all()}
        assessment.save_scores(record, entries)
    decisions.record_decision(call, selected=alpha, reasons="Strongest", by=assessor)
    call.closes_at = timezone.now() - timedelta(days=3 * 365)
    call.opens_at = call.closes_at - timedelta(days=30)
    call.save()
    return alpha, beta


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_and_changes_nothing(decided):
    alpha, beta = decided
    output = run("--dry-run")
    assert f"{beta.reference}: Beta DPULO" in output
    assert "(not selected" in output
    assert alpha.reference not in output
    assert "1 expression of interest would be anonymised." in output
    beta.refresh_from_db()
    assert beta.contact_email
    assert beta.anonymised_at is None


def test_a_real_run_removes_personal_data_and_keeps_the_scores(decided):
    alpha, beta = decided
    scores_before = list(
        Score.objects.filter(assessment__assignment__expression_of_interest=beta)
        .order_by("pk")
        .values_list("value", flat=True)
    )
    output = run()
    assert "1 expression of interest anonymised." in output
    beta.refresh_from_db()
    assert (beta.contact_name, beta.contact_email, beta.organisation_summary) == ("", "", "")
    assert beta.anonymised_at is not None
    assert set(beta.answers.values_list("text", flat=True)) == {""}
    submission = Submission.objects.get(expression_of_interest=beta)
    assert bytes(submission.pdf) == b""
    assert submission.content == {"removed": retention.REMOVED}
    scores = Score.objects.filter(assessment__assignment__expression_of_interest=beta)
    assert list(scores.order_by("pk").values_list("value", flat=True)) == scores_before
    assert set(scores.values_list("comment", flat=True)) == {""}
    assert not Score.history.filter(comment__contains=beta.reference).exists()
    assert beta.outcome_letter.body == retention.REMOVED
    alpha.refresh_from_db()
    assert alpha.contact_email  # the selected one is kept
    assert alpha.anonymised_at is None
    assert "0 expressions of interest anonymised." in run()  # and it runs once


def test_nothing_is_due_before_the_period_ends(decided):
    _, beta = decided
    call = beta.call
    call.opens_at = timezone.now() - timedelta(days=40)
    call.closes_at = timezone.now() - timedelta(days=10)
    call.save()
    assert retention.due() == []
    assert [d.eoi for d in retention.due(days=5)] == [beta]


def test_the_assessment_pages_of_an_anonymised_application_still_open(client, decided):
    from django.urls import reverse

    from accounts import roles

    _, beta = decided
    run()
    call = beta.call
    call.assessment_opened_at = timezone.now()
    call.save()
    assessor = Assignment.objects.get(expression_of_interest=beta).assessor
    client.force_login(assessor)
    response = client.get(reverse("eoi:assess", args=[beta.reference]))
    assert response.status_code == 200
    assert f"Comment on {beta.reference}" not in response.content.decode()
    manager = make_user("manager@retention.example", roles.PROGRAMME_MANAGER)
    client.force_login(manager)
    page = client.get(reverse("eoi:manage-moderate", args=[call.slug, beta.reference]))
    assert page.status_code == 200
    assert f"Comment on {beta.reference}" not in page.content.decode()
