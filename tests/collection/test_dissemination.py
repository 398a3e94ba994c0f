"""Sending an edition through the outbox, checked at a real SMTP server on 127.0.0.1."""

import re

import pytest
from django.urls import reverse

from collection import dissemination
from collection.models import Round, Send, Stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def authorities(db):
    made = []
    for name, region, email in [
        ("Northgate City Council", "north_west", "comms@northgate.example.gov.uk"),
        ("Westbrook Borough Council", "north_west", "info@westbrook.example.gov.uk"),
        ("Riverside London Borough", "london", "hello@riverside.example.gov.uk"),
        ("Coastway County Council", "south_west", ""),  # no address: cannot be emailed
    ]:
        made.append(
            Stakeholder.objects.create(
                name=name, kind="local_authority", region=region, email=email, contact_name="Pat"
            )
        )
    Stakeholder.objects.create(
        name="Local Government Association",
        kind="representative_body",
        region="uk_wide",
        email="info@lga.example.org.uk",
    )
    return made


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Start sending and run the queued task, as the worker would after the commit."""

    def start(round_):
        with django_capture_on_commit_callbacks(execute=True):
            dissemination.start_sending(round_)

    return start


def prepare(published, coordinator, **choice):
    return dissemination.prepare(
        published,
        subject="Case studies for commissioners",
        message="Our new collection is out.",
        attach_pdf=True,
        by=coordinator,
        **choice,
    )


def test_nothing_is_sent_before_the_coordinator_sends(
    published, coordinator, authorities, smtp_server
):
    round_ = prepare(published, coordinator, kinds=["local_authority"], regions=["north_west"])
    assert round_.audience == "Local authority in North West"
    assert sorted(round_.sends.values_list("email", flat=True)) == [
        "comms@northgate.example.gov.uk",
        "info@westbrook.example.gov.uk",
    ]
    assert smtp_server.messages == []
    assert set(round_.sends.values_list("status", flat=True)) == {"prepared"}


def test_the_server_receives_each_email_with_its_link_and_attachment(
    published,
    coordinator,
    authorities,
    smtp_server,
    send,
):
    round_ = prepare(published, coordinator, kinds=["local_authority"], regions=["north_west"])
    send(round_)
    assert len(smtp_server.messages) == 2
    recipients, message = smtp_server.messages[0]
    assert recipients == [message["To"]]
    assert message["Subject"] == "Case studies for commissioners"
    parts = list(message.walk())
    text = next(p for p in parts if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert b"Dear Pat" in text
    assert f"/collection/editions/{published.slug}/".encode() in text
    pdf = next(p for p in parts if p.get_content_type() == "application/pdf")
    assert pdf.get_filename() == f"{published.slug}.pdf"
    assert pdf.get_payload(decode=True) == published.pdf.open("rb").read()
    round_.refresh_from_db()
    assert round_.status == "sent"
    assert set(round_.sends.values_list("status", flat=True)) == {"sent"}


def test_someone_who_asked_for_large_print_gets_the_large_print_edition(
    published, coordinator, authorities, smtp_server, send
):
    from accounts import access_needs
    from collection.models import Format
    from tests.conftest import make_user

    reader = make_user("Comms@Northgate.example.gov.uk")  # the address, in any case
    access_needs.save(reader, {"documents": "large_print"})
    round_ = prepare(published, coordinator, kinds=["local_authority"], regions=["north_west"])
    send(round_)
    received = {message["To"].lower(): message for _, message in smtp_server.messages}
    large = list(received["comms@northgate.example.gov.uk"].walk())
    pdf = next(p for p in large if p.get_content_type() == "application/pdf")
    assert pdf.get_filename() == f"{published.slug}-large-print.pdf"
    large_print = Format.objects.get(edition=published, case_study=None, kind="large-print")
    assert pdf.get_payload(decode=True) == large_print.file.open("rb").read()
    assert b"in large print" in next(
        p for p in large if p.get_content_type() == "text/plain"
    ).get_payload(decode=True)
    assert any(p.get_content_type() == "text/html" for p in large)
    standard = list(received["info@westbrook.example.gov.uk"].walk())
    pdf = next(p for p in standard if p.get_content_type() == "application/pdf")
    assert pdf.get_filename() == f"{published.slug}.pdf"
    assert not any(p.get_content_type() == "text/html" for p in standard)


def test_a_retry_sends_only_the_failed_ones(
    published,
    coordinator,
    authorities,
    smtp_server,
    send,
):
    round_ = prepare(published, coordinator, kinds=["local_authority"])
    smtp_server.refuse.add("info@westbrook.example.gov.uk")
    send(round_)
    failed = round_.sends.get(status=Send.Status.FAILED)
    assert failed.email == "info@westbrook.example.gov.uk"
    assert "550" in failed.error
    assert round_.sends.filter(status=Send.Status.SENT).count() == 2
    delivered_first = len(smtp_server.messages)

    # The failure is tried again by itself: sending the round again now would send nothing new.
    with pytest.raises(dissemination.DisseminationError, match="on its way"):
        dissemination.start_sending(round_)
    smtp_server.refuse.clear()
    from datetime import timedelta

    from django.utils import timezone

    from mail import outbox

    outbox.deliver_due(now=timezone.now() + timedelta(minutes=2))
    again = [r for r, _ in smtp_server.messages[delivered_first:]]
    assert again.count(["info@westbrook.example.gov.uk"]) == 1
    assert all(
        recipients == ["info@westbrook.example.gov.uk"] or "westbrook" not in recipients[0]
        for recipients in again
    )
    stakeholders = {s.email for s in round_.sends.all()}
    assert [r for r in again if r[0] in stakeholders] == [["info@westbrook.example.gov.uk"]]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 2)
    round_.refresh_from_db()
    assert round_.status == "sent"
    with pytest.raises(dissemination.DisseminationError, match="has been sent"):
        dissemination.start_sending(round_)


def test_coverage_shows_the_authorities_not_yet_sent_by_region(
    published,
    coordinator,
    authorities,
    smtp_server,
    send,
):
    round_ = prepare(published, coordinator, kinds=["local_authority"], regions=["north_west"])
    send(round_)
    table = {
        region: (sent, not_sent, total)
        for region, sent, not_sent, total in dissemination.coverage(published)
    }
    assert [s.name for s in table["North West"][0]] == [
        "Northgate City Council",
        "Westbrook Borough Council",
    ]
    assert table["North West"][1] == []
    assert [s.name for s in table["London"][1]] == ["Riverside London Borough"]
    assert [s.name for s in table["South West"][1]] == ["Coastway County Council"]
    assert "Local Government Association" not in str(table)  # only local authorities


def test_stakeholders_without_an_address_are_explained(published, coordinator, authorities):
    with pytest.raises(dissemination.DisseminationError, match="has an email address"):
        prepare(published, coordinator, regions=["south_west"])
    assert Round.objects.count() == 0


def test_the_pages_prepare_check_and_send(
    client,
    coordinator,
    published,
    authorities,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)
    refused = client.post(reverse("collection:round-new"), {"edition": published.pk})
    assert "Enter the message" in refused.content.decode()
    response = client.post(
        reverse("collection:round-new"),
        {
            "edition": published.pk,
            "kinds": ["local_authority"],
            "regions": ["london"],
            "subject": "The collection",
            "message": "Please read it.",
        },
    )
    round_ = Round.objects.get()
    assert response["Location"] == reverse("collection:round", args=[round_.pk])
    check = client.get(response["Location"]).content.decode()
    assert "Send 1 email" in check
    assert "Please read it." in check
    assert smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("collection:round-send", args=[round_.pk]))
    assert len(smtp_server.messages) == 1
    coverage = client.get(reverse("collection:coverage")).content.decode()
    assert "1 of 1" in coverage


def test_other_channels_are_recorded(client, coordinator, published):
    client.force_login(coordinator)
    refused = client.post(reverse("collection:channel-new"), {"edition": published.pk})
    assert "Select how it was shared" in refused.content.decode()
    client.post(
        reverse("collection:channel-new"),
        {
            "edition": published.pk,
            "channel": "monthly_email",
            "date": "3/12/2026",
            "note": "DPULO network monthly email",
        },
    )
    page = client.get(reverse("collection:rounds")).content.decode()
    assert "3 December 2026, monthly email: DPULO network monthly email" in page


def test_the_coverage_page_prepares_a_round_to_the_authorities_not_yet_sent(
    client,
    published,
    coordinator,
    authorities,
    smtp_server,
    send,
):
    send(prepare(published, coordinator, kinds=["local_authority"], regions=["north_west"]))
    client.force_login(coordinator)
    coverage = client.get(reverse("collection:coverage")).content.decode()
    assert "Prepare an email to the 2 local authorities not sent it yet" in coverage
    link = reverse("collection:round-new") + (
        f"?edition={published.slug}&amp;kinds=local_authority&amp;not_yet_sent=on"
    )
    assert link in coverage
    form = client.get(link.replace("&amp;", "&")).content.decode()
    box = re.search(r'<input[^>]*name="not_yet_sent"[^>]*>', form).group(0)
    assert "checked" in box
    client.post(
        reverse("collection:round-new"),
        {
            "edition": published.pk,
            "kinds": ["local_authority"],
            "not_yet_sent": "on",
            "subject": "The collection",
            "message": "In case you missed it.",
        },
    )
    latest = Round.objects.latest("pk")
    # Riverside only: the North West two were sent it, Coastway has no address.
    assert [s.stakeholder.name for s in latest.sends.all()] == ["Riverside London Borough"]
    with pytest.raises(dissemination.DisseminationError, match="already been sent it"):
        prepare(
            published,
            coordinator,
            kinds=["local_authority"],
            regions=["north_west"],
            not_yet_sent=True,
        )
