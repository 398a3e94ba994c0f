"""Checking an Easy Read version as it is written: short sentences, hard words explained,
every point with a picture and every picture described.

Easy Read guidance (Mencap, the Department of Health's "Making written information easier to
understand") asks for one idea per point, sentences of 15 words or fewer, a picture beside each
point, and a glossary for any hard word that cannot be avoided. These functions say where each
rule is broken and how to put it right; the writing page shows them, and the same functions
run on the server whatever the browser did. The reading-ease figure is Flesch reading ease from
``textstat``: a guide for the author, never a rule.
"""

import base64
import re
from dataclasses import dataclass

import textstat
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from . import text
from .models import HardWord

LONGEST_SENTENCE = 15  # words
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Problem:
    """One thing to put right: which point (its position, or None for the whole version), what
    is wrong, and how to fix it."""

    point: int | None
    message: str
    fix: str


def sentences(point_text):
    """The sentences of a point: split after a full stop, question or exclamation mark, and
    at line breaks."""
    return [part.strip() for part in _SENTENCE_END.split(point_text or "") if part.strip()]


def lines(point_text, glossary_words=()):
    """A point as Easy Read prints it: each sentence on a line of its own, and each word the
    glossary explains in bold, so the reader knows to look it up. Returns safe HTML."""
    # As the checks match: the word or phrase with or without an "s" on the end, whichever
    # way round the glossary has it; the longest first, so "care plan" is bold as one.
    forms_of = set()
    for word in glossary_words:
        word = " ".join((word or "").split())
        if word:
            forms_of.add(word)
            if word.lower().endswith("s") and len(word) > 3:
                forms_of.add(word[:-1])
    patterns = [_pattern(word).pattern for word in sorted(forms_of, key=len, reverse=True)]
    explained = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    def marked(sentence):
        if explained is None:
            return escape(sentence)
        out, at = [], 0
        for found in explained.finditer(sentence):
            out.append(escape(sentence[at : found.start()]))
            out.append(format_html("<strong>{}</strong>", found.group(0)))
            at = found.end()
        out.append(escape(sentence[at:]))
        return mark_safe("".join(out))  # noqa: S308 - every part escaped above

    return mark_safe("<br>".join(marked(each) for each in sentences(point_text)))  # noqa: S308


def long_sentences(point_text):
    """(words, sentence) for each sentence over ``LONGEST_SENTENCE`` words."""
    found = []
    for sentence in sentences(point_text):
        words = text.word_count(sentence)
        if words > LONGEST_SENTENCE:
            found.append((words, sentence))
    return found


def _pattern(word):
    """A hard word as a whole word or phrase, in any case, also with a plural "s"."""
    parts = [re.escape(part) for part in word.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"s?(?![\w-])", re.IGNORECASE)


def hard_words_used(point_text, hard_words):
    """The hard words (``HardWord``-like: ``word``, ``explanation``) the text uses."""
    return [hard for hard in hard_words if _pattern(hard.word).search(point_text or "")]


def _explained(word, glossary):
    """Whether the glossary explains the hard word, as it is or with an "s" on the end (the
    check matches plurals, so "contracts" in the glossary explains "contract")."""
    wanted = word.lower()
    return any(
        entry.word.strip().lower() in (wanted, f"{wanted}s")
        or f"{entry.word.strip().lower()}s" == wanted
        for entry in glossary
    )


def problems(points, glossary, hard_words):
    """Everything to put right in an Easy Read version. ``points`` have ``position``,
    ``text``, ``picture`` and ``picture_alt``; ``glossary`` entries have ``word``."""
    found = []
    if not points:
        found.append(
            Problem(None, "The Easy Read version has no points yet", "Add the first point.")
        )
    for point in points:
        where = point.position
        for words, sentence in long_sentences(point.text):
            found.append(
                Problem(
                    where,
                    # Without its full stop: the message ends with one of its own.
                    f"Point {where} has a sentence of {words} words: “{sentence.rstrip('.!?')}”",
                    f"Split it into sentences of {LONGEST_SENTENCE} words or fewer.",
                )
            )
        for hard in hard_words_used(point.text, hard_words):
            if not _explained(hard.word, glossary):
                found.append(
                    Problem(
                        where,
                        f"Point {where} uses the hard word “{hard.word}”",
                        f"Say it in plain words, or add it to the glossary. You could explain "
                        f"it as: “{hard.explanation}”",
                    )
                )
        if not point.picture:
            found.append(
                Problem(
                    where,
                    f"Point {where} has no picture",
                    "Add a picture that shows the idea of the point.",
                )
            )
        elif not (point.picture_alt or "").strip():
            found.append(
                Problem(
                    where,
                    f"The picture for point {where} is not described",
                    "Say what the picture shows, for people who cannot see it.",
                )
            )
    return found


def check(case_study):
    """``problems`` for a case study as it is now, against the portal's hard words."""
    return problems(
        list(case_study.easy_read_points.all()),
        list(case_study.glossary.all()),
        list(HardWord.objects.all()),
    )


@dataclass(frozen=True)
class ReadingEase:
    score: float
    words: str  # what the score means, in plain words


def reading_ease(points):
    """Flesch reading ease of all the points together (higher is easier; Easy Read usually
    scores 80 or more), or None when there is nothing to measure."""
    joined = " ".join(point.text.strip() for point in points if point.text.strip())
    if not joined:
        return None
    textstat.set_lang("en_GB")
    # The formula runs past both ends for very short or very long words and sentences (116,
    # or -132); the page says "out of 100", so it is held to 0 to 100.
    score = round(min(100.0, max(0.0, textstat.flesch_reading_ease(joined))), 1)
    if score >= 80:
        words = "easy to read"
    elif score >= 60:
        words = "fairly easy: look for long words and sentences to change"
    else:
        words = "hard to read: use shorter words and sentences"
    return ReadingEase(score, words)


def points_for_reading(case_study, shown):
    """The Easy Read points of ``shown`` (the case study's publishable content) as the shared
    template reads them, [{"text", "alt", "src"}], each picture inline as a data URI: the
    sign-off pages show exactly the pictures the fingerprint covers, even to a commissioner
    who reached them by a link and has no account."""
    files = {
        point.picture_sha256: point.picture
        for point in case_study.easy_read_points.all()
        if point.picture
    }
    found = []
    for point in shown.easy_read:
        src = ""
        picture = files.get(point["picture_sha256"])
        if picture:
            with picture.open("rb") as data:
                kind = "image/png" if picture.name.endswith(".png") else "image/jpeg"
                src = f"data:{kind};base64,{base64.b64encode(data.read()).decode()}"
        found.append({"text": point["text"], "alt": point["picture_alt"], "src": src})
    return found
