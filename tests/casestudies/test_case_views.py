"""The case-study pages over HTTP: what each person sees, and every refusal explained."""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import roles
from casestudies.models import Answer, CaseStudy, Comment, Outcome, SignOff
from tests.conftest import PASSWORD, make_organisation, make_user

from .conftest import write_everything

pytestmark = pytest.mark.django_db


def url(name, case_study, *args):
    return reverse(f"casestudies:{name}", args=[case_study.pk, *args])


def signed_in(client, user):
    client.force_login(user)
    return client


def shown_digest(client, path):
    """The fingerprint a sign-off page carries with the content it shows, as a browser posts it."""
    return re.search(r'name="digest" value="([0-9a-f]{64})"', client.get(path).content.decode())[1]


def test_proposing_shows_every_problem_then_creates_the_case_study(
    client, coordinator, template, dpulo
):
    client = signed_in(client, coordinator)
    response = client.post(reverse("casestudies:propose"), {})
    page = response.content.decode()
    for message in (
        "Enter the case study&#x27;s title",
        "Choose the DPULO",
        "Enter the commissioning organisation",
        "Enter the commissioner contact&#x27;s email address",
        "Select at least one area of public service",
        "Select at least one kind of work",
        "Enter a short summary",
    ):
        assert message in page
    assert CaseStudy.objects.count() == 0
    response = client.post(
        reverse("casestudies:propose"),
        {
            "title": "Voice and engagement in Coastway",
            "dpulo": dpulo.pk,
            "commissioner_name": "Coastway Council",
            "commissioner_contact_name": "Lee Smith",
            "commissioner_contact_email": "lee@coastway.example.gov.uk",
            "region": "south_west",
            "areas": ["health", "housing"],
            "kinds_of_work": ["voice_engagement"],
            "summary": "A voice contract.",
            "version": "0",
        },
    )
    case_study = CaseStudy.objects.get()
    assert response["Location"] == url("case-study", case_study)
    assert (case_study.status, case_study.areas) == ("proposed", ["health", "housing"])
    assert case_study.template_version == template.latest_published()


def test_a_stale_change_to_the_details_is_refused_with_both_shown(client, proposed, coordinator):
    client = signed_in(client, coordinator)
    form = client.get(url("scope", proposed)).context["form"]
    data = {k: v for k, v in form.initial.items() if k != "dpulo"}
    data.update(dpulo=proposed.dpulo.pk, areas=proposed.areas, kinds_of_work=proposed.kinds_of_work)
    client.post(url("scope", proposed), {**data, "title": "First change"})
    response = client.post(url("scope", proposed), {**data, "title": "Second change"})
    assert "Someone else changed this case study" in response.content.decode()
    assert "First change" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.title == "First change"


def test_agreeing_invites_the_author_who_creates_an_account_and_writes(
    client, proposed, coordinator, django_capture_on_commit_callbacks
):
    client = signed_in(client, coordinator)
    assert "Enter the author" in client.post(url("agree", proposed), {}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("agree", proposed), {"author_name": "Sam Writer", "author_email": "sam@x.example"}
        )
    assert response.status_code == 302
    link = re.search(r"http://[^\s]+/case-studies/invitation/[\w-]+/", mail.outbox[-1].body)[0]
    path = link.removeprefix("http://127.0.0.1:8000")
    client.logout()
    page = client.get(path)
    assert "Create your account" in page.content.decode()
    weak = client.post(
        path, {"full_name": "Sam Writer", "new_password1": "sam", "new_password2": "sam"}
    )
    assert "Password must be 10 characters or more" in weak.content.decode()
    response = client.post(
        path,
        {"full_name": "Sam Writer", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response["Location"] == url("case-study", proposed)
    assert client.get(url("case-study", proposed)).status_code == 200  # signed in as the author
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_authors_see_only_their_own_case_studies(client, drafting, author):
    other_dpulo = make_organisation("Another DPULO")
    stranger = make_user("stranger@x.example", roles.AUTHOR, other_dpulo)
    section = drafting.template_version.sections.first()
    client = signed_in(client, stranger)
    assert client.get(url("case-study", drafting)).status_code == 404
    assert client.get(url("answer", drafting, section.key)).status_code == 404
    assert client.post(url("answer", drafting, section.key), {"text": "x"}).status_code == 404
    assert drafting.title not in client.get(reverse("casestudies:list")).content.decode()
    client = signed_in(client, author)
    assert drafting.title in client.get(reverse("casestudies:list")).content.decode()


def test_a_proposed_case_study_is_hidden_from_its_dpulo(client, proposed, author):
    client = signed_in(client, author)
    assert client.get(url("case-study", proposed)).status_code == 404
    assert proposed.title not in client.get(reverse("casestudies:list")).content.decode()


def test_over_the_word_limit_the_answer_is_kept_and_explained(client, drafting, author):
    client = signed_in(client, author)
    section = drafting.template_version.sections.first()
    too_long = " ".join(["word"] * (section.word_limit + 3))
    response = client.post(url("answer", drafting, section.key), {"text": too_long, "version": "0"})
    page = response.content.decode()
    assert "which is 3 too many" in page
    assert too_long in page  # nothing lost
    assert not Answer.objects.filter(case_study=drafting, text=too_long).exists()


def test_saving_moves_on_or_comes_back_later(client, drafting, author):
    client = signed_in(client, author)
    first, second = drafting.template_version.sections.all()[:2]
    response = client.post(url("answer", drafting, first.key), {"text": "Hello.", "version": "0"})
    assert response["Location"] == url("answer", drafting, second.key)
    response = client.post(
        url("answer", drafting, second.key), {"text": "Later.", "version": "0", "action": "later"}
    )
    assert response["Location"] == url("case-study", drafting)


def test_two_people_editing_one_section_the_second_sees_both(client, drafting, author, dpulo):
    colleague = make_user("colleague@x.example", roles.AUTHOR, dpulo, full_name="Jo Colleague")
    section = drafting.template_version.sections.first()
    signed_in(client, colleague).post(
        url("answer", drafting, section.key), {"text": "Version by Jo.", "version": "0"}
    )
    response = signed_in(client, author).post(
        url("answer", drafting, section.key), {"text": "Version by Alex.", "version": "0"}
    )
    page = response.content.decode()
    assert "Jo Colleague changed this section" in page
    assert "Version by Jo." in page
    assert "Version by Alex." in page
    assert response.context["form"].data["version"] == "1"
    assert Answer.objects.get(case_study=drafting, section=section).text == "Version by Jo."


def test_the_review_cycle_over_http(client, drafting, author, coordinator):
    write_everything(drafting, author)
    section = drafting.template_version.sections.first()
    author_client = signed_in(client, author)
    assert author_client.post(url("submit", drafting)).status_code == 302
    drafting.refresh_from_db()
    assert drafting.status == "in_review"
    late = author_client.post(
        url("answer", drafting, section.key), {"text": "A late thought.", "version": "1"}
    )
    assert "now in review, so your changes have not been saved" in late.content.decode()
    assert "A late thought." in late.content.decode()  # kept on the page to copy
    assert not Answer.objects.filter(text="A late thought.").exists()

    coordinator_client = signed_in(client, coordinator)
    added = coordinator_client.post(
        url("comment", drafting, section.key), {"body": "Name the council."}
    )
    comment = Comment.objects.get(body="Name the council.")
    # Back on the section's page, the new comment takes focus.
    assert added["Location"] == url("answer", drafting, section.key) + f"?added={comment.pk}"
    page = coordinator_client.get(added["Location"]).content.decode()
    assert f'id="comment-{comment.pk}" tabindex="-1" autofocus' in page
    # The review page shows each section's text with its comments beside it.
    review = coordinator_client.get(url("review", drafting)).content.decode()
    assert f'id="review-{section.key}-comments">Comments on' in review
    assert "Name the council." in review.split(f'id="review-{section.key}-comments"')[1]
    empty = coordinator_client.post(url("comment", drafting, section.key), {"body": ""})
    assert empty.status_code == 400
    assert "Enter your comment" in empty.content.decode()
    refused = coordinator_client.post(url("review", drafting), {"decision": "request_changes"})
    assert "Tell the author what needs to change" in refused.content.decode()
    coordinator_client.post(
        url("review", drafting), {"decision": "request_changes", "note": "See my comment."}
    )
    drafting.refresh_from_db()
    assert drafting.status == "changes_requested"

    author_client = signed_in(client, author)
    page = author_client.get(url("answer", drafting, section.key)).content.decode()
    assert "Name the council." in page
    author_client.post(url("comment", drafting, section.key), {"body": "Done: Northgate."})
    answer = Answer.objects.get(case_study=drafting, section=section)
    author_client.post(
        url("answer", drafting, section.key),
        {"text": "Northgate City Council reserved it.", "version": answer.version},
    )
    author_client.post(url("submit", drafting))
    signed_in(client, coordinator).post(url("review", drafting), {"decision": "approve"})
    drafting.refresh_from_db()
    assert drafting.status == "approved"
    assert Comment.objects.filter(case_study=drafting).count() == 2


def test_submitting_too_early_lists_what_is_missing(client, drafting, author):
    response = signed_in(client, author).post(url("submit", drafting))
    assert response.status_code == 400
    assert "Answer “How the commissioner and the DPULO worked together”" in (
        response.content.decode()
    )


def test_comparing_two_versions_marks_the_differences_in_words(client, drafting, author):
    client = signed_in(client, author)
    section = drafting.template_version.sections.first()
    client.post(
        url("answer", drafting, section.key), {"text": "The old council plan.", "version": 0}
    )
    client.post(
        url("answer", drafting, section.key), {"text": "The new council plan.", "version": 1}
    )
    response = client.get(url("compare", drafting, section.key) + "?from=1&to=2")
    page = response.content.decode()
    assert '<span class="govuk-visually-hidden">[removed: </span>old' in page
    assert '<span class="govuk-visually-hidden">[added: </span>new' in page
    assert "1 word added and 1 word removed" in page
    bad = client.get(url("compare", drafting, section.key) + "?from=1&to=1")
    assert bad.status_code == 400
    assert "Choose two different versions" in bad.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "return", "value": "4"}, "a return needs both sides"),
        ({"unit": "other", "value": "4"}, "Enter the unit"),
        ({"unit": "people", "value": "lots"}, "Enter the value as a number"),
        ({"unit": "people", "value": "4", "source": ""}, "Enter the source of this figure"),
        ({"unit": "people", "value": "4", "evidence": ""}, "Select how this outcome is known"),
    ],
)
def test_outcomes_are_validated(client, drafting, author, data, message):
    form = {"label": "Savings", "source": "Council evaluation", "evidence": "2", **data}
    response = signed_in(client, author).post(url("outcome-new", drafting), form)
    assert message in response.content.decode()
    assert Outcome.objects.count() == 0


def test_an_outcome_is_added_and_shown(client, drafting, author):
    client = signed_in(client, author)
    client.post(
        url("outcome-new", drafting),
        {
            "label": "Savings",
            "unit": "return",
            "value": "4",
            "invested": "1",
            "source": "SROI",
            "evidence": "3",
            "assured": "on",
        },
    )
    page = client.get(url("case-study", drafting)).content.decode()
    assert "£4 saved for every £1 invested" in page
    assert "How it is known: Level 3: compared" in html.unescape(page)
    assert "Independently assured" in page


def test_scripts_in_answers_never_reach_the_page(client, drafting, author):
    client = signed_in(client, author)
    section = drafting.template_version.sections.first()
    client.post(
        url("answer", drafting, section.key),
        {"text": "<script>alert(1)</script> [x](javascript:alert(1))", "version": 0},
    )
    page = client.get(url("text", drafting)).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page.lower()


def test_sign_off_by_the_dpulo_and_the_commissioner(
    client, approved, author, coordinator, django_capture_on_commit_callbacks
):
    client = signed_in(client, author)
    refused = client.post(url("sign-off", approved), {"name": "Alex", "role": "Chair"})
    assert "Confirm that you agree" in refused.content.decode()
    digest = shown_digest(client, url("sign-off", approved))
    client.post(
        url("sign-off", approved),
        {"name": "Alex", "role": "Chair", "confirm": "on", "digest": digest},
    )
    assert SignOff.objects.get().method == "portal"

    client = signed_in(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("sign-off-request", approved))
    path = re.search(r"/case-studies/sign-off/[\w-]+/", mail.outbox[-1].body)[0]
    client.logout()
    page = client.get(path).content.decode()
    assert "Our answer about" in page  # the exact text they approve
    response = client.post(
        path,
        {
            "name": "Pat Jones",
            "role": "Head of commissioning",
            "confirm": "on",
            "digest": shown_digest(client, path),
        },
    )
    assert "you have signed off" in response.content.decode()
    assert client.get(path).status_code == 410
    assert SignOff.objects.filter(voided_at__isnull=True).count() == 2


def test_the_coordinator_can_record_a_sign_off_given_by_email(client, approved, coordinator):
    client = signed_in(client, coordinator)
    response = client.post(url("sign-off-record", approved), {"party": "commissioner"})
    assert "Say how they signed off" in response.content.decode()
    client.post(
        url("sign-off-record", approved),
        {
            "party": "commissioner",
            "name": "Pat",
            "role": "Head",
            "evidence": "Email of 3 March",
            "digest": shown_digest(client, url("sign-off-record", approved)),
        },
    )
    record = SignOff.objects.get()
    assert (record.method, record.evidence, record.recorded_by) == (
        "recorded",
        "Email of 3 March",
        coordinator,
    )


def test_a_stale_change_to_an_outcome_is_refused(client, drafting, author, dpulo):
    fields = {
        "label": "People reached",
        "unit": "people",
        "value": "100",
        "source": "Records",
        "evidence": "2",
    }
    writing_client = signed_in(client, author)
    writing_client.post(url("outcome-new", drafting), fields)
    edit = url("outcome", drafting, 1)
    opened_as = writing_client.get(edit).context["opened_as"]
    colleague = make_user("colleague2@x.example", roles.AUTHOR, dpulo)
    other = Client()
    other.force_login(colleague)
    other.post(edit, {**fields, "value": "250", "opened_as": opened_as})
    refused = writing_client.post(edit, {**fields, "value": "120", "opened_as": opened_as})
    page = refused.content.decode()
    assert "Someone else changed this outcome" in page
    assert "250 people" in page  # theirs, shown
    assert Outcome.objects.get().value == 250
    writing_client.post(edit, {**fields, "value": "120", "opened_as": refused.context["opened_as"]})
    assert Outcome.objects.get().value == 120


def test_an_outcome_typed_after_the_case_study_was_submitted_is_kept_on_the_page(
    client, in_review, author
):
    response = signed_in(client, author).post(
        url("outcome-new", in_review),
        {
            "label": "People reached",
            "unit": "people",
            "value": "640",
            "source": "Records",
            "evidence": "2",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This case study is in review, so you cannot change it now" in page
    assert 'value="People reached"' in page
    assert not Outcome.objects.filter(label="People reached").exists()


def test_declining_without_a_reason_explains_itself(client, proposed, coordinator):
    response = signed_in(client, coordinator).post(url("decline", proposed), {"reason": " "})
    assert "Say why the case study is declined" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_the_commissioner_must_confirm_and_keeps_what_they_typed(
    client, approved, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(client, coordinator).post(url("sign-off-request", approved))
    path = re.search(r"/case-studies/sign-off/[\w-]+/", mail.outbox[-1].body)[0]
    client.logout()
    response = client.post(path, {"name": "Pat Jones", "role": ""})
    page = response.content.decode()
    assert "Enter your role" in page
    assert "Confirm that you agree to publish this text" in page
    assert 'value="Pat Jones"' in page
    assert not SignOff.objects.exists()


def test_a_sign_off_line_reads_as_one_sentence(client, coordinator, dpulo):
    """ "Signed off by Pat, Head, at 4:05pm on Thursday 3 December 2026, recorded by the
    coordinator from an email, letter or call": no "on … on", no brackets inside brackets."""
    from tests.collection.conftest import signed_off

    case_study = signed_off("A sentence", dpulo=dpulo, coordinator=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("casestudies:case-study", args=[case_study.pk])).content.decode()
    line = re.search(r"Signed off by Pat, Head, ([^<]+)</dd>", html).group(1)
    assert re.fullmatch(
        r"at \d{1,2}(:\d\d)?[ap]m on \w+day \d{1,2} \w+ \d{4}, recorded by the coordinator "
        r"from an email, letter or call",
        line,
    ), line


def test_the_list_says_whose_sign_off_is_awaited_who_writes_and_sorts(client, coordinator, dpulo):
    from django.utils import timezone

    from collection import editions
    from tests.collection.conftest import signed_off

    published = signed_off("Alpha, published", dpulo=dpulo, coordinator=coordinator)
    both = signed_off("Beta, signed off", dpulo=dpulo, coordinator=coordinator)
    waiting = signed_off("Gamma, waiting", dpulo=dpulo, coordinator=coordinator)
    waiting.sign_offs.filter(party=SignOff.Party.COMMISSIONER).update(voided_at=timezone.now())
    edition = editions.create("An edition", by=coordinator)
    editions.add(edition, published)
    editions.publish(edition, by=coordinator)
    CaseStudy.objects.filter(pk=both.pk).update(updated_at=timezone.now())  # the latest change

    client.force_login(coordinator)
    page = client.get(reverse("casestudies:list"))
    from html import unescape

    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())
    assert "Alpha, published Northgate Disabled People's Forum" in text
    assert "Approved Published" in text
    assert "Approved Signed off by both, ready to publish" in text
    assert "Approved Waiting for the commissioner to sign off" in text
    assert "Author" in text
    assert "Last change" in text
    by_change = client.get(reverse("casestudies:list"), {"sort": "changed"})
    titles = [c.title for c in by_change.context["page"].object_list]
    assert titles[0] == "Beta, signed off"
    assert 'aria-sort="descending"' in by_change.content.decode()
    unknown = client.get(reverse("casestudies:list"), {"sort": "evil"})
    assert [c.title for c in unknown.context["page"].object_list] == sorted(titles)


def test_every_page_asks_one_rule_whether_a_sign_off_still_counts(client, coordinator, dpulo):
    """A change made around the services (here the DPULO renamed straight in the database, as
    the admin could) voids nothing, yet the signed content is no longer what would be
    published: the list, the editions page and the home page all say the sign-offs are
    awaited again, as publishing would."""
    from html import unescape

    from collection import editions
    from tests.collection.conftest import signed_off
    from tests.pages.test_home import _steps

    case_study = signed_off("Signed, then renamed", dpulo=dpulo, coordinator=coordinator)
    client.force_login(coordinator)

    def pages():
        listed = client.get(reverse("casestudies:list")).content.decode()
        manage = client.get(reverse("collection:manage")).content.decode()
        home = _steps(client.get(reverse("pages:home")).content.decode())
        return (
            unescape(" ".join(re.sub(r"<[^>]+>", " ", listed).split())),
            unescape(" ".join(re.sub(r"<[^>]+>", "", manage).split())),
            (home["Sign-offs waiting"], home["Case studies ready to publish"]),
        )

    listed, manage, home = pages()
    assert "Signed off by both, ready to publish" in listed
    assert case_study.title not in manage.split("not ready yet")[-1]
    assert home == ("Nothing to do", "1 to do")
    assert [c.pk for c in editions.ready_for_publication()] == [case_study.pk]

    dpulo.__class__.objects.filter(pk=dpulo.pk).update(name="Renamed around the services")
    assert case_study.sign_offs.filter(voided_at__isnull=True).count() == 2  # nothing voided

    listed, manage, home = pages()
    assert "Waiting for the DPULO and the commissioner to sign off" in listed
    assert "Signed off by both" not in listed
    assert f"{case_study.title}: Waiting for the DPULO and the commissioner to sign off" in manage
    assert home == ("1 to do", "Nothing to do")
    assert editions.ready_for_publication() == []
