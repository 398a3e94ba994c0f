"""The benchmark suite itself runs: `python -m bench --quick` on tiny sizes, in its own
database, writes both result files, and its figures are the ones the goals are judged on."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_benchmark_suite_runs_and_writes_its_results(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment["BENCH_DATABASE"] = "dpulo_bench_check"
    result = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench", "--quick", "--sizes", "5,12", "--output", str(tmp_path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads((tmp_path / "latest.json").read_text())
    table = (tmp_path / "latest.md").read_text()
    assert table in result.stdout

    pages = results["public_pages"]
    assert set(pages) == {"5", "12"}
    for name in ("home", "list", "filter", "search", "case study"):
        assert pages["5"][name]["queries"] == pages["12"][name]["queries"] > 0
        assert pages["12"][name]["median_ms"] > 0
        assert pages["12"][name]["cached_median_ms"] > 0
    assert results["a4_check"]["words"] == 1500
    assert results["edition_render"]["pages"] > 10
    formats = results["formats"]["formats"]
    assert formats["large_print_pdf"]["pages"] > formats["standard_pdf"]["pages"]
    assert formats["epub"]["bytes"] > 0
    assert formats["epub"]["ms_per_page"] is None
    large = formats["large_print_pdf"]
    assert large["ms_per_page"] == round(large["median_ms"] / large["pages"], 1)
    render = results["edition_render"]
    assert render["collector_running_median_ms"] > 0
    assert render["collector_running_peak_python_memory_mb"] > 0
    assert "with Python's cycle collector left running" in table
    assert "Every format of an edition of 10 case studies: standard PDF" in table
    alone = results["formats"]["a_page_alone"]
    for variant in ("", "_measured", "_as_released"):
        assert alone[f"with_page_numbers{variant}_ms"] > 0
    assert alone["without_ms"] > 0
    rounds = results["formats"]["every_format_over_standard_each_round"]
    assert len(rounds) == results["formats"]["runs"] == 1
    assert "each round alone: " in table
    assert f"- A page with one word on it ({alone['pages']} such pages)" in table
    for row in results["tagging"]["sizes"]:
        assert row["layout_without_look_up_s"] > 0
    assert "without looking up each page's margin boxes directly" in table
    assert results["search_plan"]["plan"]
    goals = {row["goal"]: row["met"] for row in results["goals"]}
    assert goals["Moderation page in a fixed number of queries"] is True
    assert goals["Queries per public page the same at 5 and 12"] is True
    for row in results["goals"]:
        assert f"| {row['goal']} | {row['measured']} |" in table
