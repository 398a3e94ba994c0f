"""Each kind of reminder, with a frozen clock: sent when due and not before, never twice, not
after the person acted, and not to someone who turned reminders off (unless the programme
needs it). ``manage.py send_reminders`` runs them all."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import roles
from casestudies import links, scoping, workflow
from casestudies.models import SignOff, SingleUseLink
from collection import editions
from eoi import application, assessment
from mail import reminders
from mail.models import Message, Preference
from tests.casestudies.conftest import scope
from tests.collection.conftest import signed_off
from tests.conftest import make_organisation, make_user
from tests.eoi.conftest import fill, make_call

pytestmark = pytest.mark.django_db


def sent(kind, to=None):
    found = Message.objects.filter(kind=kind)
    if to is not None:
        found = found.filter(to_email=to)
    return found.count()


def turn_off(person):
    Preference.objects.update_or_create(user=person, defaults={"reminders": False})


# Applicants with unfinished drafts ---------------------------------------------------------


@pytest.fixture
def draft_call(db):
    closes = timezone.now() + timedelta(days=20)
    call = make_call("reminded", closes_at=closes)
    dpulo = make_organisation("Reminded DPULO")
    applicant = make_user("draft@remind.example", roles.APPLICANT, dpulo)
    eoi = application.start(call, dpulo, by=applicant)
    return call, eoi, applicant, closes


def test_a_draft_is_reminded_7_days_and_1_day_before_closing_once_each(draft_call):
    call, _, applicant, closes = draft_call
    assert reminders.send_due(closes - timedelta(days=8)) == 0  # not yet
    assert reminders.send_due(closes - timedelta(days=6, hours=23)) == 1
    assert reminders.send_due(closes - timedelta(days=6)) == 0  # not twice
    assert reminders.send_due(closes - timedelta(hours=23)) == 1
    assert reminders.send_due(closes - timedelta(hours=1)) == 0
    assert reminders.send_due(closes + timedelta(minutes=1)) == 0  # closed: nothing to do
    assert sent("draft_reminder", applicant.email) == 2
    message = Message.objects.filter(kind="draft_reminder").order_by("queued_at").last()
    assert "closes in 1 day" in message.subject
    assert f"/calls/{call.slug}/apply/" in message.body
    assert "To stop reminders" in message.body


def test_a_job_that_first_runs_late_sends_one_reminder_not_two(draft_call):
    _, _, applicant, closes = draft_call
    assert reminders.send_due(closes - timedelta(hours=5)) == 1
    assert sent("draft_reminder", applicant.email) == 1


def test_no_draft_reminder_after_submitting(draft_call):
    _, eoi, applicant, closes = draft_call
    fill(eoi, applicant)
    application.submit(eoi, by=applicant)
    assert reminders.send_due(closes - timedelta(days=6)) == 0
    # A change after submitting that is not resubmitted is reminded again.
    eoi.refresh_from_db()
    criterion = eoi.call.criteria.exclude(kind="money").first()
    answer = eoi.answers.get(criterion=criterion)
    application.save_answer(eoi, criterion, text="Changed.", version=answer.version, by=applicant)
    assert reminders.send_due(closes - timedelta(days=6)) == 1
    assert "not been submitted" in Message.objects.get(kind="draft_reminder").body


def test_no_draft_reminder_to_someone_who_turned_them_off(draft_call):
    _, _, applicant, closes = draft_call
    turn_off(applicant)
    assert reminders.send_due(closes - timedelta(hours=5)) == 0


def test_an_extension_moves_the_reminders(draft_call, role_users):
    from eoi.models import Extension

    call, eoi, _, closes = draft_call
    Extension.objects.create(
        call=call, organisation=eoi.organisation, closes_at=closes + timedelta(days=10), reason="R"
    )
    assert reminders.send_due(closes - timedelta(hours=5)) == 0
    assert reminders.send_due(closes + timedelta(days=9, hours=20)) == 1


# Assessors, and the programme manager when assessment is overdue -----------------------------


@pytest.fixture
def assessed(role_users):
    from tests.eoi.test_assessment import SECRET_NAME  # noqa: F401 - same shape of call

    now = timezone.now()
    call = make_call("assess-remind", closes_at=now + timedelta(days=1))
    dpulo = make_organisation("Assessed DPULO")
    applicant = make_user("assessed@remind.example", roles.APPLICANT, dpulo)
    eoi = fill(application.start(call, dpulo, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    call.opens_at, call.closes_at = now - timedelta(days=30), now - timedelta(minutes=1)
    call.assessment_due_at = now + timedelta(days=10)
    call.save()
    manager = role_users[roles.PROGRAMME_MANAGER]
    assessor = role_users[roles.ASSESSOR]
    assessment.assign(call, [assessor.pk], by=manager)
    assessment.open_assessment(call, by=manager)
    return call, assessor, manager


def test_assessors_are_reminded_before_the_due_date_even_with_reminders_off(assessed):
    call, assessor, _ = assessed
    turn_off(assessor)  # the programme needs these
    due = call.assessment_due_at
    assert reminders.send_due(due - timedelta(days=4)) == 0
    assert reminders.send_due(due - timedelta(days=2, hours=23)) == 1
    assert reminders.send_due(due - timedelta(days=2)) == 0
    assert reminders.send_due(due - timedelta(hours=12)) == 1
    message = Message.objects.filter(kind="assessment_reminder").order_by("queued_at").last()
    assert "1 declaration of interest to make" in message.body
    assert "cannot be turned off" in message.body


def test_no_assessor_reminder_once_the_work_is_done(assessed):
    from eoi.models import Assignment

    call, assessor, _ = assessed
    assignment = Assignment.objects.get(assessor=assessor)
    assessment.declare(assignment, has_conflict=True, reason="I know them")
    assert reminders.send_due(call.assessment_due_at - timedelta(hours=12)) == 0


def test_the_manager_hears_once_when_assessment_is_overdue(assessed):
    call, _, manager = assessed
    due = call.assessment_due_at
    reminders.send_due(due - timedelta(minutes=1))
    assert sent("assessment_overdue") == 0
    reminders.send_due(due + timedelta(minutes=1))
    reminders.send_due(due + timedelta(days=1))
    assert sent("assessment_overdue", manager.email) == 1
    assert "to declare" in Message.objects.get(kind="assessment_overdue").body


# Authors, commissioners, DPULOs and coordinators ---------------------------------------------


@pytest.fixture
def people(role_users):
    coordinator = role_users[roles.COORDINATOR]
    dpulo = make_organisation("Writing DPULO")
    author = make_user("author@remind.example", roles.AUTHOR, dpulo)
    return coordinator, dpulo, author


def test_an_author_is_reminded_once_after_14_quiet_days(people, django_capture_on_commit_callbacks):
    from demo import case_study_template as demo

    coordinator, dpulo, author = people
    case_study = scoping.propose(scope(dpulo), template=demo.seed(), by=coordinator)
    start = timezone.now()
    workflow.transition(case_study, "agree", by=coordinator, now=start)
    case_study.author = author
    case_study.save()
    assert reminders.send_due(start + timedelta(days=13)) == 0
    assert reminders.send_due(start + timedelta(days=14, minutes=1)) == 1
    assert reminders.send_due(start + timedelta(days=20)) == 0  # once
    assert sent("writing_reminder", author.email) == 1


def test_writing_puts_the_reminder_off(people):
    from casestudies import writing
    from casestudies.models import Answer
    from demo import case_study_template as demo

    coordinator, dpulo, author = people
    case_study = scoping.propose(scope(dpulo), template=demo.seed(), by=coordinator)
    start = timezone.now()
    workflow.transition(case_study, "agree", by=coordinator, now=start)
    case_study.author = author
    case_study.save()
    section, _ = writing.answers_by_section(case_study)[0]
    writing.save_answer(case_study, section, "Something.", version=0, by=author)
    Answer.objects.update(updated_at=start + timedelta(days=10))  # they wrote on day 10
    assert reminders.send_due(start + timedelta(days=15)) == 0
    assert reminders.send_due(start + timedelta(days=24, minutes=1)) == 1


def test_no_writing_reminder_for_an_author_who_turned_them_off(people):
    from demo import case_study_template as demo

    coordinator, dpulo, author = people
    turn_off(author)
    case_study = scoping.propose(scope(dpulo), template=demo.seed(), by=coordinator)
    start = timezone.now()
    workflow.transition(case_study, "agree", by=coordinator, now=start)
    case_study.author = author
    case_study.save()
    assert reminders.send_due(start + timedelta(days=15)) == 0


def test_an_unused_sign_off_link_is_renewed_5_days_before_it_expires_and_the_dpulo_reminded(
    people, client
):
    coordinator, dpulo, author = people
    case_study = signed_off("Awaiting both", dpulo=dpulo, coordinator=coordinator)
    case_study.sign_offs.update(voided_at=timezone.now())
    case_study.author = author
    case_study.save()
    links.request_commissioner_sign_off(case_study, by=coordinator)
    first = SingleUseLink.objects.get(purpose="sign_off", voided_at__isnull=True)
    expires = first.expires_at
    assert reminders.send_due(expires - timedelta(days=6)) == 0
    assert reminders.send_due(expires - timedelta(days=4)) == 2  # commissioner and author
    assert reminders.send_due(expires - timedelta(days=3)) == 0
    renewed = SingleUseLink.objects.get(purpose="sign_off", voided_at__isnull=True)
    assert renewed.pk != first.pk
    assert renewed.expires_at == expires  # the same deadline
    message = Message.objects.get(kind="sign_off_reminder", to_email=renewed.email)
    token = message.body.split("/case-studies/sign-off/")[1].split("/")[0]
    assert links.find(token, "sign_off").pk == renewed.pk
    assert "To stop reminders, reply to this email" in message.body
    # Once the commissioner has signed, nothing more.
    links.use_sign_off_link(token, name="Pat", role="Head")
    assert sent("sign_off_reminder", renewed.email) == 1


def test_no_dpulo_reminder_when_the_dpulo_has_signed(people):
    coordinator, dpulo, author = people
    case_study = signed_off("DPULO signed", dpulo=dpulo, coordinator=coordinator)
    case_study.sign_offs.filter(party=SignOff.Party.COMMISSIONER).update(voided_at=timezone.now())
    case_study.author = author
    case_study.save()
    links.request_commissioner_sign_off(case_study, by=coordinator)
    expires = SingleUseLink.objects.get(purpose="sign_off", voided_at__isnull=True).expires_at
    assert reminders.send_due(expires - timedelta(days=4)) == 1  # the commissioner only
    assert sent("sign_off_reminder", author.email) == 0


def test_the_coordinator_hears_once_when_a_sign_off_link_expires(people):
    coordinator, dpulo, _ = people
    case_study = signed_off("Expiring", dpulo=dpulo, coordinator=coordinator)
    case_study.sign_offs.filter(party=SignOff.Party.COMMISSIONER).update(voided_at=timezone.now())
    links.request_commissioner_sign_off(case_study, by=coordinator)
    link = SingleUseLink.objects.get(purpose="sign_off", voided_at__isnull=True)
    reminders.send_due(link.expires_at - timedelta(minutes=1))
    assert sent("sign_off_expired") == 0
    reminders.send_due(link.expires_at + timedelta(minutes=1))
    reminders.send_due(link.expires_at + timedelta(days=1))
    assert sent("sign_off_expired", coordinator.email) == 1


def test_the_coordinator_hears_when_a_draft_edition_is_all_signed_off(people):
    coordinator, dpulo, _ = people
    ready = signed_off("Ready one", dpulo=dpulo, coordinator=coordinator)
    edition = editions.create("Nearly there", by=coordinator)
    editions.add(edition, ready)
    now = timezone.now()
    assert reminders.send_due(now) == 1
    assert reminders.send_due(now) == 0
    turn_off(coordinator)
    other = signed_off("Ready two", dpulo=dpulo, coordinator=coordinator)
    editions.add(edition, other)
    assert reminders.send_due(now) == 0  # turned off
    assert sent("edition_ready", coordinator.email) == 1


def test_the_command_queues_and_delivers(draft_call, smtp_server):
    _, _, applicant, closes = draft_call
    Message.objects.all().delete()
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=closes - timedelta(hours=3)):
        call_command("send_reminders")
    assert sent("draft_reminder") == 1
    assert [r for r, _ in smtp_server.messages] == [[applicant.email]]


def test_with_the_database_backend_a_worker_runs_the_reminders_on_a_schedule(settings, db):
    from django_tasks_db.models import DBTaskResult

    from mail import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    booked = tasks.schedule_next(now=now)
    assert booked is not None
    assert tasks.schedule_next(now=now) is None  # only ever one booked
    row = DBTaskResult.objects.get(task_path=tasks.run_reminders.module_path)
    assert row.run_after == now + timedelta(minutes=settings.REMINDERS_EVERY_MINUTES)
    # Running it books the next one (the booked row is the one now being run).
    DBTaskResult.objects.update(status="SUCCESSFUL")
    tasks.run_reminders.call()
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_with_the_immediate_backend_nothing_is_booked(db):
    from mail import tasks

    assert tasks.schedule_next() is None
