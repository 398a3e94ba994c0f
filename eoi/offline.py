"""A call's full question set to work on offline: every question with its guidance, how it is
scored and the length rule, as a tagged PDF and as a Word document.

Many organisations draft in the tools they already use (a screen reader they know well, a
colleague's help, a meeting with the papers on the table) and paste answers in later. Both files
are made from one ``QuestionSet``, so they never say different things; the PDF is laid out in
the same 11 pt Atkinson Hyperlegible on A4 with 2 cm margins that the page limit is measured in,
so a draft that fits there fits the form.
"""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from portal import pdf
from portal.dates import govuk_datetime

from .guidance import blocks

PDF_TEMPLATE = "eoi/pdf/question_set.html"
FONT = "Atkinson Hyperlegible"


@dataclass(frozen=True)
class Question:
    number: int
    title: str
    guidance: list  # guidance.blocks
    answer: str  # what kind of answer, in words
    scoring: str


@dataclass(frozen=True)
class QuestionSet:
    title: str
    summary: str
    facts: list  # (label, value)
    guidance: list  # guidance.blocks
    questions: list
    contact_email: str
    address: str  # the call's page, to apply


def _answer(criterion):
    if criterion.is_money:
        return (
            "Your proposed daily rate, in pounds (for example 350 or 350.50), including VAT "
            "if you charge it."
        )
    if criterion.word_guidance:
        return (
            f"A written answer. A guide to its length: about {criterion.word_guidance} words "
            "(the page limit is what counts)."
        )
    return "A written answer."


def _scoring(criterion):
    weight = criterion.weight.normalize()
    weighted = "" if weight == 1 else f", weighted {weight} times"
    return f"Scored from 0 to {criterion.max_score}{weighted}."


def question_set(call):
    """Everything an organisation needs to draft its answers to ``call`` away from the
    portal, in the order the form asks it."""
    days = str(call.effort_days_min)
    if call.effort_days_max != call.effort_days_min:
        days += f" to {call.effort_days_max}"
    limit = f"{call.page_limit} side{'s' if call.page_limit != 1 else ''} of A4"
    facts = [
        ("Opens", govuk_datetime(call.opens_at)),
        ("Closes", govuk_datetime(call.closes_at)),
        (
            "Length",
            f"No more than {limit} in all, measured by printing in 11 point Atkinson "
            "Hyperlegible with 2 cm margins, as this document is. The portal checks the length "
            "before you submit.",
        ),
        ("Work expected", f"{days} days"),
        ("Run by", call.run_by),
    ]
    if call.blind_assessment:
        facts.append(("Assessment", "Assessors will not see your organisation's name."))
    questions = [
        Question(
            number=criterion.position,
            title=criterion.title,
            guidance=blocks(criterion.guidance),
            answer=_answer(criterion),
            scoring=_scoring(criterion),
        )
        for criterion in call.criteria.all()
    ]
    return QuestionSet(
        title=call.title,
        summary=call.summary,
        facts=facts,
        guidance=blocks(call.guidance),
        questions=questions,
        contact_email=call.contact_email,
        address=settings.PORTAL_URL + reverse("eoi:call", args=[call.slug]),
    )


def html(questions):
    return render_to_string(PDF_TEMPLATE, {"questions": questions})


def as_pdf(call):
    """The question set as a tagged PDF/UA-1 file. Kept in the cache by what it says, so a
    changed call is never served from an old copy."""
    document_html = html(question_set(call))
    key = "question-set-pdf:" + hashlib.sha256(document_html.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = pdf.write_pdf(pdf.render(document_html))
        cache.set(key, found, 60 * 60 * 24)
    return found


def as_word(call):
    """The question set as a Word document: real headings (so a screen reader's heading list
    and Word's navigation pane work), lists, British English as the document's language, the
    title in its properties, and a place under each question to write."""
    questions = question_set(call)
    document = Document()
    document.core_properties.title = f"{questions.title}: questions"
    document.core_properties.language = "en-GB"
    document.core_properties.author = settings.SERVICE_NAME
    _set_style(document)

    document.add_heading(f"{questions.title}: questions to answer", level=1)
    document.add_paragraph(questions.summary)
    document.add_paragraph(
        "Draft your answers here if it helps, then copy each one into the portal at "
        f"{questions.address}. This document is not sent to us."
    )
    for label, value in questions.facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    if questions.guidance:
        document.add_heading("About this call", level=2)
        _add_blocks(document, questions.guidance)

    document.add_heading("The questions", level=2)
    for question in questions.questions:
        document.add_heading(f"{question.number}. {question.title}", level=3)
        _add_blocks(document, question.guidance)
        document.add_paragraph(question.answer)
        document.add_paragraph(question.scoring)
        answer = document.add_paragraph()
        answer.add_run("Your answer:").bold = True
        document.add_paragraph("")

    document.add_heading("Questions or another way to apply", level=2)
    document.add_paragraph(
        f"Email {questions.contact_email} with any question, or if you need this in another "
        "format, more time, or another way to apply."
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_style(document):
    """The body in 12 point Atkinson Hyperlegible, in British English throughout: the
    document's defaults and every paragraph and character style."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    elements = [run_defaults.find(qn("w:rPr"))] if run_defaults is not None else []
    elements += [
        style.element.get_or_add_rPr()
        for style in document.styles
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)
    ]
    for properties in elements:
        if properties is None:
            continue
        language = properties.find(qn("w:lang"))
        if language is None:
            language = properties.makeelement(qn("w:lang"), {})
            properties.append(language)
        language.set(qn("w:val"), "en-GB")


def _add_blocks(document, parts):
    for kind, content in parts:
        if kind == "list":
            for item in content:
                document.add_paragraph(item, style="List Bullet")
        else:
            document.add_paragraph(content)
