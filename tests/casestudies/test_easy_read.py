"""The Easy Read version of a case study: asked for by the template, written as points with
pictures and a glossary, checked, covered by the sign-off, and published in every format."""

import io
import json
import re

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from casestudies import content, scoping, services, signoff, workflow, writing
from casestudies.models import EasyReadPoint, HardWord, SignOff, Template
from collection import editions
from collection.models import Format, PublishedCaseStudy
from demo import easy_read as demo_easy_read
from tests.casestudies.conftest import scope, write_everything
from tests.collection.test_formats import text_sizes
from tests.collection.test_printing import struct_elements

pytestmark = pytest.mark.django_db


def png(colour=(0, 112, 60), size=(80, 60), exif=None):
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.save(out, format="JPEG" if exif else "PNG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def upload(data=None, name="picture.png"):
    return SimpleUploadedFile(name, data if data is not None else png(), content_type="image/png")


@pytest.fixture
def easy_template(template):
    return Template.objects.get(slug=demo_easy_read.TEMPLATE_SLUG)


@pytest.fixture
def writing_easy(easy_template, dpulo, coordinator, author, django_capture_on_commit_callbacks):
    case_study = scoping.propose(
        scope(dpulo, title="Easy Read in Northgate"), template=easy_template, by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        scoping.agree(case_study, author_name="Alex", author_email=author.email, by=coordinator)
    case_study.author = author
    case_study.save(update_fields=["author"])
    assert case_study.template_version.asks_for_easy_read
    return case_study


def signed(case_study, author, coordinator):
    write_everything(case_study, author)
    workflow.transition(case_study, "submit", by=author)
    workflow.transition(case_study, "approve", by=coordinator)
    for party in SignOff.Party.values:
        signoff.record(case_study, party, name="Pat", role="Head", method="recorded")
    assert signoff.is_signed_off(case_study)
    return case_study


# The template asks.


def test_the_coordinator_chooses_in_the_template_editor_whether_a_version_asks(
    client, template, coordinator
):
    client.force_login(coordinator)
    url = reverse("casestudies:template-easy-read", args=[template.slug])
    response = client.post(url, {"asks_for_easy_read": "yes"})
    assert response.status_code == 302
    draft = template.draft()
    assert draft.asks_for_easy_read
    assert [c.summary for c in services.changes_between(template.latest_published(), draft)] == [
        "Asks for an Easy Read version"
    ]
    services.publish(draft, by=coordinator)
    # The next draft starts from what was published.
    assert services.draft_for(template).asks_for_easy_read


def test_a_case_study_whose_template_does_not_ask_has_no_easy_read_pages(client, drafting, author):
    client.force_login(author)
    assert client.get(reverse("casestudies:easy-read", args=[drafting.pk])).status_code == 404
    with pytest.raises(writing.WritingError, match="does not ask for an Easy Read version"):
        writing.add_point(drafting, point_text="We met.", by=author)


def test_it_cannot_be_submitted_without_an_easy_read_version(writing_easy, author):
    write_everything(writing_easy, author)
    from casestudies.workflow import problems_before_submitting

    assert [problem for _, problem in problems_before_submitting(writing_easy)] == [
        "Write the Easy Read version"
    ]
    writing.add_point(writing_easy, point_text="We met.", by=author)
    assert problems_before_submitting(writing_easy) == []


def test_an_undescribed_picture_is_pointed_out_before_submitting_and_stops_approval(
    client, writing_easy, author, coordinator
):
    write_everything(writing_easy, author)
    writing.add_point(writing_easy, point_text="We met.", by=author)
    writing.add_point(
        writing_easy, point_text="We talked.", picture=upload(png()), picture_alt="", by=author
    )
    client.force_login(author)
    page = client.get(reverse("casestudies:submit", args=[writing_easy.pk])).content.decode()
    assert "The Easy Read version has 2 things to check" in page
    assert "Point 1 has no picture" in page
    assert "The picture for point 2 is not described" in page
    assert "but it cannot be approved while a picture is not described" in page
    # Submitting is still allowed; approving is not, until the picture is described.
    client.post(reverse("casestudies:submit", args=[writing_easy.pk]))
    writing_easy.refresh_from_db()
    assert writing_easy.status == "in_review"
    client.force_login(coordinator)
    review = reverse("casestudies:review", args=[writing_easy.pk])
    refused = client.post(review, {"decision": "approve", "note": ""})
    assert "The Easy Read picture for point 2 is not described" in refused.content.decode()
    writing_easy.refresh_from_db()
    assert writing_easy.status == "in_review"


# Writing it.


def test_a_point_is_saved_with_a_clean_picture_that_only_its_readers_can_open(
    client, writing_easy, author, coordinator
):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    client.force_login(author)
    response = client.post(
        reverse("casestudies:easy-read-point-new", args=[writing_easy.pk]),
        {
            "text": "We met every month.",
            "picture": upload(png(exif=exif), "photo.jpg"),
            "picture_alt": "People at a meeting",
        },
    )
    assert response.status_code == 302
    point = EasyReadPoint.objects.get(case_study=writing_easy)
    assert (point.position, point.text, point.picture_alt) == (
        1,
        "We met every month.",
        "People at a meeting",
    )
    with point.picture.open("rb") as stored, Image.open(stored) as picture:
        assert dict(picture.getexif()) == {}
    picture_url = reverse("casestudies:easy-read-picture", args=[writing_easy.pk, 1])
    assert client.get(picture_url).status_code == 200
    client.force_login(coordinator)
    assert client.get(picture_url).status_code == 200
    client.logout()
    assert client.get(picture_url).status_code == 302  # to sign in


def test_a_file_that_is_not_a_picture_is_refused_and_the_words_are_kept(
    client, writing_easy, author
):
    client.force_login(author)
    response = client.post(
        reverse("casestudies:easy-read-point-new", args=[writing_easy.pk]),
        {
            "text": "We met every month.",
            "picture": upload(b"MZ\x90\x00 an executable", "picture.png"),
            "picture_alt": "People",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file is not a picture we can read" in page
    assert 'href="#id_picture"' in page
    assert "We met every month." in page
    assert not EasyReadPoint.objects.exists()


def test_every_problem_is_named_at_once_and_a_good_picture_is_asked_for_again(
    client, writing_easy, author
):
    client.force_login(author)
    url = reverse("casestudies:easy-read-point-new", args=[writing_easy.pk])
    both = client.post(url, {"text": "", "picture": upload(b"not a picture"), "picture_alt": ""})
    errors = both.context["form"].errors
    assert errors["text"] == ["Enter the point"]
    assert errors["picture"][0].startswith("The file is not a picture we can read")
    # A good picture with another problem: the browser cannot keep the file, so the page says.
    good = client.post(
        url, {"text": "", "picture": upload(png(), "meeting.png"), "picture_alt": "A meeting"}
    )
    page = good.content.decode()
    assert "picture" not in good.context["form"].errors
    assert "You chose “meeting.png”. It has not been saved because of the problem above" in page
    named = client.post(url, {"text": "", "picture": upload(png(), "<i>x.png")})
    assert "You chose “&lt;i&gt;x.png”" in named.content.decode()
    assert not EasyReadPoint.objects.exists()


def test_the_same_point_sent_twice_is_added_once(client, writing_easy, author):
    client.force_login(author)
    url = reverse("casestudies:easy-read-point-new", args=[writing_easy.pk])
    point = {"text": "We met.", "picture_alt": "A meeting"}
    first = client.post(url, {**point, "picture": upload(png())})
    again = client.post(url, {**point, "picture": upload(png())})
    assert first["Location"] == again["Location"]
    assert [p.text for p in writing_easy.easy_read_points.all()] == ["We met."]
    # A different point, or the same words after another point, is added.
    client.post(url, {"text": "We talked.", "picture_alt": ""})
    client.post(url, {**point, "picture": upload(png())})
    assert [p.text for p in writing_easy.easy_read_points.all()] == [
        "We met.",
        "We talked.",
        "We met.",
    ]


def test_a_pasted_point_is_never_cut_short_by_the_browser(client, writing_easy, author):
    """GOV.UK's character count, not maxlength: the server names a point that is too long."""
    client.force_login(author)
    url = reverse("casestudies:easy-read-point-new", args=[writing_easy.pk])
    page = client.get(url).content.decode()
    textarea = re.search(r"<textarea[^>]*>", page).group(0)
    assert "maxlength" not in textarea
    assert 'data-module="govuk-character-count" data-maxlength="400"' in page
    refused = client.post(url, {"text": "x" * 401, "picture_alt": ""})
    assert "A point must be 400 characters or fewer" in refused.context["form"].errors["text"][0]
    # A line break is one character, as the character count says, though a browser sends two.
    lines = "\r\n".join(["x" * 99] * 4)  # 396 letters and 3 line breaks: 399
    assert client.post(url, {"text": lines, "picture_alt": ""}).status_code == 302
    assert writing_easy.easy_read_points.get().text == lines.replace("\r\n", "\n")


def test_another_dpulos_author_cannot_reach_the_easy_read_pages(client, writing_easy, db):
    from accounts import roles
    from tests.conftest import make_organisation, make_user

    other = make_user("other@cs.example", roles.AUTHOR, make_organisation("Elsewhere DPULO"))
    writing.add_point(writing_easy, point_text="We met.", picture=upload(), by=writing_easy.author)
    client.force_login(other)
    for url in (
        reverse("casestudies:easy-read", args=[writing_easy.pk]),
        reverse("casestudies:easy-read-picture", args=[writing_easy.pk, 1]),
        reverse("casestudies:easy-read-point", args=[writing_easy.pk, 1]),
    ):
        assert client.get(url).status_code == 404


def test_the_page_lists_what_to_check_and_the_glossary_clears_a_hard_word(
    client, writing_easy, author
):
    HardWord.objects.update_or_create(
        word="procurement", defaults={"explanation": "How councils choose who to buy from."}
    )
    writing.add_point(
        writing_easy, point_text="The council changed its procurement rules.", by=author
    )
    client.force_login(author)
    url = reverse("casestudies:easy-read", args=[writing_easy.pk])
    page = client.get(url).content.decode()
    assert "Point 1 uses the hard word “procurement”" in page
    assert "How councils choose who to buy from." in page
    assert "Point 1 has no picture" in page
    assert "Reading ease:" in page
    response = client.post(
        reverse("casestudies:glossary-add", args=[writing_easy.pk]),
        {"word": "procurement", "explanation": "How councils choose who to buy from."},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "uses the hard word" not in page
    again = client.post(
        reverse("casestudies:glossary-add", args=[writing_easy.pk]),
        {"word": "Procurement", "explanation": "Again"},
    )
    assert "The glossary already explains “Procurement”" in again.content.decode()


def test_a_change_to_a_point_someone_else_saved_first_is_refused_and_shown(
    client, writing_easy, author, coordinator
):
    point = writing.add_point(writing_easy, point_text="We met.", by=author)
    client.force_login(author)
    url = reverse("casestudies:easy-read-point", args=[writing_easy.pk, 1])
    opened = client.get(url).context["opened_as"]
    writing.update_point(point, point_text="We met every week.", by=coordinator)
    response = client.post(
        url,
        {
            "text": "We met often.",
            "picture": upload(png(), "meeting.png"),
            "picture_alt": "",
            "opened_as": opened,
        },
    )
    assert response.status_code == 200
    assert "We met every week." in response.content.decode()
    # The picture chosen is not lost without a word when the save is refused.
    assert "You chose “meeting.png”" in response.content.decode()
    point.refresh_from_db()
    assert point.text == "We met every week."
    # The page now carries what is saved, so saving again replaces theirs knowingly.
    carried = response.context["form"]["opened_as"].value()
    assert carried != opened
    assert f'name="opened_as" value="{carried}"' in response.content.decode()
    again = client.post(url, {"text": "We met often.", "picture_alt": "", "opened_as": carried})
    assert again.status_code == 302
    point.refresh_from_db()
    assert point.text == "We met often."


def test_a_check_that_fails_keeps_what_the_page_was_opened_as(client, writing_easy, author):
    """Only a conflict refreshes the page's version: after any other error, someone else's
    change in between is still caught."""
    writing.add_point(writing_easy, point_text="We met.", by=author)
    client.force_login(author)
    url = reverse("casestudies:easy-read-point", args=[writing_easy.pk, 1])
    opened = client.get(url).context["opened_as"]
    response = client.post(url, {"text": "", "picture_alt": "", "opened_as": opened})
    assert response.status_code == 200
    assert f'name="opened_as" value="{opened}"' in response.content.decode()


def test_removing_a_point_that_moved_since_the_page_opened_removes_nothing(
    client, writing_easy, author
):
    for words in ["First.", "Second.", "Third."]:
        writing.add_point(writing_easy, point_text=words, by=author)
    client.force_login(author)
    url = reverse("casestudies:easy-read-point-remove", args=[writing_easy.pk, 2])
    asked = client.post(url)
    assert "Second." in asked.content.decode()
    opened = asked.context["opened_as"]
    # Meanwhile, in another tab, the first point goes: "Third." is now point 2.
    writing.remove_point(writing_easy.easy_read_points.get(position=1), by=author)
    refused = client.post(url, {"confirm": "yes", "opened_as": opened})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "<title>Error: Remove point 2" in page
    assert "This point has changed since you opened this page, so nothing has been removed" in page
    assert "Third." in page
    assert [p.text for p in writing_easy.easy_read_points.all()] == ["Second.", "Third."]
    # Confirming what the page now shows removes it.
    done = client.post(url, {"confirm": "yes", "opened_as": refused.context["opened_as"]})
    assert done.status_code == 302
    assert [p.text for p in writing_easy.easy_read_points.all()] == ["Second."]


def test_removing_a_point_another_request_removed_a_moment_before_is_refused_not_an_error(
    writing_easy, author
):
    point = writing.add_point(writing_easy, point_text="Gone.", by=author)
    EasyReadPoint.objects.filter(pk=point.pk).delete()  # the first of two quick clicks
    with pytest.raises(writing.WritingError, match="That point has already been removed"):
        writing.remove_point(point, by=author)


# Signing it off and publishing it.


def test_the_sign_off_covers_the_words_the_pictures_and_the_glossary(
    writing_easy, author, coordinator
):
    point = writing.add_point(
        writing_easy, point_text="We met.", picture=upload(), picture_alt="A meeting", by=author
    )
    signed(writing_easy, author, coordinator)
    shown = content.publishable(writing_easy)
    assert shown.easy_read == [
        {"text": "We met.", "picture_sha256": point.picture_sha256, "picture_alt": "A meeting"}
    ]
    workflow_status = writing_easy.status
    # A new picture of the same point, the same words: the sign-off no longer counts.
    writing_easy.status = "drafting"
    writing_easy.save(update_fields=["status"])
    writing.update_point(
        point,
        point_text="We met.",
        picture=upload(png((200, 0, 0))),
        picture_alt="A meeting",
        by=coordinator,
    )
    writing_easy.status = workflow_status
    writing_easy.save(update_fields=["status"])
    assert signoff.live(writing_easy) == []


def test_without_an_easy_read_version_the_fingerprint_is_what_it_was(drafting):
    shown = content.publishable(drafting)
    before = {k: v for k, v in shown.as_dict().items() if k not in ("easy_read", "glossary")}
    import hashlib

    expected = hashlib.sha256(
        json.dumps(before, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    assert content.fingerprint(shown) == expected


@pytest.fixture
def published_easy(writing_easy, author, coordinator, django_capture_on_commit_callbacks):
    writing.add_point(
        writing_easy,
        point_text="The council paid for advocates.",
        picture=upload(),
        picture_alt="Two people talking",
        by=author,
    )
    writing.add_point(
        writing_easy,
        point_text="People waited less.",
        picture=upload(png((255, 221, 0))),
        picture_alt="A clock",
        by=author,
    )
    writing.add_glossary_entry(
        writing_easy, word="advocate", explanation="Someone who speaks up with you.", by=author
    )
    signed(writing_easy, author, coordinator)
    edition = editions.create("Easy Read edition", by=coordinator)
    editions.add(edition, writing_easy)
    with django_capture_on_commit_callbacks(execute=True):
        editions.publish(edition, by=coordinator)
    edition.refresh_from_db()
    return edition


def test_publishing_freezes_the_easy_read_version_and_its_pictures(
    client, published_easy, writing_easy, author
):
    copy = PublishedCaseStudy.objects.get(edition=published_easy)
    assert [p["text"] for p in copy.easy_read] == [
        "The council paid for advocates.",
        "People waited less.",
    ]
    assert copy.glossary == [{"word": "advocate", "explanation": "Someone who speaks up with you."}]
    assert set(copy.easy_read_pictures) == {p["picture_sha256"] for p in copy.easy_read}
    page = client.get(reverse("collection:easy-read", args=[published_easy.slug, copy.slug]))
    html = page.content.decode()
    assert 'alt="Two people talking"' in html
    assert "Words to know" in html
    sha = copy.easy_read[0]["picture_sha256"]
    picture = client.get(
        reverse("collection:easy-read-picture", args=[published_easy.slug, copy.slug, sha])
    )
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png"
    # Only a picture the published version shows.
    assert (
        client.get(
            reverse("collection:easy-read-picture", args=[published_easy.slug, copy.slug, "0" * 64])
        ).status_code
        == 404
    )
    # A later change to the case study's picture does not change the published one.
    EasyReadPoint.objects.filter(case_study=writing_easy).first().picture.delete()
    again = client.get(
        reverse("collection:easy-read-picture", args=[published_easy.slug, copy.slug, sha])
    )
    assert again.status_code == 200


def test_the_easy_read_pdfs_are_tagged_with_nothing_under_16_points(
    client, published_easy, tmp_path
):
    import pdfua
    from pypdf import PdfReader

    copy = PublishedCaseStudy.objects.get(edition=published_easy)
    for found in Format.objects.filter(edition=published_easy, kind=Format.Kind.EASY_READ):
        data = found.file.read()
        sizes = text_sizes(data)
        assert min(size for _, size, *_ in sizes) >= 16
        # A glossary word is printed in bold, a run of text of its own: "advocates" "."
        words = re.sub(r" (?=[.,!?])", "", " ".join(text for *_, text in sizes))
        assert "The council paid for advocates." in words
        assert "Someone who speaks up with you." in words
        reader = PdfReader(io.BytesIO(data))
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"
        path = tmp_path / "easy.pdf"
        path.write_bytes(data)
        report = pdfua.validate(str(path))
        assert not [each for each in report.findings if each.severity == pdfua.Severity.ERROR]
        # Each picture is a tagged figure with its alternative text.
        with pikepdf.open(io.BytesIO(data)) as pdf:
            figures = [
                str(each.get("/Alt"))
                for each in struct_elements(pdf)
                if each.get("/S") == "/Figure"
            ]
        assert figures == ["Two people talking", "A clock"]
    assert Format.objects.filter(edition=published_easy, kind="easy-read").count() == 2
    page = client.get(reverse("collection:case-study", args=[published_easy.slug, copy.slug]))
    assert "Read this case study in Easy Read" in page.content.decode()
    assert "Download this case study in Easy Read" in page.content.decode()


# The coordinator's hard words.


def test_the_coordinator_keeps_the_list_of_hard_words(client, coordinator, author):
    client.force_login(author)
    assert client.get(reverse("casestudies:hard-words")).status_code == 403
    client.force_login(coordinator)
    url = reverse("casestudies:hard-words")
    response = client.post(url, {"word": "  Ring-Fenced ", "explanation": "An offer to do work."})
    assert response.status_code == 302
    word = HardWord.objects.get(word="ring-fenced")
    duplicate = client.post(url, {"word": "RING-FENCED", "explanation": "Again"})
    assert "That word is already on the list" in duplicate.content.decode()
    edit = reverse("casestudies:hard-word", args=[word.pk])
    opened = client.get(edit).context["form"].initial["opened_as"]
    client.post(
        edit,
        {"word": "ring-fenced", "explanation": "A price offered for work.", "opened_as": opened},
    )
    word.refresh_from_db()
    assert word.explanation == "A price offered for work."
    asked = client.post(edit, {"action": "remove"})
    assert "Are you sure you want to remove “ring-fenced”" in asked.content.decode()
    client.post(edit, {"action": "remove", "confirm": "yes"})
    assert not HardWord.objects.filter(word="ring-fenced").exists()


def test_a_picture_over_5_mb_is_refused_before_it_is_read_and_the_words_are_kept(
    client, writing_easy, author
):
    client.force_login(author)
    big = upload(b"\x89PNG" + b"0" * (6 * 1024 * 1024), "huge.png")
    response = client.post(
        reverse("casestudies:easy-read-point-new", args=[writing_easy.pk]),
        {"text": "We met every month.", "picture": big, "picture_alt": "People"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The picture must be smaller than 5 MB" in page
    assert "We met every month." in page
    assert not EasyReadPoint.objects.exists()


def test_a_glossary_word_is_removed_only_once_the_author_is_sure(client, writing_easy, author):
    entry = writing.add_glossary_entry(
        writing_easy, word="advocate", explanation="Someone who speaks up with you.", by=author
    )
    client.force_login(author)
    url = reverse("casestudies:glossary-remove", args=[writing_easy.pk, entry.pk])
    asked = client.post(url)
    assert "Are you sure you want to remove “advocate” from the glossary?" in asked.content.decode()
    assert writing_easy.glossary.exists()
    client.post(url, {"confirm": "yes"})
    assert not writing_easy.glossary.exists()
