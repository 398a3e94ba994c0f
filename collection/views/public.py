"""The published collection, for anyone: no account needed. Only published editions exist
here; drafts are reached through the coordinator's pages."""

import json
from collections import OrderedDict

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.db.models import Count, Window
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from casestudies.models import Outcome, Working
from portal.busy import service_busy
from portal.spreadsheets import csv_response

from .. import editions, evidence, printing, search
from ..caching import public_page
from ..models import Edition, Format, PublishedCaseStudy

PAGE_SIZE = 20
HOME_LIST = 30  # case studies listed on the collection's home page; the rest are a link away
PUBLIC = cache_control(public=True, max_age=300)
FILES = cache_control(public=True, max_age=3600)


def _edition(slug):
    return get_object_or_404(Edition, slug=slug, status=Edition.Status.PUBLISHED)


def _case_study(slug, case_slug):
    return get_object_or_404(
        PublishedCaseStudy.objects.select_related("edition"),
        edition__slug=slug,
        edition__status=Edition.Status.PUBLISHED,
        slug=case_slug,
    )


@require_safe
@public_page()
def home(request):
    current = editions.current()
    earlier = Edition.objects.filter(status=Edition.Status.PUBLISHED)
    case_studies = []
    if current:
        earlier = earlier.exclude(pk=current.pk)
        # The first few, each row also carrying how many there are in all (a window count,
        # worked out before the limit), so a large edition costs the same one query.
        case_studies = list(
            current.case_studies.only(
                "edition", "position", "slug", "title", "dpulo_name", "commissioner_name"
            ).annotate(in_all=Window(Count("pk")))[:HOME_LIST]
        )
    return render(
        request,
        "collection/home.html",
        {
            "edition": current,
            "earlier": earlier.order_by("-published_at"),
            "case_studies": case_studies,
            "count": case_studies[0].in_all if case_studies else 0,
            "formats": edition_formats(current) if current else [],
        },
    )


@require_safe
@public_page(params=search.PARAMETERS)
def case_study_list(request):
    """The current edition's case studies: filters with counts, and full-text search."""
    current = editions.current()
    if current is None:
        return render(request, "collection/case_study_list.html", {"edition": None})
    results = search.find(current, request.GET)
    page = search.page(results, request.GET.get("page"), PAGE_SIZE)
    for case_study in page.object_list:
        case_study.snippet_html = search.highlight(results.snippet(case_study))
    return render(
        request,
        "collection/case_study_list.html",
        {
            "edition": current,
            "results": results,
            "page": page,
            "this_search": search.search_link(request.GET.urlencode()),
        },
    )


def listed(formats):
    """Formats in the order they are listed: large print, then the ebook."""
    order = list(Format.KINDS)
    return sorted(formats, key=lambda each: order.index(each.kind))


def edition_formats(edition):
    """The whole edition's other formats, in the order they are listed."""
    return listed(Format.objects.filter(edition=edition, case_study=None))


@require_safe
@public_page()
def edition_detail(request, slug):
    edition = _edition(slug)
    return render(
        request,
        "collection/edition.html",
        {
            "edition": edition,
            "case_studies": edition.case_studies.defer("body"),
            "formats": edition_formats(edition),
        },
    )


def outcomes_by_unit(case_studies):
    """Every outcome of the edition, grouped by unit, and figures worked out with the toolkit
    also by what their financial proxy values: only like is set beside like, and figures are
    never added together or averaged."""
    labels = dict(Outcome.Unit.choices)
    kinds = dict(Working.ProxyKind.choices)
    ratio = labels.pop(Outcome.Unit.VALUE_RATIO)
    labels.update({f"value_ratio:{kind}": f"{ratio}: {words}" for kind, words in kinds.items()})
    groups = OrderedDict((key, []) for key in labels)
    for case_study in case_studies:
        for outcome in case_study.outcomes:
            key = outcome["unit"]
            if outcome.get("working"):
                key = f"value_ratio:{outcome['working'].get('proxy_kind', '')}"
            groups.setdefault(key, []).append((case_study, outcome))
    return [(labels.get(key, key), rows) for key, rows in groups.items() if rows]


@require_safe
@public_page()
def edition_outcomes(request, slug):
    edition = _edition(slug)
    return render(
        request,
        "collection/outcomes.html",
        {
            "edition": edition,
            "groups": outcomes_by_unit(
                edition.case_studies.only("edition", "slug", "title", "outcomes")
            ),
        },
    )


@require_safe
@public_page(params=("search",))
def case_study_detail(request, slug, case_slug):
    """One case study; ``?search=`` carries the reader's search, so "Find other case studies"
    takes them back to it."""
    case_study = _case_study(slug, case_slug)
    return render(
        request,
        "collection/case_study.html",
        {
            "case_study": case_study,
            "edition": case_study.edition,
            "formats": listed(case_study.formats.all()),
            "their_search": search.search_link(request.GET.get("search")),
        },
    )


@require_safe
@public_page()
def case_study_easy_read(request, slug, case_slug):
    """A case study's Easy Read version, for those whose template asked for one."""
    case_study = _case_study(slug, case_slug)
    if not case_study.easy_read:
        raise Http404("This case study has no Easy Read version.")

    def src(sha):
        if sha not in case_study.easy_read_pictures:
            return ""
        return reverse("collection:easy-read-picture", args=[slug, case_slug, sha])

    return render(
        request,
        "collection/easy_read.html",
        {
            "case_study": case_study,
            "edition": case_study.edition,
            "points": printing.easy_read_points(case_study, src),
            "formats": [
                each
                for each in listed(case_study.formats.all())
                if each.kind == Format.Kind.EASY_READ
            ],
        },
    )


@require_safe
@FILES
def easy_read_picture(request, slug, case_slug, sha):
    """A published Easy Read picture: only one the case study's published version shows."""
    case_study = _case_study(slug, case_slug)
    name = case_study.easy_read_pictures.get(sha)
    if not name:
        raise Http404("No such picture.")
    kind = "image/png" if name.endswith(".png") else "image/jpeg"
    response = FileResponse(default_storage.open(name, "rb"), content_type=kind)
    response["ETag"] = f'"{sha}"'
    return response


def _pdf_response(record, filename, request=None):
    if not record.pdf:
        raise Http404("The PDF is being prepared.")
    try:
        stored = record.pdf.open("rb")
    except Exception as error:  # the storage cannot be reached (any backend's own error)
        return service_busy(request, reason=f"the file storage did not answer: {error}")
    response = FileResponse(
        stored,
        content_type="application/pdf",
        as_attachment=True,
        filename=filename,
    )
    response["Content-Length"] = record.pdf_size
    return response


def _edition_etag(request, slug):
    edition = Edition.objects.filter(slug=slug, status="published").only("pdf_sha256").first()
    return edition.pdf_sha256 if edition and edition.pdf_sha256 else None


def _edition_modified(request, slug):
    edition = Edition.objects.filter(slug=slug, status="published").only("pdf_rendered_at").first()
    return edition.pdf_rendered_at if edition else None


@require_safe
@FILES
@condition(etag_func=_edition_etag, last_modified_func=_edition_modified)
def edition_pdf(request, slug):
    """The stored PDF, with ETag and Last-Modified so a repeat request can get a 304."""
    edition = _edition(slug)
    return _pdf_response(edition, f"{edition.slug}.pdf", request)


def _case_study_etag(request, slug, case_slug):
    record = (
        PublishedCaseStudy.objects.filter(
            edition__slug=slug, edition__status="published", slug=case_slug
        )
        .only("pdf_sha256")
        .first()
    )
    return record.pdf_sha256 if record and record.pdf_sha256 else None


@require_safe
@FILES
@condition(etag_func=_case_study_etag)
def case_study_pdf(request, slug, case_slug):
    case_study = _case_study(slug, case_slug)
    return _pdf_response(case_study, f"{slug}-{case_slug}.pdf", request)


def _formats(slug, kind, case_slug=None):
    found = Format.objects.filter(
        edition__slug=slug, edition__status=Edition.Status.PUBLISHED, kind=kind
    )
    if case_slug:
        return found.filter(case_study__slug=case_slug)
    return found.filter(case_study=None)


def _format_etag(request, slug, kind, case_slug=None):
    record = _formats(slug, kind, case_slug).only("sha256").first()
    return record.sha256 if record else None


@require_safe
@FILES
@condition(etag_func=_format_etag)
def format_download(request, slug, kind, case_slug=None):
    """The edition, or one of its case studies, in another format: 404 for a format it does
    not come in or has not been made in yet."""
    record = _formats(slug, kind, case_slug).select_related("edition", "case_study").first()
    if record is None:
        raise Http404("This format is not available.")
    response = FileResponse(
        record.file.open("rb"),
        content_type=record.content_type,
        as_attachment=True,
        filename=record.filename,
    )
    response["Content-Length"] = record.size
    return response


# Evidence packs ---------------------------------------------------------------------------------


@require_safe
@public_page(params=evidence.NAMES)
def evidence_pack(request):
    """The current edition's case studies for the reader's choices, with their outcomes, how
    each is known and how to cite them."""
    current = editions.current()
    choices = evidence.choices_from(request.GET)
    facets = [
        {
            "name": name,
            "label": search.LABELS[name],
            "options": search.FACETS[name][1],
            "chosen": getattr(choices, name),
        }
        for name in evidence.NAMES
    ]
    return render(
        request,
        "collection/evidence_pack.html",
        {
            "edition": current,
            "choices": choices,
            "facets": facets,
            "case_studies": evidence.matching(current, choices) if current and choices.any else [],
        },
    )


@require_safe
def evidence_pack_pdf(request):
    """The pack as a tagged PDF, rendered once per edition and choices by the render task;
    while a worker is still making it, a page says so."""
    current = editions.current()
    choices = evidence.choices_from(request.GET)
    if current is None or not choices.any:
        raise Http404("Choose a region, an area of public service or a kind of work first.")
    if not evidence.matching(current, choices):
        raise Http404("No case study in the current edition matches these choices.")
    found = evidence.prepared(current, choices)
    if found.rendered_at is None:
        response = render(
            request, "collection/evidence_pack_waiting.html", {"choices": choices}, status=202
        )
        response["Retry-After"] = "15"
        return response
    return _pdf_response(found, f"{current.slug}-evidence-pack.pdf", request)


# Open data ------------------------------------------------------------------------------------

OPEN_FIELDS = [
    "edition",
    "position",
    "slug",
    "url",
    "title",
    "summary",
    "dpulo",
    "commissioner",
    "region",
    "areas",
    "kinds_of_work",
    "published_at",
]


def _open_rows(request, edition):
    for case_study in edition.case_studies.defer("body"):
        yield (
            case_study,
            {
                "edition": edition.slug,
                "position": case_study.position,
                "slug": case_study.slug,
                "url": request.build_absolute_uri(
                    reverse("collection:case-study", args=[edition.slug, case_study.slug])
                ),
                "title": case_study.title,
                "summary": case_study.summary,
                "dpulo": case_study.dpulo_name,
                "commissioner": case_study.commissioner_name,
                "region": case_study.region_label,
                "areas": case_study.area_labels,
                "kinds_of_work": case_study.kind_labels,
                "published_at": case_study.published_at.isoformat(),
            },
        )


# What the open data give of a toolkit outcome's working: every input, so anyone can
# recompute the figure (casestudies/value.py says how).
WORKING_FIELDS = Working.STATED


def _open_outcome(outcome):
    shown = {
        k: outcome[k] for k in ("label", "display", "unit", "value", "invested", "period", "source")
    }
    shown["evidence_level"] = outcome.get("evidence")
    shown["evidence"] = outcome.get("evidence_label", "")
    shown["independently_assured"] = bool(outcome.get("assured"))
    if outcome.get("working"):
        shown["working"] = outcome["working"]
    return shown


@require_safe
@PUBLIC
def open_data_json(request, slug):
    edition = _edition(slug)
    items = []
    for case_study, row in _open_rows(request, edition):
        row["sections"] = case_study.sections
        row["outcomes"] = [_open_outcome(o) for o in case_study.outcomes]
        items.append(row)
    body = json.dumps(
        {"edition": {"title": edition.title, "slug": edition.slug}, "case_studies": items},
        indent=2,
        ensure_ascii=False,
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
@PUBLIC
def open_data_csv(request, slug):
    edition = _edition(slug)
    rows = [
        OPEN_FIELDS,
        *([row[name] for name in OPEN_FIELDS] for _, row in _open_rows(request, edition)),
    ]
    return csv_response(rows, f"{edition.slug}-case-studies.csv")


OUTCOME_FIELDS = [
    "edition",
    "case_study",
    "case_study_title",
    "case_study_url",
    "figure",
    "label",
    "value",
    "invested",
    "unit",
    "unit_label",
    "period",
    "source",
    "evidence_level",
    "evidence",
    "independently_assured",
    *(f"working_{name}" for name in WORKING_FIELDS),
]


@require_safe
@PUBLIC
def outcomes_csv(request, slug):
    """One row per figure of the edition: each with its own unit, never added to another."""
    edition = _edition(slug)
    units = dict(Outcome.Unit.choices)
    rows = [OUTCOME_FIELDS]
    for case_study, row in _open_rows(request, edition):
        for outcome in case_study.outcomes:
            unit_label = outcome.get("unit_other") or units.get(outcome["unit"], outcome["unit"])
            rows.append(
                [
                    edition.slug,
                    case_study.slug,
                    case_study.title,
                    row["url"],
                    outcome["display"],
                    outcome["label"],
                    outcome["value"],
                    outcome.get("invested") or "",
                    outcome["unit"],
                    unit_label,
                    outcome.get("period", ""),
                    outcome.get("source", ""),
                    outcome.get("evidence") or "",
                    outcome.get("evidence_label", ""),
                    "yes" if outcome.get("assured") else "no",
                    *(outcome.get("working", {}).get(name, "") for name in WORKING_FIELDS),
                ]
            )
    return csv_response(rows, f"{edition.slug}-outcomes.csv")


class CaseStudyFeed(Feed):
    """An Atom feed of every published case study, newest first."""

    feed_type = Atom1Feed
    title = "DPULO case studies"
    subtitle = (
        "Case studies of Disabled People's User-Led Organisations working with commissioners."
    )

    def link(self):
        return reverse("collection:home")

    def items(self):
        return (
            PublishedCaseStudy.objects.filter(edition__status=Edition.Status.PUBLISHED)
            .select_related("edition")
            .defer("body", "sections")
            .order_by("-published_at", "position")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("collection:case-study", args=[item.edition.slug, item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.dpulo_name

    def item_categories(self, item):
        return [*item.area_labels, *item.kind_labels]
