"""Every form and every POST endpoint, fed random and hostile input by hypothesis, as a person
allowed to use it: the portal never answers with a server error.

The fields sent are the ones each page's own forms name (found by reading the page), some of
them left out, repeated, or joined by names nobody expects; the values run from empty to very
long, through control characters, Unicode edge cases, numbers in the wrong shape and markup.
The run is derandomised with a fixed number of examples, so CI is stable.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import roles
from tests.test_permission_matrix import ANONYMOUS, MATRIX, matrix_call  # noqa: F401

pytestmark = pytest.mark.django_db

EXAMPLES = 8
HOSTILE = [
    "",
    " ",
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "[x](javascript:window.__pwned=1)",
    "'; DROP TABLE accounts_user; --",
    '=HYPERLINK("http://evil.example")',
    "\x00",
    "a\x00b",
    "\u202e\u200b\ufeff",
    "\ud7ff\ue000\uffff",
    "\U0001d54f" * 50,  # mathematical double-struck X, outside the BMP
    "\uff12\uff10\uff12\uff16",  # 2026 in full-width digits
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "1.234.567",
    "12/13/2026",
    "2026-02-30",
    "../../etc/passwd",
    "%00",
    "\r\n\r\n",
    "x" * 70_000,
    "word " * 6000,
]
# Sent as the wrong person, or to end the session, these would only test the sign-in page.
SKIP = {"accounts:sign-out", "admin:logout"}
OWNER_BY_NAMESPACE = {
    "casestudies": roles.COORDINATOR,
    "collection": roles.COORDINATOR,
    "audit": roles.PROGRAMME_MANAGER,
}

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=400),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.lists(st.sampled_from(HOSTILE[:12]), min_size=2, max_size=3),  # a repeated field
)


def payloads(fields):
    """Some of the page's own fields (never all present, never all missing) and a stranger."""
    return st.tuples(
        st.dictionaries(st.sampled_from(fields), values, max_size=len(fields)),
        st.one_of(st.none(), st.tuples(st.text(min_size=1, max_size=20), values)),
    ).map(lambda pair: {**pair[0], **({pair[1][0]: pair[1][1]} if pair[1] else {})})


FORM = re.compile(r"<form([^>]*)>(.*?)</form>", re.S | re.I)


def post_forms(html, page_url):
    """Each POST form on a page: the address it posts to and the names of its fields."""
    found = {}
    for attributes, body in FORM.findall(html):
        if 'method="post"' not in attributes.lower():
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        target = action.group(1) if action and action.group(1) else page_url
        names = set(re.findall(r'name="([^"]+)"', body)) - {"csrfmiddlewaretoken"}
        found.setdefault(target, set()).update(names)
    return found


def endpoints():
    """Each URL with the role that may use it."""
    chosen = []
    for name, (kwargs, expected) in MATRIX.items():
        if name in SKIP or name.startswith("admin:"):
            continue
        ordered = [
            roles.COORDINATOR,
            roles.PROGRAMME_MANAGER,
            roles.APPLICANT,
            roles.ASSESSOR,
            roles.AUTHOR,
            ANONYMOUS,
        ]
        role = next((r for r in ordered if expected[r] == 200), None)
        if role is None:
            role = OWNER_BY_NAMESPACE.get(name.split(":")[0], roles.PROGRAMME_MANAGER)
        chosen.append((name, kwargs, role))
    return chosen


@pytest.fixture
def targets(matrix_call, role_users):  # noqa: F811
    """Every endpoint with the fields its forms send, read from every page that posts to it
    (a POST-only address gets the fields of the forms elsewhere that point at it)."""
    from tests.collection.conftest import signed_off
    from tests.conftest import make_organisation

    # A case study ready to publish, so the edition page shows its "Add" form too.
    signed_off(
        "Ready to publish",
        dpulo=make_organisation("Fuzzed DPULO"),
        coordinator=role_users[roles.COORDINATOR],
    )
    fields_by_url = {}
    chosen = []
    for name, kwargs, role in endpoints():
        client = Client(raise_request_exception=False)
        if role != ANONYMOUS:
            client.force_login(role_users[role])
        url = reverse(name, kwargs=kwargs)
        page = client.get(url)
        if page.status_code == 200 and not page.streaming:
            for target, names in post_forms(page.content.decode(errors="replace"), url).items():
                fields_by_url.setdefault(target, set()).update(names)
        chosen.append((name, url, role))
    return [
        (name, url, role, sorted(fields_by_url.get(url)) or ["text", "action", "version"])
        if fields_by_url.get(url)
        else (name, url, role, ["text", "action", "version"])
        for name, url, role in chosen
    ]


@pytest.mark.slow
def test_every_post_endpoint_survives_hostile_input(targets, role_users):
    failures = []
    clients = {}
    for role in {role for _, _, role, _ in targets}:
        clients[role] = Client(raise_request_exception=False)
        if role != ANONYMOUS:
            clients[role].force_login(role_users[role])

    def fuzz(name, url, role, fields):
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(payload=payloads(fields))
        def post(payload):
            response = clients[role].post(url, payload)
            if response.status_code >= 500:
                failures.append(f"{name} as {role}: {response.status_code} for {payload!r:.300}")
            if role != ANONYMOUS and "_auth_user_id" not in clients[role].session:
                clients[role].force_login(role_users[role])  # a fuzzed form signed them out

        post()

    for target in targets:
        fuzz(*target)
    assert failures == []
