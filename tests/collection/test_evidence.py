"""Evidence packs: the case studies for a reader's choices, with their outcomes, how each is
known and how to cite them, on a page and as a tagged PDF rendered once per choice."""

import html
import re
from io import BytesIO

import pdfua
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from collection import evidence
from collection.models import EvidencePack
from portal.dates import govuk_date


def _text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_choices_are_one_valid_value_per_facet_in_a_fixed_order():
    from django.http import QueryDict

    choices = evidence.choices_from(QueryDict("region=london&area=health&kind=nonsense&x=1"))
    assert (choices.area, choices.kind, choices.region) == ("health", "", "london")
    assert choices.key == "area=health&region=london"  # the same pack, however it was asked
    assert choices.words() == "Health, London"
    assert not evidence.choices_from(QueryDict("area=&region=mars")).any


def test_the_pack_lists_what_matches_with_outcomes_and_citations(client, published, settings):
    empty = client.get(reverse("collection:evidence"))
    assert empty.status_code == 200
    assert "Make an evidence pack" in _text(empty)
    assert "Download this evidence pack" not in _text(empty)

    london = _text(client.get(reverse("collection:evidence"), {"region": "london"}))
    assert "Evidence pack: London" in london
    assert "1 case study from DPULOs making a difference" in london
    assert "Navigators for older people" in london
    assert "Reserved advocacy in Northgate" not in london
    assert "£4.10 saved for every £1 invested (2015 to 2016)" in london
    assert "Source: Council evaluation" in london
    copy = published.case_studies.get(title="Navigators for older people")
    address = settings.PORTAL_URL + reverse(
        "collection:case-study", args=[published.slug, copy.slug]
    )
    assert (
        f"Cite as: “Navigators for older people”, in DPULOs making a difference, published "
        f"{govuk_date(published.published_at)}. {address}"
    ) in london

    both = _text(client.get(reverse("collection:evidence"), {"area": "health"}))
    assert "2 case studies" in both
    nothing = _text(client.get(reverse("collection:evidence"), {"region": "wales"}))
    assert "No case study in this edition matches all of these choices" in nothing


def test_the_pdf_is_tagged_rendered_once_and_kept(
    client, published, tmp_path, django_capture_on_commit_callbacks
):
    url = reverse("collection:evidence-pdf") + "?area=health&region=london"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    body = b"".join(first.streaming_content)
    reader = PdfReader(BytesIO(body))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Evidence pack: Health, London" in text
    assert "Navigators for older people" in text
    assert "Reserved advocacy in Northgate" not in text  # health, but not London
    assert reader.metadata.title == "Evidence pack: Health, London"
    path = tmp_path / "pack.pdf"
    path.write_bytes(body)
    report = pdfua.validate(str(path))
    assert not [each for each in report.findings if each.severity == pdfua.Severity.ERROR]

    pack = EvidencePack.objects.get()
    rendered = pack.rendered_at
    # Asked for again, in the other order: the same pack, not rendered again.
    again = client.get(reverse("collection:evidence-pdf") + "?region=london&area=health")
    assert b"".join(again.streaming_content) == body
    assert EvidencePack.objects.count() == 1
    assert EvidencePack.objects.get().rendered_at == rendered


def test_without_a_choice_or_a_match_there_is_no_pdf(client, published):
    assert client.get(reverse("collection:evidence-pdf")).status_code == 404
    assert client.get(reverse("collection:evidence-pdf"), {"region": "mars"}).status_code == 404
    # Nothing matches in Wales: no PDF of nothing is made.
    assert client.get(reverse("collection:evidence-pdf"), {"region": "wales"}).status_code == 404
    assert not EvidencePack.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_while_a_worker_has_not_made_it_yet_a_page_says_so(client, published):
    """With a queue (here one that never runs), the download says the pack is being made."""
    response = client.get(reverse("collection:evidence-pdf"), {"region": "london"})
    assert response.status_code == 202
    assert response["Retry-After"] == "15"
    assert "Your evidence pack is being prepared" in _text(response)
    assert EvidencePack.objects.get().rendered_at is None
    # Asking again does not queue it again, until it has waited too long.
    from datetime import timedelta

    from django_tasks import task_backends

    queue = task_backends["default"]
    queued = len(queue.results)
    client.get(reverse("collection:evidence-pdf"), {"region": "london"})
    assert len(queue.results) == queued
    EvidencePack.objects.update(queued_at=timezone.now() - evidence.RETRY_AFTER - timedelta(1))
    client.get(reverse("collection:evidence-pdf"), {"region": "london"})
    assert len(queue.results) == queued + 1


@pytest.mark.django_db
def test_before_any_edition_the_page_says_so(client):
    page = _text(client.get(reverse("collection:evidence"), {"region": "london"}))
    assert "No case studies have been published yet" in page
    assert client.get(reverse("collection:evidence-pdf"), {"region": "london"}).status_code == 404


def test_the_pack_pdf_has_an_outline_and_tables_that_know_their_headers(client, published):
    """The same tagging the edition's PDF has: a bookmark for each case study, under the
    pack's title, and outcome tables whose header cells are tagged as headers."""
    import pikepdf

    body = b"".join(
        client.get(reverse("collection:evidence-pdf"), {"area": "health"}).streaming_content
    )
    reader = PdfReader(BytesIO(body))
    [(title, children)] = [(reader.outline[0].title, reader.outline[1])]
    assert title == "Evidence pack: Health"
    assert sorted(child.title for child in children) == [
        "Navigators for older people",
        "Reserved advocacy in Northgate",
    ]
    with pikepdf.open(BytesIO(body)) as document:
        roles = set()

        def walk(element):
            if isinstance(element, pikepdf.Dictionary) and "/S" in element:
                roles.add(str(element.S))
            kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []:
                walk(kid)

        walk(document.Root.StructTreeRoot)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= roles
