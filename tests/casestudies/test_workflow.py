import pytest
from django.core import mail

from casestudies import workflow, writing
from casestudies.models import CaseStudy, StatusChange

from .conftest import write_everything

pytestmark = pytest.mark.django_db
Status = CaseStudy.Status

ALLOWED = {
    (Status.PROPOSED, "agree"): Status.DRAFTING,
    (Status.PROPOSED, "decline"): Status.DECLINED,
    (Status.DRAFTING, "submit"): Status.IN_REVIEW,
    (Status.CHANGES_REQUESTED, "submit"): Status.IN_REVIEW,
    (Status.IN_REVIEW, "request_changes"): Status.CHANGES_REQUESTED,
    (Status.IN_REVIEW, "approve"): Status.APPROVED,
}


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", sorted(workflow.STEPS))
def test_every_status_change_is_allowed_or_refused_as_the_table_says(
    drafting, author, coordinator, status, action
):
    write_everything(drafting, author)
    CaseStudy.objects.filter(pk=drafting.pk).update(status=status)
    drafting.refresh_from_db()
    expected = ALLOWED.get((status, action))
    steps_before = StatusChange.objects.filter(case_study=drafting).count()
    if expected is None:
        with pytest.raises(workflow.WorkflowError, match="cannot be"):
            workflow.transition(drafting, action, by=coordinator, note="A reason")
        drafting.refresh_from_db()
        assert drafting.status == status
        assert StatusChange.objects.filter(case_study=drafting).count() == steps_before
    else:
        change = workflow.transition(drafting, action, by=coordinator, note="A reason")
        assert drafting.status == expected
        assert (change.from_status, change.to_status, change.by) == (status, expected, coordinator)


def test_an_unknown_action_is_refused(drafting, coordinator):
    with pytest.raises(workflow.WorkflowError, match="not something"):
        workflow.transition(drafting, "publish", by=coordinator)


def test_declining_needs_a_reason(proposed, coordinator):
    with pytest.raises(workflow.WorkflowError, match="Say why"):
        workflow.transition(proposed, "decline", by=coordinator, note="  ")
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_asking_for_changes_needs_a_message(in_review, coordinator):
    with pytest.raises(workflow.WorkflowError, match="what needs to change"):
        workflow.transition(in_review, "request_changes", by=coordinator)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_submitting_needs_every_required_section_within_its_limit(drafting, author):
    sections = [section for section, _ in writing.answers_by_section(drafting)]
    writing.save_answer(drafting, sections[0], "Written.", version=0, by=author)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.transition(drafting, "submit", by=author)
    assert refused.value.problems == [f"Answer “{s.heading}”" for s in sections[1:]]
    drafting.refresh_from_db()
    assert drafting.status == Status.DRAFTING


def test_each_step_emails_the_people_it_concerns(
    drafting, author, coordinator, django_capture_on_commit_callbacks
):
    write_everything(drafting, author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(drafting, "submit", by=author)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert drafting.title in mail.outbox[0].subject
    assert f"/case-studies/{drafting.pk}/review/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(
            drafting, "request_changes", by=coordinator, note="Add the council's figures."
        )
    assert mail.outbox[1].to == [author.email]
    assert "Add the council's figures." in mail.outbox[1].body  # not HTML-escaped
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(drafting, "submit", by=author)
        workflow.transition(drafting, "approve", by=coordinator)
    assert mail.outbox[-1].to == [author.email]
    assert "approved" in mail.outbox[-1].subject
    assert f"/case-studies/{drafting.pk}/sign-off/" in mail.outbox[-1].body


def test_declining_tells_the_other_coordinators(
    proposed, coordinator, django_capture_on_commit_callbacks
):
    from accounts import roles
    from tests.conftest import make_user

    colleague = make_user("second@cs.example", roles.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(proposed, "decline", by=coordinator, note="The DPULO withdrew.")
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert "The DPULO withdrew." in mail.outbox[0].body
