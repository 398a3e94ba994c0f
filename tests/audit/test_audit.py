"""The audit log: what is recorded, by whom, and how it is read and exported."""

import csv
import io

import pytest
from django.urls import reverse

from accounts import roles
from audit.models import Event
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return make_user("manager@audit.example", roles.PROGRAMME_MANAGER)


def actions():
    return list(Event.objects.order_by("pk").values_list("action", flat=True))


def test_sign_ins_failures_and_sign_outs_are_recorded(
    client, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:sign-in"), {"username": manager.email, "password": "wrong"})
        client.post(
            reverse("accounts:sign-in"),
            {"username": manager.email, "password": PASSWORD},
            REMOTE_ADDR="203.0.113.7",
        )
        client.post(reverse("accounts:sign-out"))
    assert actions() == ["accounts.sign_in_failed", "accounts.signed_in", "accounts.signed_out"]
    failed, signed_in, _ = Event.objects.order_by("pk")
    assert failed.who == manager.email
    assert failed.user is None
    assert (signed_in.user, signed_in.ip_address) == (manager, "203.0.113.7")


def test_a_rolled_back_change_leaves_no_event(db):
    from django.db import transaction

    from audit import log

    def publish_then_fail():
        with transaction.atomic():
            log.record("collection.edition_published", "Should not appear")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert not Event.objects.exists()


def test_case_study_steps_sign_offs_publishing_and_sends_are_recorded(
    django_capture_on_commit_callbacks,
):
    from collection import dissemination, editions
    from collection.models import Stakeholder
    from tests.collection.conftest import signed_off
    from tests.conftest import make_organisation

    coordinator = make_user("coordinator@audit.example", roles.COORDINATOR)
    dpulo = make_organisation("An audited DPULO")
    with django_capture_on_commit_callbacks(execute=True):
        case_study = signed_off("Audited case study", dpulo=dpulo, coordinator=coordinator)
        edition = editions.create("Audited edition", by=coordinator)
        editions.add(edition, case_study)
        editions.publish(edition, by=coordinator)
    Stakeholder.objects.create(
        name="A council", kind="local_authority", region="london", email="c@council.example"
    )
    edition.refresh_from_db()
    round_ = dissemination.prepare(
        edition, subject="S", message="M", attach_pdf=False, by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        dissemination.start_sending(round_, by=coordinator)
    assert actions() == [
        "casestudies.status_changed",  # agreed
        "casestudies.status_changed",  # submitted
        "casestudies.status_changed",  # approved
        "casestudies.signed_off",
        "casestudies.signed_off",
        "collection.edition_published",
        "collection.emails_sent",
    ]
    published = Event.objects.get(action="collection.edition_published")
    assert (published.user, published.object_type, published.object_id) == (
        coordinator,
        "edition",
        str(edition.pk),
    )
    assert "Audited edition" in published.summary
    assert Event.objects.get(action="collection.emails_sent").summary.endswith(
        "1 stakeholder: All kinds of stakeholder in every region"
    )


def test_filters_and_export(client, manager):
    Event.objects.create(action="accounts.signed_in", summary="Signed in", who="alex@example.org")
    Event.objects.create(
        action="collection.edition_published",
        summary='=HYPERLINK("x") published',
        who="chris@example.org",
    )
    client.force_login(manager)
    page = client.get(reverse("audit:log"), {"action": "collection.edition_published"})
    assert [e.who for e in page.context["page"].object_list] == ["chris@example.org"]
    page = client.get(reverse("audit:log"), {"who": "ALEX"})
    assert [e.who for e in page.context["page"].object_list] == ["alex@example.org"]
    bogus = client.get(reverse("audit:log"), {"action": "nonsense", "from": "yesterday"})
    assert bogus.context["page"].paginator.count == 2
    rows = list(csv.reader(io.StringIO(client.get(reverse("audit:export")).content.decode())))
    assert rows[0][:3] == ["time", "who", "action"]
    summaries = [row[3] for row in rows[1:]]
    assert '\'=HYPERLINK("x") published' in summaries


def test_submitting_an_expression_of_interest_is_recorded(
    applicant, organisation, django_capture_on_commit_callbacks
):
    from eoi import application
    from tests.eoi.conftest import fill, make_call

    call = make_call("audited-call")
    eoi = application.start(call, organisation, by=applicant)
    fill(eoi, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        application.submit(eoi, by=applicant)
    event = Event.objects.get(action="eoi.submitted")
    eoi.refresh_from_db()
    assert event.user == applicant
    assert event.summary.startswith(f"{eoi.reference} submitted for {organisation}")


def test_a_forged_forwarded_for_is_not_logged_and_a_malformed_one_drops_nothing(
    client, manager, settings, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXY_COUNT = 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:sign-in"),
            {"username": manager.email, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9",
        )
        client.post(reverse("accounts:sign-out"))
        client.post(
            reverse("accounts:sign-in"),
            {"username": manager.email, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="not an address",
        )
    first, _, second = Event.objects.order_by("pk")
    assert first.ip_address == "198.51.100.9"
    assert second.action == "accounts.signed_in"
    assert second.ip_address == "10.0.0.2"


def test_an_event_whose_text_the_database_refuses_is_still_stored(
    db, django_capture_on_commit_callbacks
):
    from audit import log

    with django_capture_on_commit_callbacks(execute=True):
        log.record("accounts.sign_in_failed", "Sign-in failed", who="nul\x00byte\x07@example.org")
    assert Event.objects.get().who == "nulbyte@example.org"


def test_closing_an_account_never_writes_the_address_into_the_log(
    client, django_capture_on_commit_callbacks
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import two_factor

    person = make_user("closing-audit@example.org", roles.APPLICANT)
    TOTPDevice.objects.create(user=person, name="App", confirmed=True)
    two_factor.make_recovery_codes(person)
    client.force_login(person)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=person).persistent_id
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert Event.objects.filter(action="accounts.closed").exists()
    assert not Event.objects.filter(who__icontains="closing-audit").exists()
    assert not Event.objects.filter(summary__icontains="closing-audit").exists()


def test_a_coordinator_reads_only_case_study_and_collection_events_without_addresses(client):
    coordinator = make_user("coordinator@audit.example", roles.COORDINATOR)
    for action, summary in [
        ("accounts.sign_in_failed", "Sign-in failed"),
        ("accounts.signed_in", "Signed in"),
        ("eoi.submitted", "EOI-2026-0001 submitted"),
        ("eoi.assessment_submitted", "Assessor scored EOI-2026-0001"),
        ("eoi.decision_recorded", "Decision recorded"),
        ("casestudies.status_changed", "Case study agreed"),
        ("collection.edition_published", "Edition published"),
    ]:
        Event.objects.create(
            action=action, summary=summary, who="typed-password-here", ip_address="203.0.113.9"
        )
    client.force_login(coordinator)
    page = client.get(reverse("audit:log"))
    assert sorted(e.action for e in page.context["page"].object_list) == [
        "casestudies.status_changed",
        "collection.edition_published",
    ]
    assert {value for value, _ in page.context["actions"]} <= {
        "casestudies.status_changed",
        "casestudies.signed_off",
        "casestudies.invitation_accepted",
        "collection.edition_published",
        "collection.emails_sent",
        "collection.format_requested",
        "collection.format_request_updated",
    }
    # Asking for a hidden kind by its name shows nothing hidden.
    asked = client.get(reverse("audit:log"), {"action": "accounts.sign_in_failed"})
    assert all(e.action != "accounts.sign_in_failed" for e in asked.context["page"].object_list)
    rows = list(csv.reader(io.StringIO(client.get(reverse("audit:export")).content.decode())))
    assert "ip address" not in rows[0]
    assert len(rows) == 3
    assert not any("203.0.113.9" in cell for row in rows for cell in row)
    exported = client.get(reverse("audit:export"), {"action": "eoi.assessment_submitted"})
    assert "scored" not in exported.content.decode()


def test_the_programme_manager_reads_the_whole_log_with_addresses(client, manager):
    Event.objects.create(action="accounts.sign_in_failed", summary="x", ip_address="203.0.113.9")
    Event.objects.create(action="casestudies.status_changed", summary="y")
    client.force_login(manager)
    assert client.get(reverse("audit:log")).context["page"].paginator.count == 2
    rows = list(csv.reader(io.StringIO(client.get(reverse("audit:export")).content.decode())))
    assert rows[0][-1] == "ip address"
    assert "203.0.113.9" in {row[-1] for row in rows[1:]}
