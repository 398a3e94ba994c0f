"""The results as JSON (for comparing runs) and as a Markdown table (for reading)."""

import json
from datetime import UTC, datetime


def markdown(results):
    lines = [f"# Benchmark results, {results['finished']}", ""]
    lines += ["## Goals", "", "| Goal | Measured | Met |", "|---|---|---|"]
    for row in results["goals"]:
        lines.append(f"| {row['goal']} | {row['measured']} | {'yes' if row['met'] else 'no'} |")

    pages = results["public_pages"]
    sizes = list(pages)
    names = [name for name in pages[sizes[0]] if not name.startswith("_")]
    lines += ["", "## Public pages (Django test client)", ""]
    lines.append("| Page | " + " | ".join(f"N = {size}" for size in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for name in names:
        cells = [
            f"{pages[s][name]['queries']} q, {pages[s][name]['median_ms']} / "
            f"{pages[s][name]['p95_ms']} ms ({pages[s][name]['cached_median_ms']})"
            for s in sizes
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        "Each cell: SQL queries and median / 95th percentile latency of rendering the page "
        "(the cache emptied before every request), then in brackets the median when served "
        "from the public page cache."
    )

    for key, heading in (
        ("throughput", "Throughput, public page cache on (as deployed)"),
        ("throughput_uncached", "Throughput, public page cache off (every request rendered)"),
    ):
        load = results.get(key, {})
        if "skipped" in load:
            lines += ["", f"{heading}: skipped ({load['skipped']})."]
        elif load:
            lines += [
                "",
                f"## {heading}",
                "",
                f"gunicorn, {load['workers']} workers; wrk, {load['connections']} connections, "
                f"{load['seconds']} s each; N = {load['case_studies']}.",
                "",
                "| Target | Requests a second | Share of static | Non-2xx |",
                "|---|---|---|---|",
            ]
            for name, row in load.items():
                if isinstance(row, dict):
                    lines.append(
                        f"| {name} | {row['requests_per_second']} | {row['share_of_static']} "
                        f"| {row['errors']} |"
                    )

    render = results["edition_render"]
    lines += [
        "",
        "## PDFs",
        "",
        f"- Edition of {render['case_studies']} case studies: {render['pages']} pages, "
        f"{render['bytes'] // 1024} KB. Publish render {render['publish_render_median_ms']} ms, "
        f"WeasyPrint alone {render['weasyprint_alone_median_ms']} ms (ratio {render['ratio']}); "
        f"{render['pages_per_second']} pages a second; peak Python memory "
        f"{render['peak_python_memory_mb']} MB; second download "
        f"{render['second_download']['median_ms']} ms ({render['render_over_download']} × faster).",
        f"- The same publish render with Python's cycle collector left running (portal.pdf "
        f"pauses it): {render['collector_running_median_ms']} ms, peak Python memory "
        f"{render['collector_running_peak_python_memory_mb']} MB.",
    ]
    formats = results["formats"]
    shown = {
        "standard_pdf": "standard PDF",
        "large_print_pdf": "large print",
        "easy_read_pdf": "Easy Read",
        "epub": "EPUB",
    }
    parts = [
        f"{shown[name]} {row['median_ms']} ms"
        + (f" ({row['pages']} pages, {row['ms_per_page']} ms a page" if row["pages"] else " (")
        + f"{', ' if row['pages'] else ''}{row['bytes'] // 1024} KB, peak Python memory "
        f"{row['peak_python_memory_mb']} MB)"
        for name, row in formats["formats"].items()
    ]
    lines.append(
        f"- Every format of an edition of {formats['case_studies']} case studies: "
        + "; ".join(parts)
        + f". All together {formats['every_format_ms']} ms, "
        f"{formats['every_format_over_standard']} × the standard PDF alone (medians of "
        f"{formats['runs']} rounds; each round alone: "
        + ", ".join(f"{ratio} ×" for ratio in formats["every_format_over_standard_each_round"])
        + ")."
    )
    alone = formats["a_page_alone"]
    lines.append(
        f"- A page with one word on it ({alone['pages']} such pages): "
        f'{alone["with_page_numbers_ms"]} ms with "Page X of Y" as the PDFs have it, '
        f"{alone['with_page_numbers_measured_ms']} ms with its box as wide as its text, "
        f"{alone['with_page_numbers_as_released_ms']} ms so and with WeasyPrint computing every "
        f'page\'s styles afresh, {alone["without_ms"]} ms without "Page X of Y"; '
        "what a format pays for each page it has, whatever is on it."
    )
    for row in results["tagging"]["sizes"]:
        lines.append(
            f"- Tagging, {row['case_studies']} case studies ({row['pages']} pages): layout "
            f"{row['layout_s']} s ({row['layout_without_look_up_s']} s without looking up each "
            "page's margin boxes directly), untagged write "
            f"{row['write_untagged_s']} s, tagged write "
            f"{row['write_tagged_s']} s ({row['write_tagged_without_workaround_s']} s without "
            "reading page references once)."
        )
    a4 = results["a4_check"]
    lines.append(
        f"- A4 check, {a4['words']} words ({a4['pages']} pages): first look "
        f"{a4['first_look']['median_ms']} ms median, {a4['first_look']['p95_ms']} ms p95; "
        f"the same text again {a4['same_text_again']['median_ms']} ms; layout alone "
        f"{a4['layout_only']['median_ms']} ms."
    )
    lines += ["", "## Moderation page", ""]
    for expressions, row in results["moderation"].items():
        lines.append(
            f"- {expressions} expressions of interest × 5 assessors × 7 criteria: "
            f"{row['queries']} queries, {row['median_ms']} ms median, {row['p95_ms']} ms p95."
        )
    plan = results["search_plan"]
    lines += ["", f'## Search plan at N = {plan["case_studies"]} ("{plan["query"]}")', "", "```"]
    lines += plan["plan"]
    lines += ["```", "", f"Elapsed: {results['elapsed_seconds']} s."]
    return "\n".join(lines) + "\n"


def write(results, directory):
    results["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (directory / "latest.md").write_text(table)
    return table
