"""Two DPULOs, each with an author and a case study: no address reaches the other's case
study, whatever its number, section key or position, for reading or for writing."""

import pytest
from django.urls import reverse

from accounts import roles
from casestudies import scoping, workflow, writing
from tests.conftest import make_organisation, make_user

from .conftest import scope

pytestmark = pytest.mark.django_db

GET_PAGES = [
    "case-study",
    "text",
    "scope",
    "agree",
    "decline",
    "submit",
    "review",
    "sign-off",
    "sign-off-record",
    "outcome-new",
    "worked-outcome-new",
]
SECTION_PAGES = ["answer", "history", "compare"]
POST_ONLY = ["comment", "sign-off-request", "outcome-remove"]


@pytest.fixture
def two_dpulos(template, coordinator):
    made = {}
    for name in ("First DPULO", "Second DPULO"):
        dpulo = make_organisation(name)
        author = make_user(f"author@{name.split()[0].lower()}.example", roles.AUTHOR, dpulo)
        case_study = scoping.propose(
            scope(dpulo, title=f"{name}'s case study"), template=template, by=coordinator
        )
        workflow.transition(case_study, "agree", by=coordinator)
        section = case_study.template_version.sections.first()
        writing.save_answer(case_study, section, "Private draft words.", version=0, by=author)
        writing.add_outcome(
            case_study,
            {
                "label": "People",
                "value": 5,
                "invested": None,
                "unit": "people",
                "unit_other": "",
                "period": "",
                "source": "Records",
            },
            by=author,
        )
        made[name] = (author, case_study, section)
    return made


def test_an_author_reaches_nothing_of_another_dpulos_case_study(client, two_dpulos):
    author, own, _ = two_dpulos["First DPULO"]
    _, other, section = two_dpulos["Second DPULO"]
    client.force_login(author)
    assert client.get(reverse("casestudies:case-study", args=[own.pk])).status_code == 200
    wrong = []
    for name in GET_PAGES:
        response = client.get(reverse(f"casestudies:{name}", args=[other.pk]))
        if response.status_code != 404:
            wrong.append((name, response.status_code))
    for name in SECTION_PAGES:
        response = client.get(reverse(f"casestudies:{name}", args=[other.pk, section.key]))
        if response.status_code != 404:
            wrong.append((name, response.status_code))
    outcome = reverse("casestudies:outcome", args=[other.pk, 1])
    for response in (client.get(outcome), client.post(outcome, {"label": "Mine"})):
        if response.status_code != 404:
            wrong.append(("outcome", response.status_code))
    for name in POST_ONLY:
        args = [other.pk, section.key] if name == "comment" else [other.pk]
        if name == "outcome-remove":
            args = [other.pk, 1]
        response = client.post(reverse(f"casestudies:{name}", args=args), {"body": "Hello"})
        if response.status_code != 404:
            wrong.append((name, response.status_code))
    answer = client.post(
        reverse("casestudies:answer", args=[other.pk, section.key]), {"text": "Mine", "version": 1}
    )
    if answer.status_code != 404:
        wrong.append(("answer POST", answer.status_code))
    assert wrong == []
    other.refresh_from_db()
    assert other.answers.get().text == "Private draft words."
    assert other.outcomes.count() == 1
    assert not other.comments.exists()
    # Nor does the other case study appear in any list the author sees.
    assert other.title not in client.get(reverse("casestudies:list")).content.decode()


def test_a_section_key_from_another_template_version_is_a_404(client, two_dpulos):
    import uuid

    author, own, _ = two_dpulos["First DPULO"]
    client.force_login(author)
    response = client.get(reverse("casestudies:answer", args=[own.pk, uuid.uuid4()]))
    assert response.status_code == 404
