"""The answer text: the Markdown subset, its cleaning, word counts and comparisons."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils.safestring import SafeString

from casestudies import text
from casestudies.text import Change, Counts, compare, compare_sides, counts, plain, render


class TagParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(output):
    """The start tags in ``output`` with their attributes, entities decoded."""
    parser = TagParser()
    parser.feed(output)
    parser.close()
    return parser.found


def hrefs(output):
    return [attrs["href"] for _, attrs in tags(output) if "href" in attrs]


# Rendering


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_text_renders_as_an_empty_safe_string(empty):
    output = render(empty)
    assert output == ""
    assert isinstance(output, SafeString)


def test_render_returns_a_safe_string():
    assert isinstance(render("Hello"), SafeString)


def test_blank_lines_split_paragraphs_and_single_newlines_do_not():
    assert render("First line\nsame paragraph\n\nSecond paragraph") == (
        '<p class="govuk-body">First line\nsame paragraph</p>\n'
        '<p class="govuk-body">Second paragraph</p>'
    )


def test_bullet_list():
    assert render("- one\n- two") == (
        '<ul class="govuk-list govuk-list--bullet">\n<li>one</li>\n<li>two</li>\n</ul>'
    )


def test_numbered_list():
    assert render("1. one\n2. two") == (
        '<ol class="govuk-list govuk-list--number">\n<li>one</li>\n<li>two</li>\n</ol>'
    )


def test_paragraphs_inside_a_loose_list_get_the_body_class():
    assert render("- one\n\n- two") == (
        '<ul class="govuk-list govuk-list--bullet">\n'
        '<li>\n<p class="govuk-body">one</p>\n</li>\n'
        '<li>\n<p class="govuk-body">two</p>\n</li>\n'
        "</ul>"
    )


def test_links_get_the_govuk_class_and_rel():
    assert render("See [the guide](https://www.gov.uk/guide) now") == (
        '<p class="govuk-body">See <a href="https://www.gov.uk/guide" class="govuk-link"'
        ' rel="noopener noreferrer">the guide</a> now</p>'
    )


def test_mailto_links_are_kept():
    assert hrefs(render("[Write to us](mailto:team@example.org)")) == ["mailto:team@example.org"]


def test_link_titles_are_dropped():
    output = render('[guide](https://www.gov.uk/ "A title")')
    assert "title" not in output
    assert hrefs(output) == ["https://www.gov.uk/"]


def test_script_typed_by_an_author_is_shown_as_text():
    output = render("<script>alert(1)</script>")
    assert "<script" not in output.lower()
    assert [tag for tag, _ in tags(output)] == ["p"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output


def test_an_image_tag_typed_by_an_author_is_shown_as_text():
    output = render("<img src=x onerror=alert(1)>")
    assert "<img" not in output.lower()
    assert [tag for tag, _ in tags(output)] == ["p"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in output


def test_an_author_cannot_add_attributes_or_classes():
    output = render(
        '<p class="evil" onclick="x()">hi</p>\n\n<a class="evil" href="https://x">x</a>'
    )
    assert tags(output) == [("p", {"class": "govuk-body"}), ("p", {"class": "govuk-body"})]
    assert "&lt;a class=" in output


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript&#x3A;alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](  javascript:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](java\tscript:alert(1))",
        "[x](java\nscript:alert(1))",
        "[x](\x01javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](VBScript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](DATA:text/html,<script>alert(1)</script>)",
    ],
)
def test_dangerous_links_never_get_an_href(source):
    output = render(source)
    for href in hrefs(output):
        assert not re.search(r"javascript|vbscript|data:", href, re.IGNORECASE), href
    assert "<script" not in output.lower()


@pytest.mark.parametrize(
    "source", ["[x](java%0ascript:alert(1))", "[x](javascript%3Aalert(1))", "[x](java&#9;script:x)"]
)
def test_encoded_schemes_stay_relative_urls_without_a_scheme(source):
    [href] = hrefs(render(source))
    assert urlsplit(href).scheme == ""


def test_image_data_links_lose_their_href():
    # markdown-it lets data:image/png through; nh3 does not.
    assert render("[x](data:image/png;base64,AAAA)") == (
        '<p class="govuk-body"><a class="govuk-link" rel="noopener noreferrer">x</a></p>'
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,x"]
)
def test_nh3_refuses_dangerous_links_even_if_the_parser_let_them_through(monkeypatch, url):
    monkeypatch.setattr(text._parser, "validateLink", lambda url: True)
    assert render(f"[x]({url})") == (
        '<p class="govuk-body"><a class="govuk-link" rel="noopener noreferrer">x</a></p>'
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Heading", '<p class="govuk-body"># Heading</p>'),
        ("Title\n=====", '<p class="govuk-body">Title\n=====</p>'),
        ("**bold** _em_ `code`", '<p class="govuk-body">**bold** _em_ `code`</p>'),
        ("> quoted", '<p class="govuk-body">&gt; quoted</p>'),
        ("```\nfenced\n```", '<p class="govuk-body">```\nfenced\n```</p>'),
        ("    indented code", '<p class="govuk-body">indented code</p>'),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |",
            '<p class="govuk-body">| a | b |\n|---|---|\n| 1 | 2 |</p>',
        ),
        ("---", '<p class="govuk-body">---</p>'),
        ("<b>bold</b>", '<p class="govuk-body">&lt;b&gt;bold&lt;/b&gt;</p>'),
        ("<https://example.org>", '<p class="govuk-body">&lt;https://example.org&gt;</p>'),
        ("https://example.org", '<p class="govuk-body">https://example.org</p>'),
    ],
)
def test_markdown_outside_the_subset_stays_text(source, expected):
    assert render(source) == expected


def test_images_are_not_rendered():
    output = render("![a chart](http://x/y.png)")
    assert "<img" not in output
    assert all(tag != "img" and "src" not in attrs for tag, attrs in tags(output))


# Plain text


def test_plain_drops_syntax_and_keeps_link_text():
    source = "Read [the guide](https://example.org/guide) now.\n\n- one\n- two\n\n1. three"
    assert plain(source) == "Read the guide now. one two three"


def test_plain_is_text_not_html():
    assert plain("Fish & chips <b>x</b>") == "Fish & chips <b>x</b>"


@pytest.mark.parametrize("empty", [None, "", "  \n\n "])
def test_plain_of_nothing_is_empty(empty):
    assert plain(empty) == ""


# Word count


@pytest.mark.parametrize(
    "source",
    [
        "One two three",
        "- one\n- two\n\n1. three",
        "  lots   of\n\n\n\tspace  ",
        "[a link](https://example.org) and # a heading",
        "Words,separated,by,commas only",
    ],
)
def test_word_count_matches_a_whitespace_split_of_what_was_typed(source):
    assert text.word_count(source) == len(source.split())


def test_word_count_counts_markdown_symbols_as_words():
    assert text.word_count("- one\n-  two\n\n1. three") == 6


@pytest.mark.parametrize("empty", [None, "", " \n\t "])
def test_word_count_of_nothing_is_zero(empty):
    assert text.word_count(empty) == 0


def test_word_count_splits_where_javascript_does():
    # JavaScript's \s includes the byte order mark and not the information separators.
    assert text.word_count("a\ufeffb") == 2
    assert text.word_count("a\x1cb") == 1
    assert text.word_count("a\u00a0b\u2003c") == 3


# Comparison


def test_compare_marks_removed_and_added_words():
    old = "The quick brown fox.\n\nIt jumped."
    new = "The slow brown fox.\n\nIt jumped over the fence."
    assert compare(old, new) == [
        Change("same", "The "),
        Change("removed", "quick"),
        Change("added", "slow"),
        Change("same", " brown fox.\n\nIt "),
        Change("removed", "jumped."),
        Change("added", "jumped over the fence."),
    ]


def test_compare_keeps_a_rewritten_phrase_in_one_run():
    assert compare("a b c", "x y z") == [Change("removed", "a b c"), Change("added", "x y z")]


def test_compare_identical_texts_gives_only_same():
    source = "- one\n- two\n\nSame words."
    assert compare(source, source) == [Change("same", source)]


def test_compare_from_nothing_is_all_added():
    assert compare("", "New answer\n\ntext") == [Change("added", "New answer\n\ntext")]
    assert compare(None, "New") == [Change("added", "New")]


def test_compare_to_nothing_is_all_removed():
    assert compare("Old answer", "") == [Change("removed", "Old answer")]


def test_compare_sides_splits_the_diff_for_each_version():
    left, right = compare_sides("the quick brown fox", "the slow brown fox jumps")
    assert left == [
        Change("same", "the "),
        Change("removed", "quick"),
        Change("same", " brown fox"),
    ]
    assert right == [
        Change("same", "the "),
        Change("added", "slow"),
        Change("same", " brown fox"),
        Change("added", " jumps"),
    ]
    assert "".join(change.text for change in left) == "the quick brown fox"
    assert "".join(change.text for change in right) == "the slow brown fox jumps"


def test_counts_words_added_and_removed():
    changes = compare("the quick brown fox", "the slow brown fox jumps over")
    assert counts(changes) == Counts(added=3, removed=1)
    assert counts(compare("same", "same")) == Counts(added=0, removed=0)


def test_changes_are_frozen():
    change = Change("same", "x")
    with pytest.raises(AttributeError):
        change.text = "y"
