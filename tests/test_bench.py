"""bench/search.py loads what it says and measures the same matches four ways."""

from django.db import connection

from documents.models import Statement
from tests.benches import load_bench


def test_bench_loads_synthetic_statements_that_search_icontains_and_floor_agree_on(db):
    bench = load_bench("search")
    bench.load(2000, seed=1)
    loaded = Statement.objects.filter(document__slug=bench.BENCH_SLUG)
    assert loaded.count() == 2000
    # As Statement.save() sets it: a feed's entry needs the time it entered the record.
    assert not loaded.filter(recorded_at__isnull=True).exists()
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


def test_bench_times_the_word_just_past_the_limit_on_postgresql(db, settings):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 50
    bench = load_bench("search")
    bench.load(2000, seed=1)
    word = bench.word_just_past_the_limit()
    if connection.vendor != "postgresql":
        assert word is None  # SQLite keeps no count for each word, and has no plan to choose
        return
    assert bench.search_page(word) == bench.floor(word) == 51
    matches = bench.ranked(word)
    assert matches > 50
    # No word past the limit is in fewer statements.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM documents_statement_lexeme WHERE statements > 50 "
            "AND statements < %s",
            [matches],
        )
        assert cursor.fetchone()[0] == 0
