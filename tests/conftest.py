"""Fixtures shared by the whole suite: people in each role and their organisations."""

import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.client import Client

from accounts import roles
from accounts.models import Membership, Organisation, User
from accounts.services import grant_role

PASSWORD = "correct-horse-battery-staple"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """When the suite runs in several processes (pytest-xdist, as ``make test`` runs it), the
    files holding slow tests are handed out first: otherwise the soak, collected last, runs
    alone at the end while the other processes wait. One process keeps pytest-django's order."""
    if not hasattr(config, "workerinput"):
        return
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)


def at_the_same_moment(action, times=2):
    """Run ``action`` in ``times`` threads released together, each with its own database
    connection (closed after), as two people or two clicks would; their results, in the order
    they finished. The first error raised in a thread is raised here. Needs
    ``django_db(transaction=True)``, so each thread sees what the others commit."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=5)
            results.append(action())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def make_organisation(name="Test DPULO", kind=Organisation.Kind.DPULO, **fields):
    fields.setdefault("region", Organisation.Region.LONDON)
    fields.setdefault("run_by_disabled_people", kind == Organisation.Kind.DPULO)
    return Organisation.objects.create(name=name, kind=kind, **fields)


def make_user(email, role=None, organisation=None, **fields):
    fields.setdefault("full_name", email.split("@")[0].title())
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    if role:
        grant_role(user, role)
    if organisation:
        Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (public pages, page counts), as a new process does."""
    cache.clear()
    yield
    cache.clear()


SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)


def error_summary_targets_exist(response):
    """Every link in a page's error summary goes to an element on that page (a radio question
    to its first option), so following it puts the reader where the problem is."""
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return
    page = response.content.decode(errors="replace")
    for summary in SUMMARY.findall(page):
        for target in re.findall(r'href="#([^"]+)"', summary):
            assert f'id="{target}"' in page, (
                f"the error summary links to #{target}, not on the page"
            )


@pytest.fixture(autouse=True)
def error_summaries_lead_somewhere(monkeypatch):
    """Checked on every page any test fetches with the test client."""
    original = Client.request

    def request(self, **kwargs):
        response = original(self, **kwargs)
        error_summary_targets_exist(response)
        return response

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files the tests make (edition PDFs) go to a temporary folder, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def organisation(db):
    return make_organisation()


@pytest.fixture
def programme_team(db):
    return make_organisation("Programme team", kind=Organisation.Kind.PROGRAMME_TEAM)


@pytest.fixture
def role_users(db, organisation, programme_team):
    """One user per role, keyed by role name."""
    return {
        roles.APPLICANT: make_user("applicant@test.example", roles.APPLICANT, organisation),
        roles.ASSESSOR: make_user("assessor@test.example", roles.ASSESSOR, programme_team),
        roles.PROGRAMME_MANAGER: make_user(
            "manager@test.example", roles.PROGRAMME_MANAGER, programme_team, is_staff=True
        ),
        roles.COORDINATOR: make_user("coordinator@test.example", roles.COORDINATOR),
        roles.AUTHOR: make_user("author@test.example", roles.AUTHOR),
    }


@pytest.fixture
def applicant(role_users):
    return role_users[roles.APPLICANT]


@pytest.fixture
def role_groups(db):
    """Every role's group. A migration makes them, but a transactional test before this one
    empties every table, so make any that are missing as ``grant_role`` does."""
    return {role: Group.objects.get_or_create(name=role)[0] for role in roles.ALL_ROLES}
