"""Rendering off the request path: with the database backend, publishing only queues the
render, the edition says it is being prepared, and `db_worker` makes the PDF."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from collection import editions

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_backend(settings):
    """django-tasks rebuilds its backends when the setting changes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings.TASKS


def test_publishing_queues_the_render_and_the_worker_runs_it(
    client, ready, coordinator, database_backend
):
    from django_tasks_db.models import DBTaskResult

    edition = editions.create("Queued edition", by=coordinator)
    for case_study in ready:
        editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    edition.refresh_from_db()
    assert not edition.pdf_ready
    assert DBTaskResult.objects.count() == 1
    page = client.get(reverse("collection:edition", args=[edition.slug]))
    assert "is being prepared" in page.content.decode()
    assert client.get(reverse("collection:edition-pdf", args=[edition.slug])).status_code == 404

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=open("/dev/null", "w"))  # noqa: SIM115
    edition.refresh_from_db()
    assert edition.pdf_ready
    assert client.get(reverse("collection:edition-pdf", args=[edition.slug])).status_code == 200
