"""Finding published case studies: filters by area, kind of work and region with a count for
every option, and full-text search ranked by PostgreSQL with highlighted snippets.

Every function here issues a fixed number of queries, however many case studies there are.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Q
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


def find(edition, params):
    """The edition's case studies matching the search and filters, and the counts per option.

    Each facet's counts apply the search and the *other* facets' filters, so a count says how
    many results choosing that option would give.
    """
    query = " ".join((params.get("q") or "").split())[:200]
    picked = chosen(params)
    base = _search(PublishedCaseStudy.objects.filter(edition=edition), query)
    facets = []
    for name, (field_name, choices) in FACETS.items():
        scope = _filter(base, picked, skip=name)
        counts = scope.aggregate(
            **{
                f"c{index}": Count("pk", filter=_has(field_name, value))
                for index, (value, _) in enumerate(choices)
            }
        )
        facets.append(
            Facet(
                name=name,
                label=LABELS[name],
                options=[
                    Option(value, label, counts[f"c{index}"], value in picked[name])
                    for index, (value, label) in enumerate(choices)
                ],
            )
        )
    results = _filter(base, picked).defer("body", "sections", "outcomes", "sign_offs")
    if query and _is_postgres():
        search = SearchQuery(query, search_type="websearch", config="english")
        results = results.annotate(
            rank=SearchRank(F("search_vector"), search),
            snippet=SearchHeadline(
                "body",
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
    return Results(query=query, facets=facets, case_studies=results, searched=bool(query))


def highlight(snippet):
    """A search snippet as safe HTML: the text escaped, the matched words in <mark>."""
    escaped = escape(snippet or "")
    return mark_safe(  # noqa: S308 - escaped above; only our own <mark> tags are added
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
