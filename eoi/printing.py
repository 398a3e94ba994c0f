"""The printed expression of interest: the one rendering that is previewed, counted and sent.

The A4 limit is measured, not guessed: the expression of interest is laid out by WeasyPrint on
A4 with 2 cm margins in 11 pt Atkinson Hyperlegible, and its pages are counted. "Preview as
PDF", submission (which counts the very layout it sends) and the PDF attached to the receipt
all call ``render_document`` below, so what is previewed is exactly what is counted and sent.
The check on the check-answers page lays out the same HTML without the page-number footer,
which sits in the reserved page margin and cannot move a line (tested: the same page count).
"""

import hashlib
import math
import re
from dataclasses import dataclass
from functools import cache as memoise

from django.core.cache import cache
from django.template.loader import render_to_string
from weasyprint import CSS

from portal import pdf
from portal.errors import DomainError

from .money import describe_rate, describe_totals, pounds

TEMPLATE = "pdf/eoi.html"


def paragraphs(text):
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def word_count(text):
    return len((text or "").split())


def answer_rows(eoi):
    """Every criterion of the call in order, with this expression of interest's answer."""
    answers = {answer.criterion_id: answer for answer in eoi.answers.all()}
    call = eoi.call
    rows = []
    for criterion in call.criteria.all():
        answer = answers.get(criterion.pk)
        if answer is not None:
            answer.criterion = criterion  # is_complete asks it; one query saved an answer
        amount = answer.amount if answer else None
        text = answer.text if answer else ""
        totals = describe_totals(amount, call.effort_days_min, call.effort_days_max)
        rows.append(
            {
                "criterion": criterion,
                "answer": answer,
                "text": text,
                "paragraphs": paragraphs(text),
                "words": word_count(text),
                "amount": amount,
                "amount_display": pounds(amount) if amount is not None else "",
                "totals": totals,
                "money_summary": describe_rate(amount, call.effort_days_min, call.effort_days_max),
                "complete": answer is not None and answer.is_complete,
            }
        )
    return rows


def html_for(eoi, rows=None):
    return render_to_string(
        TEMPLATE,
        {
            "eoi": eoi,
            "call": eoi.call,
            "answers": answer_rows(eoi) if rows is None else rows,
            "organisation_summary": paragraphs(eoi.organisation_summary),
        },
    )


def render_document(eoi):
    return pdf.render(html_for(eoi))


def render_pdf(eoi):
    """The PDF an applicant previews and receives with their receipt."""
    return pdf.write_pdf(render_document(eoi))


PREVIEW_SECONDS = 60 * 60


class PreviewRefused(DomainError):
    """The preview is not cached and the person may not start another render just now."""

    message = "Too many previews were asked for just now. Wait a minute, then try again."


def preview_pdf(eoi, *, may_render=lambda: True):
    """ "Preview as PDF": the same rendering as ``render_pdf``, served from the cache under a hash
    of the exact HTML, so looking again (or a second tab, or a client asking over and over) costs
    nothing until the text changes. ``may_render`` is asked before a render that the cache cannot
    save (the view's rate limit); if it says no, PreviewRefused is raised."""
    html = html_for(eoi)
    key = f"eoi-preview-pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    if not may_render():
        raise PreviewRefused
    data = pdf.write_pdf(pdf.render(html))
    cache.set(key, data, timeout=PREVIEW_SECONDS)
    return data


def total_words(eoi, rows=None):
    rows = answer_rows(eoi) if rows is None else rows
    return sum(row["words"] for row in rows) + word_count(eoi.organisation_summary)


@memoise
def _without_page_numbers():
    """The page number sits in the bottom margin (a margin box), which the 2 cm page margins
    reserve whatever it holds: it cannot move a line of the text. Counting without it lays
    out the same pages and skips one box per page."""
    return CSS(string="@page { @bottom-right { content: none; } }")


@dataclass(frozen=True)
class PageCount:
    pages: int
    limit: int
    words: int
    words_over: int

    @property
    def over_limit(self):
        return self.pages > self.limit

    @property
    def message(self):
        if not self.over_limit:
            return ""
        return (
            f"Your expression of interest fills {self.pages} sides of A4. "
            f"The limit is {self.limit}. Shorten it by about {self.words_over} words."
        )


def _last_page_fill(document):
    """How much of the last page's height is used, from 0 to 1."""
    page = document.pages[-1]
    box = page._page_box  # WeasyPrint's layout tree; no public API gives used height
    content_top = box.content_box_y()
    content_height = box.height
    bottom = content_top
    for child in box.descendants():
        if getattr(child, "element_tag", None) in {"html", "body"}:
            continue
        if child.__class__.__name__.startswith("Margin"):
            continue
        y = getattr(child, "position_y", None)
        height = getattr(child, "height", None)
        if isinstance(y, (int, float)) and isinstance(height, (int, float)):
            bottom = max(bottom, y + height)
    if content_height <= 0:
        return 1.0
    return min(1.0, max(0.0, (bottom - content_top) / content_height))


def count_pages(eoi, document=None):
    """Lay the expression of interest out on A4 and measure it against the call's limit.

    Laying out takes tens of milliseconds a page, and people look at the same text several
    times (check answers, preview, declaration), so the count is cached under a hash of the
    exact HTML and the limit: any change to the text, the template or the call makes a new key.
    """
    if document is None:
        rows = answer_rows(eoi)
        html = html_for(eoi, rows)
        digest = hashlib.sha256(html.encode()).hexdigest()
        key = f"eoi-page-count:{eoi.call.page_limit}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        document = pdf.render(html, extra_stylesheets=[_without_page_numbers()])
        count = _measure(eoi, document, total_words(eoi, rows))
        cache.set(key, count, timeout=60 * 60)
        return count
    return _measure(eoi, document, total_words(eoi))


def _measure(eoi, document, words):
    pages = len(document.pages)
    limit = eoi.call.page_limit
    words_over = 0
    if pages > limit:
        try:
            used = (pages - 1) + _last_page_fill(document)
        except (AttributeError, IndexError, TypeError):
            used = float(pages)
        words_per_page = words / used if used else 0
        excess = (used - limit) * words_per_page
        words_over = max(10, math.ceil(excess / 10.0) * 10)
    return PageCount(pages=pages, limit=limit, words=words, words_over=words_over)
