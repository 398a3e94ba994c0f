"""Query budgets for every public and programme-team list page.

Each page is counted with a few rows and again with several times as many: the count must not
grow (no query per row), and it must stay within the page's budget, so a later change cannot
add an N+1 unnoticed. Counts are of rendering, so the public page cache is emptied first.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from audit.models import Event
from bench import data
from casestudies.models import CaseStudy, Template
from collection.models import Edition, Round, Send, Stakeholder
from demo import case_study_template as demo
from tests.casestudies.conftest import scope
from tests.conftest import make_organisation
from tests.eoi.conftest import make_call

pytestmark = pytest.mark.django_db


def count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def same_at_both_sizes(client, url, grow, budget, django_assert_max_num_queries):
    before = count(client, url)
    grow()
    cache.clear()
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
    assert count(client, url) == before, f"{url}: queries grow with the rows"


# --- Public pages ---------------------------------------------------------------------------

COLLECTION = "benchmark-collection"


@pytest.mark.parametrize(
    ("name", "args", "query", "budget"),
    [
        ("collection:home", [], "", 5),  # with the edition's other formats
        ("collection:case-studies", [], "", 7),
        ("collection:case-studies", [], "?page=2", 7),
        ("collection:case-studies", [], "?area=health&region=london&kind=other", 7),
        ("collection:case-studies", [], "?q=transport", 8),
        ("collection:edition", [COLLECTION], "", 5),
        ("collection:format-request", [], f"?edition={COLLECTION}", 3),
        ("collection:outcomes", [COLLECTION], "", 4),
        ("collection:feed", [], "", 4),
        ("collection:json", [COLLECTION], "", 4),
        ("collection:csv", [COLLECTION], "", 4),
        ("collection:evidence", [], "", 4),
        ("collection:evidence", [], "?area=health", 4),
        ("collection:evidence", [], "?area=health&region=london&kind=other", 4),
    ],
)
def test_public_collection_pages(client, name, args, query, budget, django_assert_max_num_queries):
    edition = data.collection_edition()
    data.grow_collection(edition, 25, section_words=30)
    url = reverse(name, args=args) + query
    same_at_both_sizes(
        client,
        url,
        lambda: data.grow_collection(edition, 60, section_words=30),
        budget,
        django_assert_max_num_queries,
    )


def test_public_list_of_calls(client, django_assert_max_num_queries):
    make_call("first")
    make_call("second")
    same_at_both_sizes(
        client,
        reverse("eoi:call-list"),
        lambda: [make_call(f"more-{n}") for n in range(6)],
        3,
        django_assert_max_num_queries,
    )


# --- Programme team: calls, assessment, moderation ------------------------------------------


def test_managers_list_of_calls(client, role_users, django_assert_max_num_queries):
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    make_call("first")
    same_at_both_sizes(
        client,
        reverse("eoi:manage-calls"),
        lambda: [make_call(f"more-{n}") for n in range(6)],
        16,  # the stage of every call takes six aggregates, whatever the number of calls
        django_assert_max_num_queries,
    )


CALL_PAGES = [
    ("eoi:manage-call", 30),
    ("eoi:manage-assessors", 30),
    ("eoi:manage-moderation", 30),
    ("eoi:manage-decision", 30),
    ("eoi:manage-outbox", 30),
    ("eoi:manage-history", 30),
]


@pytest.fixture(scope="module")
def assessed_calls(django_db_setup, django_db_blocker):
    """Two assessed calls, one with twice the expressions of interest of the other, made once
    for the module (through the services: submitting lays out each one on A4)."""
    with django_db_blocker.unblock():
        small = data.assessed_call("budget-small", 2, assessors=3, answer_words=40)
        large = data.assessed_call("budget-large", 5, assessors=3, answer_words=40)
    yield small, large
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", verbosity=0, interactive=False)


@pytest.mark.parametrize(("name", "budget"), CALL_PAGES)
def test_call_pages_for_the_programme_manager(
    client, assessed_calls, name, budget, django_assert_max_num_queries
):
    (small, manager), (large, _) = assessed_calls
    client.force_login(manager)
    fewer = count(client, reverse(name, args=[small.slug]))
    cache.clear()
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name, args=[large.slug])).status_code == 200
    assert count(client, reverse(name, args=[large.slug])) == fewer


def test_the_assessors_queue(client, assessed_calls, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    assessor = get_user_model().objects.get(email="bench-assessor-budget-small-0@example.org")
    client.force_login(assessor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("eoi:assessor-queue")).status_code == 200


# --- Programme team: case studies, editions, stakeholders, the audit log --------------------


def test_case_study_list(client, role_users, django_assert_max_num_queries):
    client.force_login(role_users[roles.COORDINATOR])
    demo.seed()
    version = Template.objects.get(slug="case-study").latest_published()

    def add(number):
        for n in range(number):
            dpulo = make_organisation(f"DPULO {CaseStudy.objects.count()} {n}")
            CaseStudy.objects.create(template_version=version, **scope(dpulo))

    add(2)
    # Whose sign-off still counts is decided by the content fingerprint (signoff.live) from
    # six prefetches: sign-offs, answers, sections, outcomes, Easy Read points and glossary,
    # whatever the page's size.
    same_at_both_sizes(
        client, reverse("casestudies:list"), lambda: add(6), 16, django_assert_max_num_queries
    )


@pytest.mark.parametrize(
    ("name", "args", "budget"),
    [("casestudies:templates", [], 10), ("casestudies:versions", ["case-study"], 12)],
)
def test_template_pages(client, role_users, name, args, budget, django_assert_max_num_queries):
    """Templates are few and versions grow slowly (every version's sections are read in one
    query); each page has a fixed budget."""
    client.force_login(role_users[roles.COORDINATOR])
    demo.seed()
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name, args=args)).status_code == 200


def test_edition_list(client, role_users, django_assert_max_num_queries):
    client.force_login(role_users[roles.COORDINATOR])

    def add(number):
        for _ in range(number):
            n = Edition.objects.count()
            Edition.objects.create(title=f"Edition {n}", slug=f"edition-{n}")

    add(2)
    same_at_both_sizes(
        client,
        reverse("collection:manage"),
        lambda: add(6),
        12,  # with the last edition (to start from) and the case studies not ready, one each
        django_assert_max_num_queries,
    )


def _stakeholders(number):
    for _ in range(number):
        n = Stakeholder.objects.count()
        Stakeholder.objects.create(
            name=f"Council {n}",
            kind="local_authority",
            region="london",
            email=f"council{n}@example.org",
        )


@pytest.mark.parametrize(
    "name", ["collection:stakeholders", "collection:stakeholder-map", "collection:coverage"]
)
def test_stakeholder_pages(client, role_users, name, django_assert_max_num_queries):
    client.force_login(role_users[roles.COORDINATOR])
    _stakeholders(2)
    same_at_both_sizes(
        client, reverse(name), lambda: _stakeholders(8), 12, django_assert_max_num_queries
    )


def test_requests_for_other_formats(client, role_users, django_assert_max_num_queries):
    from collection import format_requests
    from collection.models import FormatRequest

    client.force_login(role_users[roles.COORDINATOR])

    def add(number):
        for n in range(number):
            format_requests.receive(
                FormatRequest(
                    item=f"Edition {n}", wanted="audio", name="R", reply_by="phone", phone="1"
                )
            )

    add(2)
    same_at_both_sizes(
        client,
        reverse("collection:format-requests"),
        lambda: add(8),
        11,  # as many whatever the number: the rows, the count and the open count
        django_assert_max_num_queries,
    )
    first = FormatRequest.objects.first()
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("collection:format-request-detail", args=[first.pk])).status_code
            == 200
        )


def test_dissemination_rounds(client, role_users, django_assert_max_num_queries):
    client.force_login(role_users[roles.COORDINATOR])
    edition = Edition.objects.create(
        title="Sent", slug="sent", status="published", published_at=timezone.now()
    )
    _stakeholders(4)

    def add(number):
        for _ in range(number):
            sent = Round.objects.create(
                edition=edition, subject="The collection", message="M", audience="Everyone"
            )
            for stakeholder in Stakeholder.objects.all():
                Send.objects.create(round=sent, stakeholder=stakeholder, email=stakeholder.email)

    add(1)
    same_at_both_sizes(
        client, reverse("collection:rounds"), lambda: add(5), 12, django_assert_max_num_queries
    )


def test_audit_log(client, role_users, django_assert_max_num_queries):
    manager = role_users[roles.PROGRAMME_MANAGER]
    client.force_login(manager)

    def add(number):
        Event.objects.bulk_create(
            Event(action="accounts.signed_in", summary="Signed in", user=manager, who="m")
            for _ in range(number)
        )

    add(3)
    same_at_both_sizes(
        client, reverse("audit:log"), lambda: add(30), 10, django_assert_max_num_queries
    )


def _emails(number, user):
    from mail.models import Message

    Message.objects.bulk_create(
        Message(
            kind="receipt",
            to_email=user.email,
            to_user=user,
            from_email="portal@example.org",
            subject="A receipt",
            body="Body",
        )
        for _ in range(number)
    )


def test_the_outbox(client, role_users, django_assert_max_num_queries):
    manager = role_users[roles.PROGRAMME_MANAGER]
    client.force_login(manager)
    _emails(3, manager)
    same_at_both_sizes(
        client,
        reverse("mail:outbox"),
        lambda: _emails(30, manager),
        11,
        django_assert_max_num_queries,
    )


def test_emails_sent_to_you(client, applicant, django_assert_max_num_queries):
    client.force_login(applicant)
    _emails(3, applicant)
    same_at_both_sizes(
        client,
        reverse("mail:mine"),
        lambda: _emails(30, applicant),
        10,
        django_assert_max_num_queries,
    )


def test_the_easy_read_pages(client, role_users, django_assert_max_num_queries):
    """The author's Easy Read page and the published one read a fixed number of queries
    however many points there are."""
    from casestudies import scoping, writing
    from collection.models import PublishedCaseStudy
    from demo import easy_read as demo_easy_read

    coordinator = role_users[roles.COORDINATOR]
    client.force_login(coordinator)
    demo.seed()
    case_study = scoping.propose(
        scope(make_organisation("Easy DPULO"), title="Easy Read budget"),
        template=Template.objects.get(slug=demo_easy_read.TEMPLATE_SLUG),
        by=coordinator,
    )
    CaseStudy.objects.filter(pk=case_study.pk).update(status="drafting")
    case_study.refresh_from_db()

    def add(number):
        for n in range(number):
            writing.add_point(case_study, point_text=f"Point {n}. We met.", by=coordinator)
        writing.add_glossary_entry(
            case_study, word=f"word {case_study.glossary.count()}", explanation="E", by=coordinator
        )

    add(2)
    same_at_both_sizes(
        client,
        reverse("casestudies:easy-read", args=[case_study.pk]),
        lambda: add(6),
        12,
        django_assert_max_num_queries,
    )

    edition = data.collection_edition()
    data.grow_collection(edition, 1)
    copy = PublishedCaseStudy.objects.filter(edition=edition).first()
    copy.easy_read = [
        {"text": f"Point {n}.", "picture_sha256": "", "picture_alt": ""} for n in range(20)
    ]
    copy.save(update_fields=["easy_read"])
    client.logout()  # a reader
    with django_assert_max_num_queries(4):
        assert (
            client.get(reverse("collection:easy-read", args=[edition.slug, copy.slug])).status_code
            == 200
        )


# --- Adjustments and other ways to apply ----------------------------------------------------


def test_the_adjustment_pages(client, role_users, django_assert_max_num_queries):
    """The manager's queue, one request with its access-needs panel, the applicant's own page
    and the page that starts an expression of interest for an organisation: a fixed number
    of queries however many requests, organisations and applicants there are."""
    from datetime import timedelta

    from accounts import access_needs
    from accounts.models import Membership
    from eoi import adjustments
    from eoi.models import AdjustmentRequest
    from tests.conftest import make_user

    manager = role_users[roles.PROGRAMME_MANAGER]
    applicant = role_users[roles.APPLICANT]
    call = make_call("adjusted", closes_at=timezone.now() + timedelta(days=5))
    asking = applicant.memberships.get().organisation
    made = []

    def ask(number, applicants=2):
        for _ in range(number):
            n = len(made)
            organisation = make_organisation(f"Adjusted DPULO {n}")
            for person in range(applicants):
                user = make_user(f"applicant-{n}-{person}@adjusted.example", roles.APPLICANT)
                Membership.objects.create(user=user, organisation=organisation)
                access_needs.save(user, {"documents": "large_print", "support": ["bsl"]})
            request = adjustments.ask(
                call, organisation, by=user, kind="other", details=f"Request {n}"
            )
            if n % 2:
                adjustments.answer(
                    request, status=AdjustmentRequest.Status.ARRANGED, by=manager, text="Done"
                )
            adjustments.ask(call, asking, by=applicant, kind="other", details=f"Ours {n}")
            made.append(request)

    ask(2)
    client.force_login(manager)
    queue = reverse("eoi:manage-adjustments")
    same_at_both_sizes(client, queue, lambda: ask(6), 11, django_assert_max_num_queries)
    # One request, waiting and answered, from an organisation with 2 applicants and with 6.
    ask(2, applicants=6)
    for few, many in [(made[0], made[-2]), (made[1], made[-1])]:
        url = reverse("eoi:manage-adjustment", args=[many.pk])
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
        assert count(client, url) == count(client, reverse("eoi:manage-adjustment", args=[few.pk]))
    start = reverse("eoi:manage-assisted", args=[call.slug])
    same_at_both_sizes(client, start, lambda: ask(3), 10, django_assert_max_num_queries)
    client.force_login(applicant)
    own = reverse("eoi:adjustments", args=[call.slug])
    same_at_both_sizes(client, own, lambda: ask(3), 15, django_assert_max_num_queries)
