"""Search finds what readers mean, the same on PostgreSQL and on SQLite.

`make test` runs this module twice: with the rest of the suite on PostgreSQL, and again on
SQLite (the embedded database `make run` uses), so both indexes answer every case here.
"""

import re
from html import unescape

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from collection import editions, search, search_index
from tests.collection.conftest import signed_off
from tests.conftest import make_organisation

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

ADVOCACY = "Reserved contracts for advocacy in Northgate"
NAVIGATORS = "Navigators for older people"
EMPLOYMENT = "Employment support in Southborough"


@pytest.fixture
def edition(dpulo, coordinator):
    """Three case studies published (the PDFs are not needed here, so are not rendered)."""
    southborough = make_organisation("Southborough Independent Living Centre")
    ready = [
        signed_off(
            ADVOCACY,
            dpulo=dpulo,
            coordinator=coordinator,
            answers={0: "The health board and the council reserved the work for a user-led group."},
        ),
        signed_off(
            NAVIGATORS,
            dpulo=dpulo,
            coordinator=coordinator,
            commissioner_name="Leeds Teaching Hospitals",
            region="yorkshire_humber",
            areas=["health"],
            kinds_of_work=["hwb_healthwatch"],
            summary="Peer navigators helped older disabled people home from hospital sooner.",
            answers={0: "The navigators met people on the ward."},
        ),
        signed_off(
            EMPLOYMENT,
            dpulo=southborough,
            coordinator=coordinator,
            commissioner_name="Southborough Borough Council",
            region="south_east",
            areas=["employment"],
            kinds_of_work=["new_service_areas"],
            summary="A supported employment service run by disabled people.",
            answers={0: "Local employers offered jobs. Inspired by the navigators in Leeds."},
        ),
    ]
    edition = editions.create("Working together", by=coordinator)
    for case_study in ready:
        editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    return edition


def _search(client, **params):
    response = client.get(reverse("collection:case-studies"), params)
    assert response.status_code == 200
    return response


def _titles(response):
    return [case_study.title for case_study in response.context["page"].object_list]


def _text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("reserved contract", [ADVOCACY]),
        ("contract reserved", [ADVOCACY]),  # any order
        ("contracts reserving", [ADVOCACY]),  # other forms of the same words
        # In the advocacy text, and in a kind of work of the navigators (Health & Wellbeing
        # Boards and HealthWatch).
        ("health board", [ADVOCACY, NAVIGATORS]),
        ("board health", [ADVOCACY, NAVIGATORS]),
        ("navigator", [NAVIGATORS, EMPLOYMENT]),
        ('"health board"', [ADVOCACY]),  # a phrase
        ('"board health"', []),  # a phrase keeps its order
        ("navigators or employers", [NAVIGATORS, EMPLOYMENT]),
        ("navigators -employers", [NAVIGATORS]),
    ],
)
def test_every_word_counts_in_any_order_and_form(client, edition, query, found):
    assert sorted(_titles(_search(client, q=query))) == sorted(found)


def test_a_match_in_the_title_ranks_above_one_in_the_text(client, edition):
    assert _titles(_search(client, q="navigators")) == [NAVIGATORS, EMPLOYMENT]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Healthwatch", [NAVIGATORS]),  # a kind of work's label
        ("Yorkshire", [NAVIGATORS]),  # the region's label
        ("employment", [EMPLOYMENT]),  # an area (and the title)
        ("Independent Living Centre", [EMPLOYMENT]),  # the DPULO's name
        ("teaching hospitals", [NAVIGATORS]),  # the commissioner's name
    ],
)
def test_tags_and_organisation_names_are_found(client, edition, query, found):
    assert _titles(_search(client, q=query)) == found


def test_one_letter_and_common_words_are_left_out_and_the_reader_told(client, edition):
    everything = _search(client, q="a")
    assert len(_titles(everything)) == 3
    assert "Left out of the search, as too short or too common to help: “a”." in _text(everything)
    assert "matching" not in _text(everything)
    with_a_word = _search(client, q="x the navigators")
    assert sorted(_titles(with_a_word)) == sorted([NAVIGATORS, EMPLOYMENT])
    assert "“x”, “the”" in _text(with_a_word)


def test_a_misspelling_suggests_the_word_the_collection_uses(client, edition):
    response = _search(client, q="advocasy")
    assert _titles(response) == []
    text = _text(response)
    assert "No case studies match “advocasy”." in text
    assert "Did you mean advocacy?" in text
    link = re.search(r'href="([^"]*)">advocacy</a>', response.content.decode()).group(1)
    assert _titles(client.get(unescape(link))) == [ADVOCACY]

    two_words = _text(_search(client, q="reserved advocasy"))
    assert "Did you mean reserved advocacy?" in two_words


def test_no_suggestion_when_no_word_is_near(client, edition):
    text = _text(_search(client, q="zeppelin"))
    assert "No case studies match “zeppelin”." in text
    assert "Did you mean" not in text


def test_an_empty_result_mentions_filters_only_when_some_are_chosen(client, edition):
    assert "with these filters" not in _text(_search(client, q="zeppelin"))
    assert "removing some filters" not in _text(_search(client, q="zeppelin"))
    filtered = _text(_search(client, q="navigators", area="justice"))
    assert "No case studies match “navigators” with these filters." in filtered
    assert "No case studies match these filters." in _text(_search(client, area="justice"))


def test_matched_words_are_highlighted_in_the_snippet(client, edition):
    response = _search(client, q="employers")
    [found] = response.context["page"].object_list
    assert "<mark>employers</mark>" in str(found.snippet_html).lower()


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "NEAR(a b", "title:navigators", "*", "^x", "AND OR NOT", '""', "-", "a OR"],
)
def test_search_syntax_a_reader_might_type_never_breaks_the_page(client, edition, query):
    _search(client, q=query)


def test_the_search_is_parsed_into_words_phrases_choices_and_exclusions():
    query = search_index.parse('Health "user-led group" or council -hospital a the')
    assert query.groups == ((("health",),), (("user", "led", "group"), ("council",)))
    assert query.excluded == (("hospital",),)
    assert query.ignored == ("a", "the")
    assert query.text == 'health "user led group" or council -hospital'
    assert query.fts5 == '("health") AND ("user led group" OR "council") NOT ("hospital")'
    assert not search_index.parse("a I -x")


def test_the_collection_home_has_a_search_box_and_lists_the_case_studies(client, edition):
    response = client.get(reverse("collection:home"))
    html = response.content.decode()
    assert '<label class="govuk-label govuk-label--m" for="home-q">' in html
    assert f'action="{reverse("collection:case-studies")}"' in html
    listing = html.split("The case studies in this edition")[1].split("</ol>")[0]
    listed = re.findall(r'<li><a class="govuk-link" href="[^"]+">([^<]+)</a>', listing)
    assert [unescape(title) for title in listed] == [ADVOCACY, NAVIGATORS, EMPLOYMENT]


def test_find_other_case_studies_keeps_the_readers_search(client, edition):
    results = client.get(reverse("collection:case-studies"), {"q": "navigators", "area": "health"})
    link = re.search(r'href="([^"]+\?search=[^"]+)">Navigators', results.content.decode())
    page = client.get(unescape(link.group(1)))
    back = re.search(r'href="([^"]*)">Find other case studies', page.content.decode()).group(1)
    assert unescape(back) == reverse("collection:case-studies") + "?q=navigators&area=health"
    # Another search is another page (the cache keys on it); unknown parameters are dropped.
    url = unescape(link.group(1)).split("?")[0]
    other = client.get(url, {"search": "q=leeds&evil=1"}).content.decode()
    back = re.search(r'href="([^"]*)">Find other case studies', other).group(1)
    assert unescape(back) == reverse("collection:case-studies") + "?q=leeds"
    plain = client.get(url).content.decode()
    assert f'href="{reverse("collection:case-studies")}">Find other case studies' in plain


@pytest.mark.parametrize(
    "params",
    [
        "",
        "q=navigators",
        "area=health",
        "area=health&area=employment&region=south_east",
        "q=council&kind=new_service_areas&region=yorkshire_humber&region=south_east",
        "q=zeppelin",  # nothing matches
    ],
)
def test_each_count_is_how_many_results_choosing_that_option_gives(edition, params):
    """The counts are taken in one query a scope; each must be what the list itself finds
    with that option chosen in its facet and everything else as it was."""
    found = search.find(edition, QueryDict(params))
    checked = 0
    for facet in found.facets:
        for option in facet.options:
            chosen = QueryDict(params, mutable=True)
            chosen.setlist(facet.name, [option.value])
            assert option.count == search.find(edition, chosen).case_studies.count(), (
                facet.name,
                option.value,
            )
            checked += option.count
    assert found.total == found.case_studies.count()
    if "zeppelin" not in params:
        assert checked > 0  # the cases above are not all zeros


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_a_published_edition_is_in_the_search_index_itself_not_waiting_to_be_merged(edition):
    """Every search would otherwise read through the entries pending since publishing."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        cursor.execute("SELECT pending_tuples FROM pgstatginindex('col_published_search')")
        [pending] = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM collection_publishedcasestudy "
            "WHERE search_vector @@ websearch_to_tsquery('english', 'navigators')"
        )
        [found] = cursor.fetchone()
    assert pending == 0
    assert found == 2  # the index has them: the navigators' case study and the employment one


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_deleting_published_case_studies_takes_them_out_of_the_sqlite_index(edition):
    def indexed():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM collection_search")
            return cursor.fetchone()[0]

    assert indexed() == 3
    edition.case_studies.all().delete()
    assert indexed() == 0
