"""Finding published case studies: filters by area, kind of work and region with a count for
every option, and full-text search (``search_index``) ranked, with highlighted snippets and a
spelling suggested when nothing matches.

Every function here issues a fixed number of queries, however many case studies there are.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import Organisation
from casestudies.models import AreaOfService, KindOfWork

from . import search_index
from .models import PublishedCaseStudy
from .search_index import MARK_END, MARK_START

FACETS = {
    "area": ("areas", AreaOfService.choices),
    "kind": ("kinds_of_work", KindOfWork.choices),
    "region": ("region", list(Organisation.Region.choices)),
}
# Every query parameter the search page reads (the page cache keys on these alone).
PARAMETERS = ("q", "page", *FACETS)
# What a result in the list shows: its text, the sections, Easy Read and the search index stay
# in the database.
LISTED = (
    "edition",
    "position",
    "slug",
    "title",
    "summary",
    "dpulo_name",
    "commissioner_name",
    "region",
)
LABELS = {"area": "Area of public service", "kind": "Kind of work", "region": "Region"}


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
    ignored: tuple = ()  # words left out of the search (one letter, or the commonest words)
    searcher: object = None
    suggestion: str | None = None  # a search spelt differently that does find something

    @property
    def filtered(self):
        return any(facet.selected for facet in self.facets)

    @property
    def chosen_count(self):
        return sum(len(facet.selected) for facet in self.facets)

    def snippet(self, case_study):
        return self.searcher.snippet(case_study) if self.searcher else ""


def chosen(params):
    """The valid filter values from the query string, by facet."""
    picked = {}
    for name, (_, choices) in FACETS.items():
        valid = {value for value, _ in choices}
        picked[name] = [value for value in params.getlist(name) if value in valid]
    return picked


def narrow(queryset, picked, skip=None):
    """The case studies that have, for every facet with values chosen, one of those values
    (the finder and evidence packs match the same way)."""
    for name, values in picked.items():
        if name == skip or not values:
            continue
        field_name = FACETS[name][0]
        condition = Q()
        for value in values:
            condition |= _has(field_name, value)
        queryset = queryset.filter(condition)
    return queryset


def _option_condition(field_name, code, vendor):
    """SQL that is true when a row of the scope has ``code`` (as ``_has`` says it in the ORM)."""
    if field_name == "region":
        return f'scope."{field_name}" = %s', code
    if vendor == "postgresql":
        return f'scope."{field_name}" @> %s::jsonb', json.dumps([code])
    return f'instr(scope."{field_name}", %s) > 0', f'"{code}"'


def _counts(queryset, facets, with_total):
    """One query for several facets that share a scope: a count per option.

    Written as SQL around the scope's own query: the ORM took longer to build 29 filtered counts
    (about 9 ms a page) than PostgreSQL took to count them over 10,000 case studies. The codes
    are the facets' own choices, passed as parameters; PostgreSQL plans the scope as if its
    conditions were written into this query."""
    vendor = connections[queryset.db].vendor
    columns, params = [], []
    for name in facets:
        field_name, choices = FACETS[name]
        for index, (value, _) in enumerate(choices):
            condition, param = _option_condition(field_name, value, vendor)
            columns.append((f"{name}_{index}", f"COUNT(*) FILTER (WHERE {condition})"))
            params.append(param)
    if with_total:
        columns.append(("total", "COUNT(*)"))
    try:
        scope_sql, scope_params = (
            queryset.order_by()
            .values(*(FACETS[name][0] for name in FACETS))
            .query.get_compiler(queryset.db)
            .as_sql()
        )
    except EmptyResultSet:  # a search that matches nothing, as SQLite's index says it
        return dict.fromkeys((name for name, _ in columns), 0)
    sql = ", ".join(expression for _, expression in columns)
    with connections[queryset.db].cursor() as cursor:
        # Only our column names and the ORM's SQL are formatted in; every value is a parameter.
        cursor.execute(f"SELECT {sql} FROM ({scope_sql}) AS scope", [*params, *scope_params])  # noqa: S608
        row = cursor.fetchone()
    return {name: count for (name, _), count in zip(columns, row, strict=True)}


def find(edition, params):
    """The edition's case studies matching the search and filters, and the counts per option.

    Each facet's counts apply the search and the *other* facets' filters, so a count says how
    many results choosing that option would give. Facets with the same scope (for example
    all three when nothing is chosen) are counted in one query, which also gives the number
    of results when a facet has nothing chosen: a page makes the same queries whatever the
    size of the collection.
    """
    query = " ".join((params.get("q") or "").split())[: search_index.LONGEST_QUERY]
    parsed = search_index.parse(query)
    picked = chosen(params)
    searcher = search_index.searcher(edition, parsed)
    base = PublishedCaseStudy.objects.filter(edition=edition)
    if searcher:
        base = searcher.filter(base)

    scopes = {}  # the facets whose filters apply, as a key -> facet names counted with it
    for name in FACETS:
        applied = frozenset(other for other in FACETS if other != name and picked[other])
        scopes.setdefault(applied, []).append(name)
    everything = frozenset(name for name in FACETS if picked[name])
    counts, total = {}, None
    for applied, names in scopes.items():
        scope = narrow(base, {name: picked[name] for name in applied})
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
    results = narrow(base, picked).only(*LISTED)
    results = searcher.ranked(results) if searcher else results.order_by("position")
    suggestion = None
    if searcher and (total == 0 if total is not None else not results.exists()):
        suggestion = searcher.suggestion()
    return Results(
        query=query,
        facets=facets,
        case_studies=results,
        searched=bool(parsed),
        total=total,
        ignored=parsed.ignored,
        searcher=searcher,
        suggestion=suggestion,
    )


def search_link(params):
    """The finder's query string for these parameters, keeping only those it reads: how a
    case study's "Find other case studies" link takes the reader back to their search."""
    kept = [(name, value) for name, value in parse_qsl(params or "") if name in PARAMETERS]
    return urlencode(kept[:40])


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
