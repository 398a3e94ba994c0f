"""The full-text index of published case studies, the same on both databases the portal runs on.

One query language, parsed here once: every word counts, in any order and in any form
("contracts" finds "contract"); "quoted words" must appear together; ``or`` between two words
accepts either; ``-word`` leaves out case studies that have it. Words of one letter and the
commonest English words ("the", "and", "of") are left out, and the reader is told.

- **PostgreSQL** (the database of record) keeps a weighted ``tsvector`` per case study (title,
  then summary and keywords, then the text), ranks with ``ts_rank`` and suggests a spelling with
  ``pg_trgm`` from the words of the edition itself.
- **SQLite** (the embedded database ``make run`` uses) keeps the same columns in an FTS5 table
  with the Porter stemmer, ranks with ``bm25`` weighted like PostgreSQL, takes snippets with
  FTS5's ``snippet`` and suggests from the vocabulary of a second, unstemmed FTS5 table.

The keywords are the labels of the case study's areas, kinds of work and region and the two
organisations' names, so "Healthwatch" or "Leeds" finds what is tagged with them.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, FloatField, Value, When
from django.db.models.functions import Coalesce, Greatest, Least, Lower, NullIf, StrIndex, Substr

MARK_START, MARK_END = "\x02", "\x03"  # never typed by an author; replaced after escaping
SNIPPET_LEAD, SNIPPET_LENGTH = 300, 2000
LONGEST_QUERY, MOST_WORDS = 200, 12

# The commonest English words, which say nothing about a case study. PostgreSQL's English
# configuration drops these itself; leaving them out here makes SQLite answer the same.
COMMON_WORDS = frozenset(
    re.findall(
        r"\w+",
        """about after all also am an and any are as at be because been but by can could did do
        does for from had has have he her him his how if in into is it its me my no nor not of
        off on once only or our out over own she so some such than that the their them then
        there these they this those through to too under until up very was we were what when
        where which while who whom why will with you your""",
    )
)

# SQLite: the index tables (made by migration 0005 on SQLite only). collection_search holds
# the stemmed text; collection_search_words the same words unstemmed, whose vocabulary
# (collection_search_vocab) spelling suggestions come from.
SQLITE_TABLES = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS collection_search USING fts5("
    "title, summary, keywords, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS collection_search_words USING fts5("
    "words, detail = none, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS collection_search_vocab "
    "USING fts5vocab(collection_search_words, 'row')",
)
SQLITE_DROP = (
    "DROP TABLE IF EXISTS collection_search_vocab",
    "DROP TABLE IF EXISTS collection_search_words",
    "DROP TABLE IF EXISTS collection_search",
)
# bm25's weights per column (title, summary, keywords, body), in the proportions of
# PostgreSQL's A, B, B and C weights.
POSTGRES_WEIGHTS = (("title", "A"), ("summary", "B"), ("keywords", "B"), ("body", "C"))


def _words(text):
    return [word for word in re.findall(r"[^\W_]+", text.lower()) if len(word) > 1]


@dataclass(frozen=True)
class Query:
    """A parsed search. ``groups`` must each match (a group matches when any of its terms does);
    a term is a tuple of words, a phrase when it has more than one."""

    groups: tuple = ()
    excluded: tuple = ()
    ignored: tuple = ()

    def __bool__(self):
        return bool(self.groups)

    @property
    def words(self):
        """Every word the search looks for, in order, once each."""
        seen = []
        for group in self.groups:
            for term in group:
                seen.extend(word for word in term if word not in seen)
        return seen

    def replaced(self, spelling):
        """The same search with some words spelt differently (``spelling`` maps old to new)."""

        def swap(term):
            return tuple(spelling.get(word, word) for word in term)

        return Query(
            groups=tuple(tuple(swap(term) for term in group) for group in self.groups),
            excluded=self.excluded,
        )

    @property
    def text(self):
        """The search as a reader would type it (and as PostgreSQL's websearch syntax reads)."""

        def show(term):
            return f'"{" ".join(term)}"' if len(term) > 1 else term[0]

        parts = [" or ".join(show(term) for term in group) for group in self.groups]
        parts += [f"-{show(term)}" for term in self.excluded]
        return " ".join(parts)

    @property
    def fts5(self):
        """The search in SQLite FTS5's query syntax; every term quoted, so nothing a reader
        types can be read as an operator."""

        def show(term):
            return '"' + " ".join(term) + '"'

        expression = " AND ".join(
            "(" + " OR ".join(show(term) for term in group) + ")" for group in self.groups
        )
        if self.excluded:
            expression += " NOT (" + " OR ".join(show(term) for term in self.excluded) + ")"
        return expression


def parse(text):
    """Read what a reader typed into a ``Query``."""
    groups, excluded, ignored = [], [], []
    join_next = False
    for negated, quoted, plain in re.findall(r'(-?)(?:"([^"]*)"?|(\S+))', text or ""):
        chunk = quoted if quoted else plain
        if not quoted and chunk.lower() == "or":
            join_next = bool(groups)
            continue
        words = _words(chunk)
        dropped = [w for w in re.findall(r"[^\W_]+", chunk.lower()) if len(w) <= 1]
        if len(words) == 1 and not quoted and words[0] in COMMON_WORDS:
            dropped, words = [*dropped, words[0]], []
        ignored.extend(word for word in dropped if word not in ignored)
        if not words:
            continue
        term = tuple(words)
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1] = (*groups[-1], term)
        else:
            groups.append((term,))
        join_next = False
        if len(groups) >= MOST_WORDS:
            break
    return Query(groups=tuple(groups), excluded=tuple(excluded), ignored=tuple(ignored))


def keywords(case_study):
    """The words a published case study is tagged with, as one text for the index."""
    return " ".join(
        [
            case_study.dpulo_name,
            case_study.commissioner_name,
            case_study.region_label,
            *case_study.area_labels,
            *case_study.kind_labels,
        ]
    )


def _vendor(alias):
    return connections[alias].vendor


def index(queryset):
    """Bring the index up to date for these published case studies (after publishing them, or
    after changing one, as the tests and the benchmark's data do)."""
    alias = queryset.db
    if _vendor(alias) == "postgresql":
        vector = None
        for column, weight in POSTGRES_WEIGHTS:
            part = SearchVector(column, weight=weight, config="english")
            vector = part if vector is None else vector + part
        queryset.update(search_vector=vector)
        return
    if _vendor(alias) != "sqlite":
        return
    rows = list(queryset.values_list("pk", "title", "summary", "keywords", "body"))
    with connections[alias].cursor() as cursor:
        for pk, *columns in rows:
            _forget(cursor, pk)
            cursor.execute(
                "INSERT INTO collection_search (rowid, title, summary, keywords, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                [pk, *columns],
            )
            cursor.execute(
                "INSERT INTO collection_search_words (rowid, words) VALUES (%s, %s)",
                [pk, " ".join(columns)],
            )


def _forget(cursor, pk):
    cursor.execute("DELETE FROM collection_search WHERE rowid = %s", [pk])
    cursor.execute("DELETE FROM collection_search_words WHERE rowid = %s", [pk])


def forget_deleted(sender, instance, using, **kwargs):
    """A published case study deleted leaves the SQLite index with it (PostgreSQL's index is
    a column of the row, so goes by itself)."""
    if _vendor(using) != "sqlite":
        return
    with connections[using].cursor() as cursor:
        _forget(cursor, instance.pk)


@dataclass
class Searcher:
    """One search of one edition's case studies; each backend below says how."""

    edition_id: int
    query: Query
    alias: str = "default"
    snippets: dict = field(default_factory=dict)

    def __post_init__(self):
        """Where a backend runs the search once, up front."""

    def filter(self, queryset):
        raise NotImplementedError

    def ranked(self, queryset):
        raise NotImplementedError

    def snippet(self, case_study):
        return self.snippets.get(case_study.pk, "")

    def matches_anything(self, query):
        raise NotImplementedError

    def similar_word(self, word):
        raise NotImplementedError

    def suggestion(self):
        """The search with each word that finds nothing replaced by the nearest word the
        edition uses, if that search finds something; else None."""
        spelling = {}
        for word in self.query.words[:5]:
            if len(word) < 3 or self.matches_anything(Query(groups=(((word,),),))):
                continue
            nearest = self.similar_word(word)
            if nearest and nearest != word:
                spelling[word] = nearest
        if not spelling:
            return None
        suggested = self.query.replaced(spelling)
        return suggested.text if self.matches_anything(suggested) else None


class PostgresSearcher(Searcher):
    def _search_query(self, query=None):
        return SearchQuery((query or self.query).text, search_type="websearch", config="english")

    def filter(self, queryset):
        return queryset.filter(search_vector=self._search_query())

    def ranked(self, queryset):
        search = self._search_query()
        return queryset.annotate(
            rank=SearchRank(F("search_vector"), search),
            snippet=SearchHeadline(
                _snippet_source(self.query.words),
                search,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=15,
                max_fragments=2,
            ),
        ).order_by("-rank", "position")

    def snippet(self, case_study):
        return getattr(case_study, "snippet", "")

    def matches_anything(self, query):
        from .models import PublishedCaseStudy

        return (
            PublishedCaseStudy.objects.using(self.alias)
            .filter(edition_id=self.edition_id, search_vector=self._search_query(query))
            .exists()
        )

    def similar_word(self, word):
        """The edition's word most like ``word`` by trigrams (pg_trgm), most used first."""
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat(format('SELECT to_tsvector(''simple'', title || '' '' "
                "|| summary || '' '' || keywords || '' '' || body) "
                "FROM collection_publishedcasestudy WHERE edition_id = %%s', %s::integer)) "
                "WHERE length(word) > 2 AND word %% %s "
                "ORDER BY similarity(word, %s) DESC, ndoc DESC, word LIMIT 1",
                [self.edition_id, word, word],
            )
            row = cursor.fetchone()
        return row[0] if row else None


class SQLiteSearcher(Searcher):
    def __post_init__(self):
        self.ranks = {}
        if not self.query:
            return
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                "SELECT rowid, bm25(collection_search, 10.0, 4.0, 4.0, 2.0), "
                "snippet(collection_search, 3, %s, %s, '', 24) FROM collection_search "
                "WHERE collection_search MATCH %s AND rowid IN "
                "(SELECT id FROM collection_publishedcasestudy WHERE edition_id = %s)",
                [MARK_START, MARK_END, self.query.fts5, self.edition_id],
            )
            for pk, rank, snippet in cursor.fetchall():
                self.ranks[pk] = rank
                self.snippets[pk] = snippet

    def filter(self, queryset):
        return queryset.filter(pk__in=list(self.ranks))

    def ranked(self, queryset):
        if not self.ranks:
            return queryset.order_by("position")
        order = Case(
            *[When(pk=pk, then=Value(rank)) for pk, rank in self.ranks.items()],
            output_field=FloatField(),
        )
        return queryset.annotate(rank=order).order_by("rank", "position")  # bm25: lower is better

    def matches_anything(self, query):
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM collection_search WHERE collection_search MATCH %s AND rowid IN "
                "(SELECT id FROM collection_publishedcasestudy WHERE edition_id = %s) LIMIT 1",
                [query.fts5, self.edition_id],
            )
            return cursor.fetchone() is not None

    def similar_word(self, word):
        """The indexed word most like ``word`` (difflib's ratio), from FTS5's vocabulary."""
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                "SELECT term FROM collection_search_vocab WHERE length(term) BETWEEN %s AND %s "
                "ORDER BY doc DESC",
                [max(3, len(word) - 2), len(word) + 2],
            )
            vocabulary = [term for (term,) in cursor.fetchall()]
        found = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        return found[0] if found else None


def searcher(edition, query, alias="default"):
    """The right ``Searcher`` for the database, or None where there is no full-text index."""
    kind = {"postgresql": PostgresSearcher, "sqlite": SQLiteSearcher}.get(_vendor(alias))
    return kind(edition.pk, query, alias) if kind and query else None


def _snippet_source(words):
    """The part of the text PostgreSQL takes a snippet from: 2,000 characters starting a little
    before the first place a word of the search appears (or the start).

    ts_headline re-parses all the text it is given (about a millisecond for a 1,500-word case
    study), so giving it the stretch that matters keeps a page of 20 results quick: at 10,000
    case studies, 20 snippets took 12 ms from 4,000 characters each and 7 ms from 2,000. The
    snippet is at most two stretches of 30 words (about 400 characters), so 2,000 still holds
    the words of a search that appear near each other; a word found only in another form falls
    back to the start of the text.
    """
    words = words[:5]
    if not words:
        return F("body")
    found = [NullIf(StrIndex(Lower("body"), Value(word)), Value(0)) for word in words]
    first = found[0] if len(found) == 1 else Least(*found)  # LEAST skips NULLs in PostgreSQL
    start = Greatest(Coalesce(first, Value(1)) - Value(SNIPPET_LEAD), Value(1))
    return Substr("body", start, Value(SNIPPET_LENGTH))
