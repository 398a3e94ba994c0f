"""The coordinator's edition pages over HTTP."""

import html

import pytest
from django.urls import reverse

from collection.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_from_a_new_edition_to_publishing(coordinator_client, ready):
    client = coordinator_client
    empty = client.post(reverse("collection:manage"), {"title": ""})
    assert "Enter the edition&#x27;s title" in empty.content.decode()
    response = client.post(reverse("collection:manage"), {"title": "First edition"})
    edition = Edition.objects.get()
    edit_url = reverse("collection:manage-edition", args=[edition.pk])
    assert response["Location"] == edit_url

    refused = client.post(reverse("collection:manage-publish", args=[edition.pk]), follow=True)
    assert "Add at least one case study" in refused.content.decode()

    for case_study in ready:
        client.post(
            reverse("collection:manage-add", args=[edition.pk]), {"case_study": case_study.pk}
        )
    assert [e.case_study for e in edition.entries.all()] == ready
    moved = client.post(
        reverse("collection:manage-entry", args=[edition.pk, 1]), {"action": "down"}
    )
    entry = edition.entries.get(case_study=ready[0])
    assert moved["Location"] == f"{edit_url}?moved={entry.pk}-down"
    assert entry.position == 2
    page = client.get(moved["Location"]).content.decode()
    assert f'id="move-{entry.pk}-up"' in page  # at the bottom, its Move up keeps focus
    assert "autofocus" in page.split(f'id="move-{entry.pk}-up"')[1].split(">")[0]
    # No introduction yet: the page says so instead of offering to publish, and publishing
    # is refused with the same words.
    assert "Write the introduction: readers meet it first" in page
    assert "Publish the edition</button>" not in page
    refused = client.post(reverse("collection:manage-publish", args=[edition.pk]), follow=True)
    assert "Write the introduction" in refused.content.decode()
    edition.refresh_from_db()
    assert not edition.is_published

    client.post(
        edit_url,
        {
            "title": "First edition",
            "subtitle": "Case studies of DPULOs",
            "introduction": "An introduction.",
            "conclusion": "A conclusion.",
            "version": "0",
        },
    )
    assert "Publish the edition</button>" in client.get(edit_url).content.decode()
    preview = client.get(reverse("collection:manage-preview", args=[edition.pk]))
    assert "An introduction." in preview.content.decode()
    assert ready[1].title in preview.content.decode()
    pdf = client.get(reverse("collection:manage-preview-pdf", args=[edition.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    published = client.post(reverse("collection:manage-publish", args=[edition.pk]))
    edition.refresh_from_db()
    assert published["Location"] == reverse("collection:edition", args=[edition.slug])
    assert edition.is_published
    assert [c.title for c in edition.case_studies.all()] == [ready[1].title, ready[0].title]


def test_removing_a_case_study_closes_the_gap(coordinator_client, ready):
    from collection import editions

    edition = editions.create("Draft")
    for case_study in ready:
        editions.add(edition, case_study)
    coordinator_client.post(
        reverse("collection:manage-entry", args=[edition.pk, 1]), {"action": "remove"}
    )
    assert list(edition.entries.values_list("position", "case_study")) == [(1, ready[1].pk)]


def test_adding_nothing_or_a_stranger_explains_itself(coordinator_client, ready):
    from collection import editions

    edition = editions.create("Draft")
    response = coordinator_client.post(
        reverse("collection:manage-add", args=[edition.pk]), {"case_study": "999999"}, follow=True
    )
    assert "Choose a case study to add" in response.content.decode()
    assert not edition.entries.exists()


def test_the_edition_details_explain_a_missing_title_and_keep_the_text(coordinator_client, db):
    from collection import editions

    edition = editions.create("Draft")
    response = coordinator_client.post(
        reverse("collection:manage-edition", args=[edition.pk]),
        {"title": "", "introduction": "My careful introduction.", "version": "0"},
    )
    page = response.content.decode()
    assert "Enter the edition&#x27;s title" in page
    assert "My careful introduction." in page
    edition.refresh_from_db()
    assert edition.title == "Draft"


def test_a_new_edition_can_start_from_the_last_ones_words(coordinator_client, published):
    client = coordinator_client
    page = client.get(reverse("collection:manage")).content.decode()
    assert f"Start from the introduction and conclusion of “{published.title}”" in page
    client.post(reverse("collection:manage"), {"title": "Second edition", "start_from_last": "on"})
    second = Edition.objects.get(title="Second edition")
    assert second.introduction == published.introduction
    assert second.conclusion == published.conclusion
    assert not second.entries.exists()
    client.post(reverse("collection:manage"), {"title": "Third edition"})
    assert Edition.objects.get(title="Third edition").introduction == ""


def test_the_editions_page_names_what_is_not_ready_and_why(coordinator_client, ready):
    from django.utils import timezone

    from casestudies.models import SignOff

    waiting = ready[0]
    waiting.sign_offs.filter(party=SignOff.Party.DPULO).update(voided_at=timezone.now())
    page = html.unescape(coordinator_client.get(reverse("collection:manage")).content.decode())
    assert "1 case study is not ready yet, and why" in page
    assert f"{waiting.title}</a>: Waiting for the DPULO to sign off" in page
    assert ready[1].title not in page.split("not ready yet")[1]
