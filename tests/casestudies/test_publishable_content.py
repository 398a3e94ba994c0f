"""A sign-off covers exactly what is published: the summary, the organisations, the region, the
areas and the kinds of work as well as the title, sections and outcomes. Any change to any of
it voids every sign-off and every unused sign-off link."""

import re

import pytest
from django.urls import reverse

from accounts.models import Organisation
from casestudies import content, links, scoping, signoff
from casestudies.models import CaseStudy, SignOff
from collection import editions
from collection.models import PublishedCaseStudy
from tests.collection.conftest import signed_off
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    from accounts import roles

    return make_user("coordinator@content.example", roles.COORDINATOR)


@pytest.fixture
def dpulo(db):
    return make_organisation("Northgate Disabled People's Forum")


@pytest.fixture
def case_study(dpulo, coordinator):
    return signed_off("Reserved advocacy in Northgate", dpulo=dpulo, coordinator=coordinator)


def change(case_study, **changes):
    fields = {name: getattr(case_study, name) for name in scoping.SCOPE_FIELDS}
    fields.update(changes)
    return scoping.update_scope(case_study, fields, version=case_study.scope_version)


@pytest.mark.parametrize(
    "changes",
    [
        {"summary": "A different summary that nobody signed."},
        {"commissioner_name": "Another City Council"},
        {"region": Organisation.Region.LONDON},
        {"areas": ["housing"]},
        {"kinds_of_work": ["strategic_partnership"]},
        {"title": "A new title"},
    ],
    ids=lambda changes: next(iter(changes)),
)
def test_any_change_to_published_details_voids_every_sign_off(case_study, changes):
    assert signoff.is_signed_off(case_study)
    change(case_study, **changes)
    assert not signoff.is_signed_off(case_study)
    assert not case_study.sign_offs.filter(voided_at__isnull=True).exists()
    assert "The details changed" in case_study.sign_offs.first().voided_reason
    assert case_study not in editions.ready_for_publication()


def test_a_different_dpulo_voids_every_sign_off(case_study):
    change(case_study, dpulo=make_organisation("Another DPULO"))
    assert not signoff.is_signed_off(case_study)


def test_a_detail_that_is_not_published_leaves_the_sign_offs(case_study):
    change(case_study, commissioner_contact_role="Director of adult services")
    assert signoff.is_signed_off(case_study)


def test_a_changed_commissioner_email_voids_the_link_sent_to_the_old_address(
    dpulo, coordinator, django_capture_on_commit_callbacks
):
    case_study = signed_off("Awaiting the commissioner", dpulo=dpulo, coordinator=coordinator)
    case_study.sign_offs.filter(party=SignOff.Party.COMMISSIONER).update(
        voided_at=case_study.updated_at
    )
    token = links.request_commissioner_sign_off(case_study, by=coordinator)
    change(case_study, commissioner_contact_email="new.contact@northgate.example.gov.uk")
    with pytest.raises(links.LinkError, match="no longer works"):
        links.use_sign_off_link(token, name="Old contact", role="Former head")
    assert signoff.live(case_study, SignOff.Party.DPULO) is not None  # the text did not change


def test_a_dpulo_renamed_outside_the_portal_stops_its_sign_offs_counting(case_study, dpulo):
    """Even a change made in the admin, around the services, is caught: a sign-off counts
    only for the content as it is now."""
    Organisation.objects.filter(pk=dpulo.pk).update(name="Northgate Forum (renamed)")
    case_study = CaseStudy.objects.get(pk=case_study.pk)
    assert not signoff.is_signed_off(case_study)
    edition = editions.create("An edition")
    with pytest.raises(editions.EditionError, match="cannot be added"):
        editions.add(edition, case_study)
    # Signing again works: the stale sign-off is voided, not left blocking the new one.
    signoff.record(case_study, SignOff.Party.DPULO, name="Alex", role="Chair", method="recorded")
    signoff.record(case_study, SignOff.Party.COMMISSIONER, name="Pat", role="Head", method="link")
    assert signoff.is_signed_off(case_study)


def test_what_is_published_is_exactly_what_was_signed(
    case_study, coordinator, django_capture_on_commit_callbacks
):
    signed = content.publishable(case_study)
    assert {s.text_digest for s in signoff.live(case_study)} == {content.fingerprint(signed)}
    edition = editions.create("Signed and published", by=coordinator)
    editions.add(edition, case_study)
    with django_capture_on_commit_callbacks(execute=True):
        editions.publish(edition, by=coordinator)
    published = PublishedCaseStudy.objects.get(edition=edition)
    assert {name: getattr(published, name) for name in signed.as_dict()} == signed.as_dict()
    assert len(published.sign_offs) == 2


def test_publishing_refuses_a_case_study_whose_content_changed_after_it_was_added(
    case_study, coordinator, dpulo
):
    edition = editions.create("Changed after adding", by=coordinator)
    editions.add(edition, case_study)
    Organisation.objects.filter(pk=dpulo.pk).update(name="Renamed after adding")
    with pytest.raises(editions.EditionError, match="no longer approved and signed off"):
        editions.publish(edition, by=coordinator)
    assert not PublishedCaseStudy.objects.exists()


def test_the_sign_off_page_shows_every_published_detail(client, dpulo, coordinator):
    from accounts import roles

    case_study = signed_off(
        "Shown in full", dpulo=dpulo, coordinator=coordinator, summary="The summary they sign."
    )
    case_study.sign_offs.update(voided_at=case_study.updated_at)
    author = make_user("author@content.example", roles.AUTHOR, dpulo)
    client.force_login(author)
    page = client.get(reverse("casestudies:sign-off", args=[case_study.pk])).content.decode()
    shown = content.publishable(case_study)
    for text in (
        "The summary they sign.",
        shown.dpulo_name.replace("'", "&#x27;"),
        shown.commissioner_name,
        shown.region_label,
        *shown.area_labels,
        *shown.kind_labels,
        shown.sections[0]["heading"],
        shown.outcomes[0]["display"],
    ):
        assert text in page
    assert f'value="{content.fingerprint(shown)}"' in page


def test_signing_a_page_whose_content_changed_meanwhile_records_nothing(client, dpulo, coordinator):
    from accounts import roles

    case_study = signed_off("Changed meanwhile", dpulo=dpulo, coordinator=coordinator)
    case_study.sign_offs.update(voided_at=case_study.updated_at)
    author = make_user("author2@content.example", roles.AUTHOR, dpulo)
    client.force_login(author)
    path = reverse("casestudies:sign-off", args=[case_study.pk])
    seen = re.search(r'name="digest" value="(\w+)"', client.get(path).content.decode())[1]
    change(case_study, summary="Changed while the author was reading.")
    response = client.post(path, {"name": "Alex", "role": "Chair", "confirm": "on", "digest": seen})
    page = response.content.decode()
    assert response.status_code == 200
    assert "changed while you were reading it" in page
    assert "Changed while the author was reading." in page
    assert 'value="Alex"' in page  # what they typed is kept
    assert not case_study.sign_offs.filter(voided_at__isnull=True).exists()
    # Signing again from the refreshed page works.
    fresh = re.search(r'name="digest" value="(\w+)"', page)[1]
    client.post(path, {"name": "Alex", "role": "Chair", "confirm": "on", "digest": fresh})
    assert signoff.live(case_study, SignOff.Party.DPULO) is not None


def test_organisation_names_in_sign_off_labels_are_escaped(client, coordinator):
    """crispy-forms-gds prints labels as they are; a name with markup must stay text."""
    hostile = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    dpulo = make_organisation("Hostile DPULO")
    case_study = signed_off(
        "Hostile commissioner",
        dpulo=dpulo,
        coordinator=coordinator,
        commissioner_name=hostile,
    )
    case_study.sign_offs.update(voided_at=case_study.updated_at)
    token = links.request_commissioner_sign_off(case_study, by=coordinator)
    page = client.get(reverse("casestudies:commissioner-sign-off", args=[token])).content.decode()
    assert "<meta http-equiv" not in page
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in page


def test_no_form_label_is_built_from_a_format_string():
    """Labels are printed unescaped by the form templates: every label built from data goes
    through format_html (or escape), never an f-string. A guard over the source."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        if any(part in {".venv", "node_modules", "tests", "migrations"} for part in path.parts):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            stripped = line.strip()
            if re.search(r"(\.label\s*=|\blabel=|\blegend=)\s*f[\"']", stripped):
                offenders.append(f"{path.relative_to(root)}:{number}")
    assert offenders == []


def test_sign_offs_from_before_they_covered_everything_are_voided_by_the_migration(
    case_study, dpulo, coordinator
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "casestudies.migrations.0003_sign_offs_cover_the_publishable_content"
    )
    pending = signed_off("Awaiting its commissioner", dpulo=dpulo, coordinator=coordinator)
    pending.sign_offs.filter(party=SignOff.Party.COMMISSIONER).update(voided_at=pending.updated_at)
    token = links.request_commissioner_sign_off(pending, by=coordinator)
    migration.void_earlier_sign_offs(apps, None)
    assert not SignOff.objects.filter(voided_at__isnull=True).exists()
    assert case_study.sign_offs.first().voided_reason.startswith("Sign-off now covers")
    with pytest.raises(links.LinkError):
        links.use_sign_off_link(token, name="Pat", role="Head")
