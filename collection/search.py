"""Finding published case studies: filters by area, kind of work and region with a count for
every option, and full-text search ranked by PostgreSQL with highlighted snippets.

Every function here issues a fixed number of queries, however many case studies there are.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least, Lower, NullIf, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import Organisation
from casestudies.models import AreaOfService, KindOfWork

from .models import PublishedCaseStudy

MARK_START, MARK_END = "\x02", "\x03"  # never typed by an author; replaced after escaping
FACETS = {
    "area": ("areas", AreaOfService.choices),
    "kind": ("kinds_of_work", KindOfWork.choices),
    "region": ("region", list(Organisation.Region.choices)),
}
# Every query parameter the search page reads (the page cache keys on these alone).
PARAMETERS = ("q", "page", *FACETS)
LABELS = {"area": "Area of public service", "kind": "Kind of work", "region": "Region"}
SNIPPET_LEAD, SNIPPET_LENGTH = 600, 4000


def _is_postgres():
    return connection.vendor == "postgresql"


def _has(field_name, code):
    if field_name == "region":
        return Q(region=code)
    if _is_postgres():
        return Q(**{f"{field_name}__contains": [code]})
    # SQLite (a laptop without PostgreSQL) cannot look inside JSON lists: match the quoted code.
    return Q(**{f"{field_name}__icontains": f'"{code}"'})


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


@dataclass
class Results:
    query: str
    facets: list
    case_studies: object  # a queryset, paginated by the view
    searched: bool
    total: int | None = None  # how many match, when the facet counts gave it


def chosen(params):
    """The valid filter values from the query string, by facet."""
    picked = {}
    for name, (_, choices) in FACETS.items():
        valid = {value for value, _ in choices}
        picked[name] = [value for value in params.getlist(name) if value in valid]
    return picked


def _filter(queryset, picked, skip=None):
    for name, values in picked.items():
        if name == skip or not values:
            continue
        field_name = FACETS[name][0]
        condition = Q()
        for value in values:
            condition |= _has(field_name, value)
        queryset = queryset.filter(condition)
    return queryset


def _search(queryset, query):
    if not query:
        return queryset
    if _is_postgres():
        search = SearchQuery(query, search_type="websearch", config="english")
        return queryset.filter(search_vector=search)
    # SQLite has no full-text search: a plain case-insensitive match, unranked.
    return queryset.filter(
        Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
    )


def _snippet_source(query):
    """The part of the body the snippet is taken from: about 4,000 characters starting a
    little before the first place a word of the search appears (or the start).

    ts_headline re-parses all the text it is given (about a millisecond for a 1,500-word case
    study), so giving it the stretch that matters keeps a page of 20 results quick; a word
    found only in its stemmed form falls back to the start of the body.
    """
    words = [
        word
        for word in re.findall(r"[\w'\u2019-]+", query.lower())
        if word not in {"or", "and"} and not word.startswith("-")
    ][:5]
    if not words:
        return F("body")
    found = [NullIf(StrIndex(Lower("body"), Value(word)), Value(0)) for word in words]
    first = found[0] if len(found) == 1 else Least(*found)  # LEAST skips NULLs in PostgreSQL
    start = Greatest(Coalesce(first, Value(1)) - Value(SNIPPET_LEAD), Value(1))
    return Substr("body", start, Value(SNIPPET_LENGTH))


def _counts(queryset, facets, with_total):
    """One aggregate for several facets that share a scope: a count per option."""
    aggregates = {}
    for name in facets:
        field_name, choices = FACETS[name]
        for index, (value, _) in enumerate(choices):
            aggregates[f"{name}_{index}"] = Count("pk", filter=_has(field_name, value))
    if with_total:
        aggregates["total"] = Count("pk")
    return queryset.aggregate(**aggregates)


def find(edition, params):
    """The edition's case studies matching the search and filters, and the counts per option.

    Each facet's counts apply the search and the *other* facets' filters, so a count says how
    many results choosing that option would give. Facets with the same scope (for example
    all three when nothing is chosen) are counted in one query, which also gives the number
    of results when a facet has nothing chosen: a page makes the same queries whatever the
    size of the collection.
    """
    query = " ".join((params.get("q") or "").split())[:200]
    picked = chosen(params)
    base = _search(PublishedCaseStudy.objects.filter(edition=edition), query)

    scopes = {}  # the facets whose filters apply, as a key -> facet names counted with it
    for name in FACETS:
        applied = frozenset(other for other in FACETS if other != name and picked[other])
        scopes.setdefault(applied, []).append(name)
    everything = frozenset(name for name in FACETS if picked[name])
    counts, total = {}, None
    for applied, names in scopes.items():
        scope = _filter(base, {name: picked[name] for name in applied})
        row = _counts(scope, names, with_total=applied == everything)
        counts.update(row)
        if applied == everything:
            total = row["total"]

    facets = [
        Facet(
            name=name,
            label=LABELS[name],
            options=[
                Option(value, label, counts[f"{name}_{index}"], value in picked[name])
                for index, (value, label) in enumerate(choices)
            ],
        )
        for name, (_, choices) in FACETS.items()
    ]
    results = _filter(base, picked).defer("body", "sections", "outcomes", "sign_offs")
    if query and _is_postgres():
        search = SearchQuery(query, search_type="websearch", config="english")
        results = results.annotate(
            rank=SearchRank(F("search_vector"), search),
            snippet=SearchHeadline(
                _snippet_source(query),
                search,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=15,
                max_fragments=2,
            ),
        ).order_by("-rank", "position")
    else:
        results = results.order_by("position")
    return Results(
        query=query, facets=facets, case_studies=results, searched=bool(query), total=total
    )


def page(results, number, size):
    """One page of the results, using the count the facet query already made when it did."""
    paginator = Paginator(results.case_studies, size)
    if results.total is not None:
        paginator.count = results.total
    return paginator.get_page(number)


def highlight(snippet):
    """A search snippet as safe HTML: the text escaped, the matched words in <mark>."""
    escaped = escape(snippet or "")
    return mark_safe(  # noqa: S308 - escaped above; only our own <mark> tags are added
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
