"""Guidance text for calls and criteria: a small, safe markup rendered to HTML.

Programme managers write guidance as plain text: blank lines separate paragraphs, lines that
start with "-", "*" or "•" make a bulleted list, and web or email addresses become links.
Everything is escaped first and the result passes through nh3 with a short allow-list, so
nothing a writer types can add markup, scripts or styles to a page.
"""

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "ul", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}, "ul": {"class"}, "p": {"class"}}
BULLET = re.compile(r"^\s*[-*•]\s+")
LINK = re.compile(
    r"(?P<url>https?://[^\s<]+[^\s<.,;:!?)\]'\"])"
    r"|(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})"
)


def _linkify(escaped_text):
    def link(match):
        if match["url"]:
            return f'<a class="govuk-link" href="{match["url"]}">{match["url"]}</a>'
        return f'<a class="govuk-link" href="mailto:{match["email"]}">{match["email"]}</a>'

    return LINK.sub(link, escaped_text)


def blocks(text):
    """Guidance as its parts, for any output: ("paragraph", text) or ("list", [items])."""
    found = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(BULLET.match(line) for line in lines):
            found.append(("list", [BULLET.sub("", line).strip() for line in lines]))
        else:
            found.append(("paragraph", " ".join(line.strip() for line in lines)))
    return found


def to_html(text):
    """Convert guidance text to HTML (not yet marked safe)."""
    parts = []
    for kind, content in blocks(text):
        if kind == "list":
            items = "".join(f"<li>{_linkify(escape(item))}</li>" for item in content)
            parts.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            parts.append(f'<p class="govuk-body">{_linkify(escape(content))}</p>')
    return "".join(parts)


def render_guidance(text):
    """Safe HTML for a template: escaped, structured, then cleaned by nh3."""
    cleaned = nh3.clean(
        to_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - escaped above and cleaned by nh3
