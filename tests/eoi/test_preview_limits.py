""" "Preview as PDF" is served from a cache keyed by the exact HTML, and the renders the cache
cannot save are rate-limited per person, so a few clients cannot pin every worker."""

import pytest
from django.urls import reverse

from eoi import application
from portal import pdf
from tests.eoi.conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs WeasyPrint is asked to write."""
    count = []
    real = pdf.write_pdf

    def counted(document, *args, **kwargs):
        count.append(1)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(pdf, "write_pdf", counted)
    return count


def preview_url(call):
    return reverse("eoi:preview-pdf", kwargs={"slug": call.slug})


def test_a_repeated_preview_is_served_from_the_cache_until_the_text_changes(
    client, call, applicant, organisation, renders
):
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    client.force_login(applicant)
    first = client.get(preview_url(call))
    again = client.get(preview_url(call))
    assert first.content == again.content
    assert first.content.startswith(b"%PDF-")
    assert len(renders) == 1
    criterion = call.criteria.exclude(kind="money").first()
    answer = eoi.answers.get(criterion=criterion)
    application.save_answer(eoi, criterion, text="Changed.", version=answer.version, by=applicant)
    changed = client.get(preview_url(call))
    assert changed.content != first.content
    assert len(renders) == 2


def test_previews_that_need_a_render_are_limited_per_person(
    client, call, applicant, organisation, settings, renders
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pdf_preview": "2/m"}
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    client.force_login(applicant)
    criterion = call.criteria.exclude(kind="money").first()
    statuses = []
    for n in range(3):
        answer = eoi.answers.get(criterion=criterion)
        application.save_answer(
            eoi, criterion, text=f"Take {n}.", version=answer.version, by=applicant
        )
        statuses.append(client.get(preview_url(call)).status_code)
    assert statuses == [200, 200, 429]
    assert len(renders) == 2
    refused = client.get(preview_url(call))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many requests" in refused.content.decode()
    # A preview already made is still served: the limit is on renders, not on reading.
    answer = eoi.answers.get(criterion=criterion)
    application.save_answer(eoi, criterion, text="Take 1.", version=answer.version, by=applicant)
    assert client.get(preview_url(call)).status_code == 200
