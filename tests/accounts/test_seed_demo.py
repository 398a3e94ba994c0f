import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts import roles
from accounts.models import Membership, Organisation, User
from demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = {
    "applicant@example.org": roles.APPLICANT,
    "assessor@example.org": roles.ASSESSOR,
    "manager@example.org": roles.PROGRAMME_MANAGER,
    "coordinator@example.org": roles.COORDINATOR,
    "author@example.org": roles.AUTHOR,
}


def snapshot():
    return {
        "users": sorted(User.objects.values_list("email", "full_name", "password", "is_staff")),
        "organisations": sorted(Organisation.objects.values_list("name", "kind", "region")),
        "memberships": sorted(Membership.objects.values_list("user__email", "organisation__name")),
        "roles": sorted(User.groups.through.objects.values_list("user__email", "group__name")),
        "groups": Group.objects.count(),
    }


@override_settings(DEBUG=True)
def test_seed_demo_creates_one_account_per_role_and_is_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
    for email, role in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.role_names == [role]
        assert user.check_password(DEMO_PASSWORD)
        assert user.memberships.exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.DPULO).count() >= 3
    # One pending request for an adjustment, and people with access needs for the panels,
    # each made once however often the demo is seeded.
    from accounts.models import AccessNeeds
    from eoi.models import AdjustmentRequest

    waiting = AdjustmentRequest.objects.get()
    assert waiting.status == "received"
    assert waiting.requested_by.email == "applicant@example.org"
    assert AccessNeeds.objects.filter(user__email="contact@harbour.example.org").exists()


def test_seed_demo_refuses_to_run_with_debug_off():
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.filter(email__in=DEMO_ACCOUNTS).exists()


def test_seed_demo_runs_with_debug_off_when_forced():
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.filter(email__in=DEMO_ACCOUNTS).count() == len(DEMO_ACCOUNTS)


@override_settings(DEBUG=True)
def test_seed_demo_gives_the_moderation_page_something_to_show():
    from demo.assessment import SLUG
    from eoi import assessment
    from eoi.models import Assignment, Call

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call = Call.objects.get(slug=SLUG)
    rows = assessment.call_summary(call)
    assert len(rows) == 6
    # Harbour Town's contact told us their access needs: the manager's panel shows them.
    from django.test import Client

    manager = Client()
    manager.force_login(User.objects.get(email="manager@example.org"))
    page = manager.get(f"/manage/calls/{SLUG}/moderation/EOI-2012-0001/").content.decode()
    assert "A British Sign Language (BSL) interpreter" in page
    assert any(row.agreement.has_disagreement for row in rows)
    assert any(row.ranked.tied for row in rows)
    assert Assignment.objects.filter(expression_of_interest__call=call, has_conflict=True).exists()
    assert call.state() == "closed"


@pytest.mark.django_db(transaction=True)  # the audit log is written as each change commits
@override_settings(DEBUG=True)
def test_the_demo_reads_true_to_the_calendar():
    """Calls close at 5pm on a working day; the 2012 call's events happened in 2012, at times
    people work, not all at the moment the command ran."""
    from datetime import timedelta

    from django.utils import timezone

    from demo.assessment import SLUG
    from eoi.models import Assignment, Call, ExpressionOfInterest
    from portal.dates import not_a_working_day

    started = timezone.now()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for call in Call.objects.all():
        local = timezone.localtime(call.closes_at)
        assert (local.hour, local.minute) == (17, 0), call.slug
        assert not_a_working_day(call.closes_at) == "", call.slug
    old = Call.objects.get(slug=SLUG)
    assert timezone.localtime(old.assessment_opened_at).year == 2012
    submitted = list(
        ExpressionOfInterest.objects.filter(call=old).values_list("submitted_at", flat=True)
    )
    assert len(set(submitted)) == len(submitted) == 6
    assert all(moment < old.closes_at for moment in submitted)
    assert all(9 <= timezone.localtime(moment).hour < 18 for moment in submitted)
    assert all(not_a_working_day(moment) == "" for moment in submitted)
    declared = Assignment.objects.filter(expression_of_interest__call=old).exclude(declared_at=None)
    assert {timezone.localtime(a.declared_at).year for a in declared} == {2012}
    assert {timezone.localtime(a.assigned_at).year for a in declared} == {2012}
    # The audit log tells the same story: each submission logged when it was made.
    from audit.models import Event

    logged = Event.objects.filter(action="eoi.submitted", object_type="expressionofinterest")
    pairs = zip(sorted(logged.values_list("at", flat=True)), sorted(submitted), strict=True)
    assert all(timedelta(0) <= at - moment < timedelta(seconds=30) for at, moment in pairs)
    scored = Event.objects.filter(action="eoi.assessment_submitted")
    assert {timezone.localtime(moment).year for moment in scored.values_list("at", flat=True)} >= {
        2012
    }

    # Every case study's story is spread over the weeks before: proposed on different days,
    # at working hours, and nothing in the log or the outbox is stamped at the moment the
    # command ran.
    from casestudies.models import CaseStudy, SignOff, SingleUseLink
    from collection.models import Edition, PublishedCaseStudy
    from mail.models import Message

    proposed = list(CaseStudy.objects.values_list("created_at", flat=True))
    from demo.case_studies import CASE_STUDIES

    assert len({timezone.localdate(moment) for moment in proposed}) == len(proposed)
    assert len(proposed) == len(CASE_STUDIES)
    assert all(moment < started for moment in proposed)
    assert all(9 <= timezone.localtime(moment).hour < 18 for moment in proposed)
    assert all(not_a_working_day(moment) == "" for moment in proposed)
    assert (started - min(proposed)).days >= 28
    assert not Event.objects.filter(at__gte=started).exists()
    assert not Message.objects.filter(queued_at__gte=started).exists()
    assert not Message.objects.filter(sent_at__gte=started).exists()
    # The published edition came after the last sign-off, and what it froze says the same
    # times as the sign-offs themselves.
    edition = Edition.objects.get(status=Edition.Status.PUBLISHED)
    signed = {(item.case_study.title, item.party): item.signed_at for item in SignOff.objects.all()}
    assert max(signed.values()) < edition.published_at < started
    for copy in PublishedCaseStudy.objects.filter(edition=edition):
        for line in copy.sign_offs:
            assert line["signed_at"] == signed[(copy.title, line["party"])].isoformat()
    assert edition.published_at <= edition.pdf_rendered_at < started
    # The invitation the newest agreed case study is waiting on has not expired.
    waiting = CaseStudy.objects.get(title__startswith="Young disabled people")
    link = SingleUseLink.objects.filter(case_study=waiting).latest("expires_at")
    assert link.expires_at > started

    # The published collection is worth reading: eight case studies, each in its own words,
    # across areas, regions and kinds of work, several with their working shown.
    copies = list(edition.case_studies.all())
    assert len(copies) >= 8
    first_answers = {copy.sections[0]["text"] for copy in copies}
    assert len(first_answers) == len(copies)  # no two tell the same story
    assert len({copy.region for copy in copies}) >= 6
    assert len({area for copy in copies for area in copy.areas}) >= 5
    assert len({kind for copy in copies for kind in copy.kinds_of_work}) >= 6
    worked = [copy for copy in copies if any("working" in o for o in copy.outcomes)]
    assert len(worked) >= 3
