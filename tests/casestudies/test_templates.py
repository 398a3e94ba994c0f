import html
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import roles
from casestudies import services
from casestudies.models import Section, TemplateVersion
from demo import case_study_template as demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(db):
    return demo.seed()


@pytest.fixture
def coordinator(client, role_users):
    client.force_login(role_users[roles.COORDINATOR])
    return client


def headings(version):
    return list(version.sections.values_list("heading", flat=True))


def test_the_seeded_template_is_published_with_the_seed_sections(template):
    published = template.latest_published()
    assert published.number == 1
    assert headings(published) == [heading for heading, _, _ in demo.SECTIONS]
    assert "Outcomes and value" in headings(published)


def test_editing_a_published_template_makes_a_draft_and_leaves_the_published_one(template):
    published = template.latest_published()
    before = headings(published)
    draft = services.draft_for(template)
    assert (draft.number, draft.status) == (2, "draft")
    assert headings(draft) == before  # a copy to edit
    services.update_section(draft.sections.get(position=1), {"heading": "How it started"})
    services.add_section(draft, {"heading": "Quotes", "word_limit": 100, "required": False})
    services.remove_section(draft.sections.get(position=3))
    assert headings(published) == before  # untouched: case studies on version 1 keep it
    assert services.draft_for(template).pk == draft.pk  # one draft at a time


def test_a_published_version_refuses_every_change(template):
    published = template.latest_published()
    section = published.sections.first()
    for change in (
        lambda: services.update_section(section, {"heading": "X"}),
        lambda: services.add_section(published, {"heading": "X", "word_limit": 50}),
        lambda: services.remove_section(section),
        lambda: services.move_section(section, "down"),
        lambda: services.publish(published, by=None),
    ):
        with pytest.raises(services.TemplateError, match="has been published"):
            change()
    assert published.sections.get(position=1).heading == demo.SECTIONS[0][0]


def test_the_database_allows_one_draft_per_template(template):
    services.draft_for(template)
    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateVersion.objects.create(template=template, number=9)


def test_moving_sections_up_and_down(template):
    draft = services.draft_for(template)
    third = draft.sections.get(position=3)
    services.move_section(third, "up")
    assert headings(draft)[1] == demo.SECTIONS[2][0]
    services.move_section(draft.sections.get(position=1), "up")  # already first: no change
    assert headings(draft)[0] == demo.SECTIONS[0][0]
    last = draft.sections.order_by("-position").first()
    services.move_section(last, "down")
    assert headings(draft)[-1] == last.heading
    assert list(draft.sections.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_publishing_makes_version_two_and_the_history_says_what_changed(template, role_users):
    draft = services.draft_for(template)
    services.update_section(draft.sections.get(position=1), {"word_limit": 500})
    services.move_section(draft.sections.get(position=5), "up")
    services.add_section(draft, {"heading": "Quotes", "word_limit": 100, "required": False})
    services.remove_section(draft.sections.get(heading="Outcomes and value"))
    services.publish(draft, by=role_users[roles.COORDINATOR])
    assert template.latest_published().number == 2
    summaries = [
        c.summary for c in services.changes_between(template.versions.get(number=1), draft)
    ]
    assert f"Changed “{demo.SECTIONS[0][0]}”: word limit" in summaries
    assert f"Moved “{demo.SECTIONS[4][0]}” from 5 to 4" in summaries
    assert "Added “Quotes”" in summaries
    assert "Removed “Outcomes and value”" in summaries
    # Moving one section moves its neighbour too, and both are reported.
    assert f"Moved “{demo.SECTIONS[3][0]}” from 4 to 5" in summaries


def test_a_renamed_section_is_a_change_not_a_removal(template):
    draft = services.draft_for(template)
    services.update_section(draft.sections.get(position=2), {"heading": "How it worked"})
    summaries = [
        c.summary for c in services.changes_between(template.versions.get(number=1), draft)
    ]
    assert summaries == ["Changed “How it worked”: heading"]


def test_an_empty_draft_cannot_be_published(template):
    draft = services.draft_for(template)
    for section in list(draft.sections.all()):
        services.remove_section(Section.objects.get(pk=section.pk))
    with pytest.raises(services.TemplateError, match="at least one section"):
        services.publish(draft, by=None)


def test_section_form_errors_are_clear(coordinator, template):
    url = reverse("casestudies:section-new", args=[template.slug])
    response = coordinator.post(url, {"heading": "", "word_limit": "lots"})
    page = response.content.decode()
    assert "Enter the section&#x27;s heading" in page
    assert "Enter the word limit as a whole number, like 300" in page
    response = coordinator.post(url, {"heading": "Too short", "word_limit": "5"})
    assert "The word limit must be 10 or more" in response.content.decode()


def test_moving_through_the_page_keeps_focus_on_the_moved_section(coordinator, template):
    url = reverse("casestudies:template", args=[template.slug])
    coordinator.get(url)  # makes the draft
    draft = services.draft_for(template)
    second = draft.sections.get(position=2)
    action = reverse("casestudies:section-action", args=[template.slug, 2])
    response = coordinator.post(action, {"action": "up"})
    assert response["Location"] == f"{url}?moved={second.pk}-up"
    page = coordinator.get(f"{url}?moved={second.pk}-up").content.decode()
    # Now first, it has no Move up button, so its Move down button takes focus.
    button = re.search(rf'<button[^>]*id="move-{second.pk}-down"[^>]*>', page)[0]
    assert "autofocus" in button
    assert page.count("autofocus") == 1


def test_only_coordinators_edit_templates(client, role_users, template):
    url = reverse("casestudies:section-action", args=[template.slug, 1])
    for role in (roles.APPLICANT, roles.AUTHOR, roles.PROGRAMME_MANAGER):
        client.force_login(role_users[role])
        assert client.post(url, {"action": "remove"}).status_code == 403
    assert services.draft_for(template).sections.count() == len(demo.SECTIONS)


def test_publishing_through_the_page(coordinator, template):
    page = coordinator.get(reverse("casestudies:template", args=[template.slug])).content.decode()
    assert "Nothing has changed since version 1, so there is nothing to publish" in page
    assert "Publish version 2</button>" not in page
    response = coordinator.post(reverse("casestudies:publish", args=[template.slug]), follow=True)
    assert "Version 2 is the same as version 1" in response.content.decode()
    assert template.latest_published().number == 1

    section = services.draft_for(template).sections.first()
    services.update_section(section, {"word_limit": section.word_limit + 50})
    page = coordinator.get(reverse("casestudies:template", args=[template.slug])).content.decode()
    assert f"Changed “{section.heading}”: word limit" in html.unescape(page)
    response = coordinator.post(reverse("casestudies:publish", args=[template.slug]), follow=True)
    assert "Version 2 is published" in response.content.decode()
    assert template.latest_published().number == 2


def test_removing_a_section_asks_first(coordinator, template):
    draft = services.draft_for(template)
    section = draft.sections.first()
    url = reverse("casestudies:section-action", args=[template.slug, section.position])
    page = coordinator.post(url, {"action": "remove"})
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert f"Are you sure you want to remove “{section.heading}”?" in text
    assert draft.sections.filter(pk=section.pk).exists()  # nothing removed yet
    coordinator.post(url, {"action": "remove", "confirm": "yes"})
    assert not draft.sections.filter(pk=section.pk).exists()
