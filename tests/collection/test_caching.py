"""The public pages come from the cache for anonymous readers, and never show anything stale
that the portal itself changed: publishing and rendering take effect on the next request."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collection import editions, tasks
from collection.models import Edition, PublishedCaseStudy
from tests.conftest import make_user


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_an_anonymous_reader_is_served_the_cached_page_without_queries(client, published):
    url = reverse("collection:case-studies") + "?area=health&q=navigators"
    first, first_queries = _get(client, url)
    second, second_queries = _get(client, url)
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=300"
    assert "Content-Security-Policy" in second


def test_a_new_edition_shows_on_the_next_request(
    client, published, ready, coordinator, django_capture_on_commit_callbacks
):
    home = reverse("collection:home")
    assert published.title in _get(client, home)[0].content.decode()
    newer = editions.create("The second collection", by=coordinator)
    for case_study in ready:
        editions.add(newer, case_study)
    with django_capture_on_commit_callbacks(execute=True):
        editions.publish(newer, by=coordinator)
    page = _get(client, home)[0].content.decode()
    assert "The second collection" in page


def test_a_finished_render_shows_its_download_on_the_next_request(
    client, published, django_capture_on_commit_callbacks
):
    case_study = published.case_studies.first()
    PublishedCaseStudy.objects.update(pdf="", pdf_size=None, pdf_pages=None)
    Edition.objects.update(pdf="", pdf_size=None, pdf_pages=None, pdf_rendered_at=None)
    url = reverse("collection:case-study", args=[published.slug, case_study.slug])
    cache.clear()  # the state above was made behind the portal's back
    assert "being prepared" in _get(client, url)[0].content.decode()
    assert "being prepared" in _get(client, url)[0].content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        tasks.render_edition.call(published.pk)
    page = _get(client, url)[0].content.decode()
    assert "being prepared" not in page
    assert "Download this case study (PDF" in page


def test_a_signed_in_reader_gets_their_own_page_never_the_cached_one(client, published):
    home = reverse("collection:home")
    _get(client, home)
    reader = make_user("reader@col.example", full_name="Robin Reader")
    client.force_login(reader)
    assert "Signed in as Robin Reader" in _get(client, home)[0].content.decode()
    client.logout()
    page = _get(client, home)[0].content.decode()
    assert "Robin Reader" not in page
    assert "You are not signed in" in page


def test_pages_that_are_not_found_are_not_cached(client, published):
    url = reverse("collection:case-study", args=[published.slug, "no-such-case-study"])
    assert client.get(url).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 404
    assert len(queries) > 0


def test_the_cache_can_be_turned_off(client, published, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("collection:home")
    _get(client, url)
    assert _get(client, url)[1] > 0


def test_a_signed_in_reader_gets_a_private_page(client, published):
    client.force_login(make_user("reader@cache.example"))
    for url in (
        reverse("collection:home"),
        reverse("collection:case-studies"),
        reverse("collection:edition", args=[published.slug]),
    ):
        response = client.get(url)
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_parameters_a_page_does_not_read_share_one_cache_entry(client, published):
    """``?x=1``, ``?x=2``, … must not each fill the cache with a copy of the page."""
    url = reverse("collection:case-studies")
    _get(client, url + "?area=health")
    for n in range(5):
        _, queries = _get(client, url + f"?area=health&x={n}&utm_source=feed{n}")
        assert queries == 0
    home = reverse("collection:home")
    _get(client, home)
    assert _get(client, home + "?anything=1")[1] == 0
    # The parameters it does read still give their own pages, whatever their order.
    _get(client, url + "?area=health&q=navigators")
    assert _get(client, url + "?q=navigators&area=health")[1] == 0
    assert _get(client, url + "?q=reserved")[1] > 0
