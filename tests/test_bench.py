"""bench/search.py loads what it says and measures the same matches four ways."""

from documents.models import Statement
from tests.benches import load_bench


def test_bench_loads_synthetic_statements_that_search_icontains_and_floor_agree_on(db):
    bench = load_bench("search")
    bench.load(2000, seed=1)
    assert Statement.objects.filter(document__slug=bench.BENCH_SLUG).count() == 2000
    common = bench.search_page(bench.COMMON)
    assert 100 < common < 260  # planted in 8% of rows
    assert bench.floor(bench.COMMON) == common == bench.icontains_page(bench.COMMON)
    assert bench.icontains_as_the_site_runs_it(bench.COMMON) == common
    assert bench.ranked(bench.COMMON) == common
    assert (
        bench.search_page(bench.PHRASE) == bench.floor(bench.PHRASE) == bench.ranked(bench.PHRASE)
    )


def test_bench_counts_a_broad_search_only_to_the_limit_as_the_page_does(db, settings):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 50
    bench = load_bench("search")
    bench.load(2000, seed=1)
    assert bench.search_page(bench.COMMON) == bench.floor(bench.COMMON) == 51
    assert bench.ranked(bench.COMMON) > 100
