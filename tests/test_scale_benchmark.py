"""The scale benchmark's estimate at a million articles: which points it rests on, the growth it states."""

from __future__ import annotations

import importlib.util
import math
import sys

from tests.conftest import REPO


def _scale():
    spec = importlib.util.spec_from_file_location("scale_benchmark", REPO / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


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
