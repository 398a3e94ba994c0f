"""The published collection over HTTP, signed out."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from collection import editions, search_index
from collection.models import Edition, PublishedCaseStudy

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_current_edition_and_its_download(client, published):
    page = client.get(reverse("collection:home"))
    text = page.content.decode()
    assert published.title in text
    assert "Why these case studies matter." in text
    assert "(PDF, " in text
    assert f"{published.pdf_pages} pages)" in text
    assert "public" in page["Cache-Control"]


def test_before_any_edition_the_pages_say_so(client, db):
    assert "has not been published yet" in client.get(reverse("collection:home")).content.decode()
    response = client.get(reverse("collection:case-studies"))
    assert "No case studies have been published yet" in response.content.decode()


def test_a_draft_edition_is_not_public(client, ready, coordinator):
    draft = editions.create("Not yet", by=coordinator)
    editions.add(draft, ready[0])
    for name in ("collection:edition", "collection:edition-pdf", "collection:json"):
        assert client.get(reverse(name, args=[draft.slug])).status_code == 404


def test_the_pdf_download_has_its_name_type_etag_and_a_304(client, published):
    url = reverse("collection:edition-pdf", args=[published.slug])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{published.slug}.pdf"' in response["Content-Disposition"]
    assert response["ETag"] == f'"{published.pdf_sha256}"'
    assert response["Last-Modified"] == http_date(published.pdf_rendered_at.timestamp())
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert len(body) == published.pdf_size
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    later = http_date((published.pdf_rendered_at + timedelta(minutes=1)).timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_each_case_study_has_a_page_and_a_pdf(client, published):
    case_study = published.case_studies.first()
    page = client.get(reverse("collection:case-study", args=[published.slug, case_study.slug]))
    text = page.content.decode()
    assert case_study.sections[0]["text"] in text
    assert "£4.10 saved for every £1 invested" in text
    pdf = client.get(reverse("collection:case-study-pdf", args=[published.slug, case_study.slug]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["ETag"] == f'"{case_study.pdf_sha256}"'


def test_outcomes_are_grouped_by_unit_and_never_averaged(client, published):
    text = client.get(reverse("collection:outcomes", args=[published.slug])).content.decode()
    assert text.count("£4.10 saved for every £1 invested") == 2
    assert "Pounds saved for every pound invested" in text
    assert text.count("<caption") == 1  # one unit, one table: nothing pooled across units


def test_filters_give_counts_and_narrow_the_list(client, published):
    response = client.get(reverse("collection:case-studies"), {"area": "health"})
    results = response.context["results"]
    areas = {o.value: o.count for o in results.facets[0].options}
    assert areas["health"] == 2
    assert areas["social_care"] == 1
    assert areas["housing"] == 0
    regions = {o.value: o.count for o in results.facets[2].options}
    assert regions["london"] == 1
    assert regions["north_west"] == 1
    only_london = client.get(reverse("collection:case-studies"), {"region": "london"})
    assert [c.title for c in only_london.context["page"].object_list] == [
        "Navigators for older people"
    ]
    bogus = client.get(reverse("collection:case-studies"), {"area": "not-an-area"})
    assert bogus.context["page"].paginator.count == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL")
def test_search_ranks_title_above_text_and_highlights(client, published):
    target = published.case_studies.get(title="Navigators for older people")
    other = published.case_studies.exclude(pk=target.pk).get()
    other.body += " The navigators scheme inspired this."
    other.save()
    search_index.index(PublishedCaseStudy.objects.filter(pk=other.pk))
    response = client.get(reverse("collection:case-studies"), {"q": "navigators"})
    found = list(response.context["page"].object_list)
    assert [c.pk for c in found] == [target.pk, other.pk]
    assert "<mark>navigators</mark>" in response.content.decode().lower()
    none = client.get(reverse("collection:case-studies"), {"q": "zeppelin"})
    assert "No case studies match “zeppelin”" in none.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL")
def test_a_snippet_cannot_inject_markup(client, published):
    case_study = published.case_studies.first()
    case_study.body = "<script>alert(1)</script> navigators"
    case_study.save()
    search_index.index(PublishedCaseStudy.objects.filter(pk=case_study.pk))
    text = client.get(reverse("collection:case-studies"), {"q": "navigators"}).content.decode()
    assert "<script>alert(1)" not in text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL")
def test_a_snippet_shows_a_match_deep_in_a_long_case_study(client, published):
    """The snippet is taken from around the first match, not only from the opening."""
    case_study = published.case_studies.first()
    case_study.body = "Opening words about the council. " * 400 + "The zeppelin service began."
    case_study.save()
    search_index.index(PublishedCaseStudy.objects.filter(pk=case_study.pk))
    response = client.get(reverse("collection:case-studies"), {"q": "Zeppelin"})
    [found] = response.context["page"].object_list
    assert "<mark>zeppelin</mark>" in str(found.snippet_html).lower()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL")
def test_a_snippet_marks_the_words_of_a_search_that_appear_near_each_other(client, published):
    """The snippet's stretch of text reaches past the first word to another a few sentences on."""
    case_study = published.case_studies.first()
    case_study.body = (
        "Opening words about the council. " * 100
        + "The zeppelin service began. "
        + "Riders said the trips were calm and the staff kind. " * 25
        + "An airship followed."
    )
    case_study.save()
    search_index.index(PublishedCaseStudy.objects.filter(pk=case_study.pk))
    response = client.get(reverse("collection:case-studies"), {"q": "zeppelin airship"})
    [found] = response.context["page"].object_list
    snippet = str(found.snippet_html).lower()
    assert "<mark>zeppelin</mark>" in snippet
    assert "<mark>airship</mark>" in snippet


@pytest.mark.parametrize(
    "params",
    [{}, {"area": "health"}, {"area": "health", "kind": "voice_engagement", "region": "london"}],
)
def test_the_number_of_results_agrees_with_the_list(client, published, params):
    """The total comes from the facet counts' query when it can; it must be the real count."""
    response = client.get(reverse("collection:case-studies"), params)
    page = response.context["page"]
    assert page.paginator.count == len(list(page.object_list))
    assert page.paginator.count == response.context["results"].case_studies.count()


def _bulk_edition(count):
    edition = Edition.objects.create(
        title=f"Edition of {count}",
        slug=f"edition-of-{count}",
        status="published",
        published_at=timezone.now(),
    )
    PublishedCaseStudy.objects.bulk_create(
        PublishedCaseStudy(
            edition=edition,
            position=n + 1,
            slug=f"case-study-{n}",
            title=f"Case study {n} about navigators",
            summary="A summary.",
            dpulo_name="A DPULO",
            commissioner_name="A council",
            region="london" if n % 2 else "north_west",
            areas=["health"] if n % 3 else ["social_care", "housing"],
            kinds_of_work=["voice_engagement"],
            body="Navigators helped disabled people. " * 20,
            published_at=timezone.now(),
        )
        for n in range(count)
    )
    search_index.index(PublishedCaseStudy.objects.filter(edition=edition))
    return edition


@pytest.mark.parametrize(
    "params", [{}, {"area": "health", "region": "london"}, {"q": "navigators"}]
)
def test_list_pages_use_the_same_number_of_queries_at_10_and_200(client, db, params):
    counts = []
    for size in (10, 200):
        Edition.objects.all().delete()
        _bulk_edition(size)
        cache.clear()  # count the queries of rendering the page, not of serving it cached
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("collection:case-studies"), params)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_open_data_files(client, published):
    data = json.loads(client.get(reverse("collection:json", args=[published.slug])).content)
    assert data["edition"]["slug"] == published.slug
    assert len(data["case_studies"]) == 2
    first = data["case_studies"][0]
    assert first["outcomes"][0]["display"] == "£4.10 saved for every £1 invested"
    assert first["url"].startswith("http://testserver/collection/editions/")
    response = client.get(reverse("collection:csv", args=[published.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["title"] for row in rows] == [c["title"] for c in data["case_studies"]]


def test_csv_cells_cannot_start_a_formula(client, published):
    published.case_studies.filter(position=1).update(title='=HYPERLINK("http://x")')
    response = client.get(reverse("collection:csv", args=[published.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["title"].startswith("'=")


def test_the_atom_feed_is_valid_and_lists_every_published_case_study(client, published):
    response = client.get(reverse("collection:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 2
    assert {e.find(f"{atom}title").text for e in entries} == set(
        published.case_studies.values_list("title", flat=True)
    )
    assert all(e.find(f"{atom}id") is not None for e in entries)


def test_the_front_door_says_when_no_edition_is_published_yet(client, db):
    before = client.get(reverse("pages:landing")).content.decode()
    assert "No edition of the collection has been published yet" in before
    assert "will appear here" not in before


def test_the_front_door_names_and_links_the_published_edition(client, published):
    page = client.get(reverse("pages:landing")).content.decode()
    assert reverse("collection:edition", args=[published.slug]) in page
    assert f"{published.title}</a>: 2 case studies" in page
    assert reverse("collection:case-studies") in page


def test_the_outcomes_as_one_row_per_figure(client, published):
    response = client.get(reverse("collection:outcomes-csv", args=[published.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2  # one figure in each of the two case studies
    first = rows[0]
    assert first["edition"] == published.slug
    assert first["figure"] == "£4.10 saved for every £1 invested"
    assert (first["value"], first["invested"], first["unit"]) == ("4.10", "1.00", "return")
    assert first["period"] == "2015 to 2016"
    assert first["source"] == "Council evaluation"
    assert first["case_study_url"].startswith("http://testserver/collection/editions/")
    assert {row["case_study_title"] for row in rows} == set(
        published.case_studies.values_list("title", flat=True)
    )


def test_the_feed_link_says_what_a_feed_is(client, published):
    html = client.get(reverse("collection:home")).content.decode()
    assert "A feed lets a feed reader" in html
    assert f'href="{reverse("collection:feed")}"' in html
    assert f'href="{reverse("collection:outcomes-csv", args=[published.slug])}"' in html


def test_a_worked_outcome_shows_its_working_and_how_much_it_depends_on_each_assumption(
    client, dpulo, coordinator, django_capture_on_commit_callbacks
):
    """The figure, the steps behind it and the sensitivity table, on the page and in its PDF;
    the open data carries every input so anyone can recompute it."""
    from io import BytesIO

    from pypdf import PdfReader

    from tests.collection.conftest import signed_off

    case_study = signed_off("Staying at home", dpulo=dpulo, coordinator=coordinator, worked=True)
    edition = editions.create("With the working", by=coordinator)
    editions.add(edition, case_study)
    with django_capture_on_commit_callbacks(execute=True):
        editions.publish(edition, by=coordinator)
    [copy] = PublishedCaseStudy.objects.filter(edition=edition)
    page = client.get(reverse("collection:case-study", args=[edition.slug, copy.slug]))
    text = " ".join(page.content.decode().replace("&#x27;", "'").split())
    assert "£2.08 of value for every £1 invested" in text
    assert "How this figure was worked out: Disabled people stayed living at home" in text
    assert "40 × £900.00 = £36,000.00 a year before adjustments" in text  # noqa: RUF001
    assert "Present value £52,057.53 ÷ investment £25,000.00 = £2.08" in text
    # Deadweight moved 10 points either way: 15% gives £2.36, 35% gives £1.80 for every £1.
    assert "15%: £2.36" in text
    assert "35%: £1.80" in text
    assert "How it is known: Level 2: measured" in text
    pdf = client.get(reverse("collection:case-study-pdf", args=[edition.slug, copy.slug]))
    printed = " ".join(
        " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.getvalue())).pages).split()
    )
    assert "How this figure was worked out" in printed
    assert "£52,057.53" in printed
    rows = json.loads(client.get(reverse("collection:json", args=[edition.slug])).content)
    [worked] = [o for o in rows["case_studies"][0]["outcomes"] if "working" in o]
    assert worked["working"]["proxy_source"] == "Published table of unit costs"
    assert worked["working"]["deadweight"] == "25.00"
    assert worked["evidence_level"] == 2
    figures = client.get(reverse("collection:outcomes-csv", args=[edition.slug]))
    listed = csv.DictReader(io.StringIO(figures.content.decode()))
    [row] = [r for r in listed if r["working_people"]]
    assert (row["working_people"], row["working_drop_off"], row["working_duration"]) == (
        "40",
        "10.00",
        "3",
    )
    assert row["evidence"].startswith("Level 2: measured")


def test_toolkit_figures_stand_beside_only_those_that_value_the_same_thing(
    client, dpulo, coordinator, django_capture_on_commit_callbacks
):
    from tests.collection.conftest import signed_off

    savings = signed_off("Savings", dpulo=dpulo, coordinator=coordinator, worked=True)
    earnings = signed_off("Earnings", dpulo=dpulo, coordinator=coordinator, worked=True)
    outcome = earnings.outcomes.get(unit="value_ratio")
    outcome.working.proxy_kind = "economic"
    outcome.working.save()
    from casestudies import signoff
    from casestudies.models import SignOff

    for party in SignOff.Party.values:  # signed again for the content as it now stands
        signoff.record(earnings, party, name="Pat", role="Head", method="recorded")
    edition = editions.create("Two kinds of value", by=coordinator)
    editions.add(edition, savings)
    editions.add(edition, earnings)
    with django_capture_on_commit_callbacks(execute=True):
        editions.publish(edition, by=coordinator)
    text = client.get(reverse("collection:outcomes", args=[edition.slug])).content.decode()
    captions = re.findall(r"<caption[^>]*>([^<]+)</caption>", text)
    assert captions == [
        "Pounds saved for every pound invested",
        "Value for every pound invested, worked out with the toolkit: Savings to public bodies "
        "(costs avoided)",
        "Value for every pound invested, worked out with the toolkit: Money gained by people or "
        "the local economy",
    ]


def test_every_public_page_has_one_description_of_its_own(client, published):
    """Search engines and link previews show it: each says what that page is."""
    one = published.case_studies.first()
    pages = [
        "/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/contact/",
        "/register/",
        "/sign-in/",
        "/calls/",
        reverse("collection:home"),
        reverse("collection:case-studies"),
        reverse("collection:edition", args=[published.slug]),
        reverse("collection:outcomes", args=[published.slug]),
        reverse("collection:case-study", args=[published.slug, one.slug]),
        reverse("collection:evidence"),
        reverse("collection:format-request"),
    ]
    seen = {}
    for path in pages:
        html = client.get(path).content.decode()
        found = re.findall(r'<meta name="description" content="([^"]*)">', html)
        assert len(found) == 1, path
        assert len(found[0].split()) >= 5, path
        seen[path] = found[0]
    assert len(set(seen.values())) == len(pages)
    case_study_page = seen[reverse("collection:case-study", args=[published.slug, one.slug])]
    assert case_study_page.split()[:5] == one.summary.split()[:5]


def test_a_pdf_while_the_storage_cannot_be_reached_gets_the_busy_page(
    client, published, monkeypatch
):
    """The storage not answering (a bucket's endpoint down) is a moment's wait for the reader,
    with status 503, not a stack trace or a broken download."""
    from django.db.models.fields.files import FieldFile

    class EndpointConnectionError(Exception):
        """As the S3 client raises: not an OSError."""

    def unreachable(self, mode="rb"):
        raise EndpointConnectionError('Could not connect to the endpoint URL: "http://s3"')

    monkeypatch.setattr(FieldFile, "open", unreachable)
    response = client.get(reverse("collection:edition-pdf", args=[published.slug]))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is busy" in response.content.decode()


def test_a_large_edition_lists_its_first_case_studies_on_the_home_page_and_links_to_all(
    client, published
):
    from django.core.cache import cache

    from collection.views import public

    first = published.case_studies.first()
    cache.clear()  # the home page is a cached public page
    public.HOME_LIST, kept = 1, public.HOME_LIST
    try:
        html = client.get(reverse("collection:home")).content.decode()
    finally:
        public.HOME_LIST = kept
    count = published.case_studies.count()
    assert count > 1
    assert f"{count} case studies of Disabled People" in html
    assert first.title in html
    assert all(other.title not in html for other in published.case_studies.exclude(pk=first.pk))
    assert f"See all {count} case studies</a>" in html
    # Within the limit, all are listed and there is nothing to see beyond them.
    cache.clear()
    html = client.get(reverse("collection:home")).content.decode()
    assert "See all" not in html
