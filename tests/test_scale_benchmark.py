"""The scale benchmark's estimate at a million articles: which points it rests on, the growth it states."""

from __future__ import annotations

import importlib.util
import math
import sys

from tests.conftest import REPO


def _benchmark(name: str):
    """A script of benchmarks/ loaded as a module."""
    spec = importlib.util.spec_from_file_location(f"{name}_benchmark", REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _scale():
    return _benchmark("scale")


def _run(seconds: float, mb: float) -> dict:
    return {"seconds": seconds, "peak_tree_mb": mb, "returncode": 0, "kernels": 0, "note": "",
            "peak_driver_mb": mb}


def test_the_growth_exponent_is_the_log_log_slope_between_the_end_points():
    scale = _scale()
    assert scale._exponent([(10_000, 100.0), (50_000, 420.0), (100_000, 1000.0)]) == 1.0
    assert math.isclose(scale._exponent([(10_000, 500.0), (100_000, 500.0 * 10 ** 0.25)]), 0.25)


def test_the_million_rests_on_points_of_10k_or_more():
    scale = _scale()
    data = {"build/5000/cold": _run(1.0, 9999.0), "build/10000/cold": _run(100.0, 600.0),
            "build/100000/cold": _run(1000.0, 900.0)}
    row = scale._estimate(data, "cold")
    # the line through 10k and 100k only (the 5k point is left out): 100 s and 33.3 MB per 10k articles
    assert row.startswith("| cold | 10k, 100k | 2.78 h (10,000 s) | 3,900 MB | 100.0 s and +33.3 MB per 10k")
    assert "time ∝ n^1.00, memory ∝ n^0.18" in row
    assert "not measured (needs two points of 10k or more)" in scale._estimate(data, "dask")


def test_the_budget_left_by_the_spacy_target_is_set_beside_the_regex_engine_time():
    scale = _scale()
    speed = {"articles": 1000, "spacy": {"seconds": 20.0}}
    budget = {"one_article_seconds": 1.01, "ms_per_article": 10.0, "re_ms_per_article": 4.0,
              "re_calls_per_article": 2500, "profiler_ns_per_call": 150, "articles_timed": 500,
              "top_callers": [{"caller": "parse._match_rule", "share": 0.25}]}
    text = "\n".join(scale._budget_lines(budget, speed))
    # 2× spaCy: 10 s; start-up 1.01 s less one article's 10 ms is 1.00 s; 9 s over 1,000 articles
    assert "start-up is ≈ 1.00 s" in text and "is 10.0 s for the 1,000 articles" in text
    assert "leaves 9.00 ms per article, more than the `re` engine alone takes" in text
    assert "4.00 ms (40%)" in text and "| `parse._match_rule` | 25% |" in text
    slower = {**budget, "re_ms_per_article": 9.5}
    assert "9.00 ms per article, less than the" in "\n".join(scale._budget_lines(slower, speed))
    tiny = {"articles": 10, "spacy": {"seconds": 1.5}}  # 2× spaCy: 0.75 s, below the 1.00 s start-up
    assert "leaves nothing: start-up alone takes longer than the target" in "\n".join(
        scale._budget_lines(budget, tiny))


def test_the_time_share_sums_the_pattern_methods_less_the_profilers_cost():
    share = _benchmark("time_share").share
    search = ("~", 0, "<method 'search' of 're.Pattern' objects>")
    helper = ("/src/analysis/text/helper.py", 3, "helper")
    stats = {search: (300, 300, 0.6, 0.6, {("/src/a/parse.py", 9, "_match_rule"): (200, 200, 0.45, 0.45),
                                          ("/src/a/speakers.py", 5, "_alias_ref"): (100, 100, 0.15, 0.15)}),
             helper: (10, 10, 5.0, 6.0, {})}
    found = share(stats, n_articles=100, per_call_cost=1e-3)
    # 0.6 s less 300 calls × 1 ms = 0.3 s over 100 articles; the helper is not a pattern method
    assert found == {"re_calls_per_article": 3, "re_ms_per_article": 3.0, "profiler_ns_per_call": 1000000,
                     "top_callers": [{"caller": "parse._match_rule", "share": 0.75},
                                     {"caller": "speakers._alias_ref", "share": 0.25}]}
