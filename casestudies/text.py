"""Case-study answer text: what authors type, in a small Markdown subset.

Answers are written in a textarea, so authors get paragraphs, bullet and numbered lists and
links, and nothing else: headings, images, tables, code and raw HTML stay as the text that was
typed. The rendered HTML is cleaned by nh3 as well, so an answer can never carry markup, a
script or a ``javascript:`` link of its own, whatever the parser lets through.
"""

import difflib
import html
import re
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

# The GOV.UK class each rendered element gets. An author cannot add classes of their own:
# raw HTML is off and Markdown has no syntax for attributes.
GOVUK_CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "link_open": "govuk-link",
}

ALLOWED_TAGS = {"p", "ul", "ol", "li", "a"}
# "*": nothing on every tag, which also drops the title and lang that nh3 keeps by default.
ALLOWED_ATTRIBUTES = {
    "*": set(),
    "a": {"href", "class"},
    "ul": {"class"},
    "ol": {"class"},
    "p": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _add_govuk_classes(state: StateCore) -> None:
    for token in state.tokens:
        for each in [token, *(token.children or [])]:
            if each.type in GOVUK_CLASSES:
                each.attrSet("class", GOVUK_CLASSES[each.type])


_parser = MarkdownIt("zero", {"html": False}).enable(["paragraph", "list", "link"])
_parser.core.ruler.push("govuk_classes", _add_govuk_classes)


def _html(text: str | None) -> str:
    """The cleaned HTML for ``text``, without the trailing newline."""
    if not text:
        return ""
    return nh3.clean(
        _parser.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def render(text: str | None) -> SafeString:
    """The answer as GOV.UK-styled HTML, safe to put in a page."""
    return mark_safe(_html(text))  # noqa: S308  cleaned by nh3 against a short allow-list


def plain(text: str | None) -> str:
    """The answer with its Markdown syntax removed: link text is kept, URLs are dropped."""
    stripped = html.unescape(nh3.clean(_html(text), tags=set()))
    return " ".join(stripped.split())


# JavaScript's \s: what the browser's counter splits on (Python's \s differs at the edges).
_JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WORD = re.compile(f"[^{_JS_WHITESPACE}]+")


def word_count(text: str | None) -> int:
    """Words as the GOV.UK character count component counts them (``text.match(/\\S+/g)``).

    It counts the raw text the author typed, Markdown symbols included (``-`` on its own is a
    word), so the limit the server checks is the one the counter in the browser shows.
    """
    return len(_WORD.findall(text or ""))


@dataclass(frozen=True)
class Change:
    """A run of text that is the same in both versions, or was removed or added."""

    kind: str  # "same", "removed" or "added"
    text: str


def _merged(changes: list[Change]) -> list[Change]:
    merged: list[Change] = []
    for change in changes:
        if change.text and merged and merged[-1].kind == change.kind:
            merged[-1] = Change(change.kind, merged[-1].text + change.text)
        elif change.text:
            merged.append(change)
    return merged


def compare(old: str | None, new: str | None) -> list[Change]:
    """A word-level diff of two versions of an answer, as typed, whitespace kept.

    Whitespace is never used as an anchor, so a rewritten sentence reads as one removed and
    one added run instead of words interleaved with shared spaces.
    """
    before = re.findall(r"\s+|\S+", old or "")
    after = re.findall(r"\s+|\S+", new or "")
    matcher = difflib.SequenceMatcher(str.isspace, before, after, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.append(Change("same", "".join(before[i1:i2])))
            continue
        changes.append(Change("removed", "".join(before[i1:i2])))
        changes.append(Change("added", "".join(after[j1:j2])))
    return _merged(changes)


def compare_sides(old: str | None, new: str | None) -> tuple[list[Change], list[Change]]:
    """The diff split for side by side: (older version with removals, newer with additions)."""
    changes = compare(old, new)
    left = _merged([change for change in changes if change.kind != "added"])
    right = _merged([change for change in changes if change.kind != "removed"])
    return left, right


@dataclass(frozen=True)
class Counts:
    added: int
    removed: int


def counts(changes: list[Change]) -> Counts:
    """How many words a diff from ``compare`` added and removed, counted as ``word_count``."""
    return Counts(
        added=sum(word_count(change.text) for change in changes if change.kind == "added"),
        removed=sum(word_count(change.text) for change in changes if change.kind == "removed"),
    )
