"""bench/search.py loads what it says and measures the same matches three ways."""

import importlib.util

from django.conf import settings

from documents.models import Statement


def load_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_search", settings.BASE_DIR / "bench" / "search.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_loads_synthetic_statements_that_search_icontains_and_floor_agree_on(db):
    bench = load_bench()
    bench.load(2000, seed=1)
    assert Statement.objects.filter(document__slug=bench.BENCH_SLUG).count() == 2000
    common = bench.search_page(bench.COMMON)
    assert 100 < common < 260  # planted in 8% of rows
    assert bench.floor(bench.COMMON) == common == bench.icontains_page(bench.COMMON)
    assert bench.search_page(bench.PHRASE) == bench.floor(bench.PHRASE)
