"""The order of the benchmark: PDFs first (on a small database), then the moderation page, then
the public collection grown through each size, measured at each."""

from django.core.management import call_command
from django.db import connection

from . import data, pdfs, web

THROUGHPUT_AT = 2000


def _analyse():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(sizes, *, quick, environment):
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    runs = 5 if quick else 30
    results = {"sizes": sizes, "quick": quick}

    results["a4_check"] = pdfs.a4_check(runs=runs)
    results["edition_render"] = pdfs.edition_render(
        case_studies=10 if quick else 50, runs=1 if quick else 3
    )
    results["formats"] = pdfs.formats_render(
        case_studies=10 if quick else 50, runs=1 if quick else 5
    )
    results["tagging"] = pdfs.tagging_growth(sizes=(5, 10) if quick else (50, 200))

    moderation = {}
    for expressions in (10, 100) if not quick else (2, 4):
        call, manager = data.assessed_call(f"moderation-{expressions}", expressions, assessors=5)
        _analyse()
        moderation[str(expressions)] = web.moderation(call, manager, runs=5 if quick else 10)
    results["moderation"] = moderation

    edition = data.collection_edition()
    pages = {}
    for size in sizes:
        data.grow_collection(edition, size)
        _analyse()
        pages[str(size)] = web.latency(size, runs)
        if size == THROUGHPUT_AT or (quick and size == sizes[-1]):
            seconds = 3 if quick else 10
            results["throughput"] = web.throughput(environment, seconds=seconds) | {
                "case_studies": size
            }
            # The same with the public page cache off: what rendering every request costs.
            results["throughput_uncached"] = web.throughput(
                environment | {"PUBLIC_PAGE_CACHE_SECONDS": "0"}, seconds=seconds
            ) | {"case_studies": size}
    results["public_pages"] = pages
    results["search_plan"] = web.search_plan() | {"case_studies": sizes[-1]}
    results["goals"] = goals(results)
    return results


def goals(results):
    """Each goal from the performance issue with the measured figure and whether it holds."""
    rows = []

    def goal(name, figure, met):
        rows.append({"goal": name, "measured": figure, "met": bool(met)})

    render = results["edition_render"]
    goal(
        "Publish render at most 1.15 × WeasyPrint alone",
        f"{render['ratio']}",
        render["ratio"] <= 1.15,
    )
    formats = results["formats"]
    goal(
        "Every format of the edition (standard PDF, large print, Easy Read, EPUB) at most "
        "2.5 × the standard PDF alone",
        f"{formats['every_format_over_standard']} ×",
        formats["every_format_over_standard"] <= 2.5,
    )
    goal(
        "Second download at least 100 × faster than the render",
        f"{render['render_over_download']} ×",
        render["render_over_download"] >= 100,
    )
    pages = results["public_pages"]
    smallest, largest = pages[str(results["sizes"][0])], pages[str(results["sizes"][-1])]
    names = [name for name in smallest if not name.startswith("_")]
    differing = [n for n in names if smallest[n]["queries"] != largest[n]["queries"]]
    goal(
        f"Queries per public page the same at {results['sizes'][0]} and {results['sizes'][-1]}",
        "same on every page" if not differing else "differ: " + ", ".join(differing),
        not differing,
    )
    goal(
        "Search served from the GIN index at the largest size",
        "yes" if results["search_plan"]["uses_gin_index"] else "no",
        results["search_plan"]["uses_gin_index"],
    )
    search_p95 = largest["search"]["p95_ms"]
    goal(f"Search p95 under 50 ms at {results['sizes'][-1]}", f"{search_p95} ms", search_p95 < 50)
    load = results.get("throughput", {})
    shares = {
        k: v["share_of_static"]
        for k, v in load.items()
        if isinstance(v, dict) and k != "static file"
    }
    if shares:
        worst = min(shares.values())
        goal(
            f"Public pages at {load.get('case_studies')} reach a quarter of static throughput",
            f"lowest {worst:.2f} ({min(shares, key=shares.get)})",
            worst >= 0.25,
        )
    a4 = results["a4_check"]["first_look"]["median_ms"]
    goal("A4 check under 100 ms (1,500 words, warm process)", f"{a4} ms", a4 < 100)
    counts = {k: v["queries"] for k, v in results["moderation"].items()}
    goal(
        "Moderation page in a fixed number of queries",
        ", ".join(f"{q} at {n} EOIs" for n, q in counts.items()),
        len(set(counts.values())) == 1,
    )
    return rows
