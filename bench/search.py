"""Benchmark statement search against `icontains` and the raw SQL floor.

Fills the configured database (DATABASE_URL, or the SQLite default) with N synthetic
statements of English-like text: a Zipf-distributed vocabulary of made-up words, with
planted terms at known frequencies. Then times, for a rare word, two mid-frequency words,
a common word (in ~8% of rows) and a two-word phrase, and on PostgreSQL for the word in
fewest statements past the results limit (a broad search whose newest matches lie deepest):

    page       what the search page runs for its first page, through its own view code:
               the count (up to OVERSIGHT_SEARCH_RESULTS_LIMIT + 1), the first 20 in the
               page's order (by relevance, or newest first for a broad search), their
               speakers and the highlighted snippets; as a new search, with nothing
               in the cache (which keeps a search's count until the record changes)
    icontains  the same words through `text__icontains`: first page of 20 and its count,
               as stock PostgreSQL runs it (two parallel workers, JIT on: "stock") and as
               the site's own sessions run it (neither, oversight/settings.py: "site")
    floor      the same plan in the engine's own SQL with no ORM: count to the limit (for
               one word on PostgreSQL, read the count kept for it, as the page does) and
               the ids of the first 20 (by rank, or newest first for a broad search)
    ranked     every match counted and ranked (the page before the limit): `count(*)`
               and the first 20 by rank, in raw SQL

and prints the median and p95 of each, and the ratios, between two timings of a fixed
Python loop (bench/load.py's CPU check) that say how fast the machine was. It runs with
production's settings (DJANGO_DEBUG=0) unless the environment says otherwise. Usage:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oversight_bench_search \\
        .venv/bin/python bench/search.py --rows 1000000

It refuses to touch a database that holds statements of its own (not synthetic) unless
--force is given. A second run with the same --rows reuses the rows already loaded.
"""

import argparse
import bisect
import datetime
import itertools
import math
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings")
if __name__ == "__main__":  # not when a test imports it: its process keeps its settings
    # As production runs (and bench/load.py's servers): with DEBUG on, Django's cursor
    # also times and records every query, which a page of several queries pays for each.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

# bench/ is scripts, not a package: Python reads it as a namespace package here.
from bench.load import cpu_check  # noqa: E402
from documents.filters import StatementFilterSet  # noqa: E402
from documents.models import Document, Statement  # noqa: E402
from documents.search import attach_headlines, parse  # noqa: E402
from documents.views import StatementListView  # noqa: E402

BENCH_SLUG = "bench-synthetic"
PAGE = 20
# Planted terms and the share of rows each is put in; made-up filler never collides.
RARE, MID, COMMON, PHRASE = "quillwort", "ombudsman", "safeguarding", '"care leavers"'
LESS_MID = "tribunal"
PLANTED = [
    (RARE, 0.0001),
    (LESS_MID, 0.001),
    (MID, 0.01),
    (COMMON, 0.08),
    ("care leavers", 0.005),
    ("care", 0.03),
    ("leavers", 0.01),
]
CASES = [
    ("rare word", RARE),
    ("mid word, 0.1%", LESS_MID),
    ("mid word, 1%", MID),
    ("common word", COMMON),
    ("phrase", PHRASE),
]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def vocabulary(size, rng):
    """Return `size` distinct made-up words of two to four syllables."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    return sorted(words)


def statement_texts(rows, rng, words=30_000, zipf=1.07):
    """Yield `rows` texts: Zipf-distributed filler in sentences, with the planted terms."""
    vocab = vocabulary(words, rng)
    rng.shuffle(vocab)
    cumulative = list(itertools.accumulate(1 / rank**zipf for rank in range(1, words + 1)))
    total = cumulative[-1]
    for _ in range(rows):
        length = rng.randint(8, 60)
        filler = [vocab[bisect.bisect(cumulative, rng.random() * total)] for _ in range(length)]
        for term, share in PLANTED:
            if rng.random() < share:
                filler.insert(rng.randrange(len(filler) + 1), term)
        sentences = [filler[i : i + 12] for i in range(0, len(filler), 12)]
        yield " ".join(" ".join(s).capitalize() + "." for s in sentences)


def bench_document():
    document, _ = Document.objects.get_or_create(
        slug=BENCH_SLUG,
        defaults={"title": "Synthetic statements for bench/search.py", "kind": "news_article"},
    )
    return document


def load(rows, seed):
    """Replace the synthetic statements with `rows` new ones."""
    rng = random.Random(seed)
    document = bench_document()
    first_day = datetime.date(2000, 1, 1).toordinal()
    with transaction.atomic(), connection.cursor() as cursor:
        # Plain SQL: the ORM's delete() would first fetch a million rows to cascade from.
        # Synthetic statements have no speakers, passages or status updates.
        cursor.execute("DELETE FROM documents_statement WHERE document_id = %s", [document.pk])
    started = time.perf_counter()
    texts = statement_texts(rows, rng)

    loaded_at = timezone.now()  # as Statement.save() sets it: when it entered the record

    def row(number, text):
        day = datetime.date.fromordinal(first_day + rng.randrange(9000))
        reference = f"bench-{number}"
        return (document.pk, 0, len(text), text, reference, "direct_quote", day, "day", loaded_at)

    columns = (
        'document_id, start, "end", text, reference, kind, said_on, said_on_precision, recorded_at'
    )
    if connection.vendor == "postgresql":
        # Building the GIN index once, after the load, is far quicker than growing it; inside
        # a transaction (the test suite's) deferred constraint checks forbid that, so grow it.
        rebuild = not connection.in_atomic_block
        with connection.cursor() as cursor:
            if rebuild:
                cursor.execute("DROP INDEX IF EXISTS statement_search_vector_idx")
            with cursor.cursor.copy(f"COPY documents_statement ({columns}) FROM STDIN") as copy:
                for number, text in enumerate(texts):
                    copy.write_row(row(number, text))
            if rebuild:
                cursor.execute("SET maintenance_work_mem = '1GB'")
                cursor.execute(
                    "CREATE INDEX statement_search_vector_idx "
                    "ON documents_statement USING gin (search_vector)"
                )
            # As autovacuum would: statistics, and the visibility map for the fresh rows.
            cursor.execute(f"{'VACUUM ANALYZE' if rebuild else 'ANALYZE'} documents_statement")
            if rebuild:
                # The load written out now, as on a site that has run a while: otherwise the
                # timings share the machine with minutes of writing a gigabyte of new pages
                # back, and the first run after a load measured that (see docs/benchmarks.md).
                cursor.execute("CHECKPOINT")
    else:
        placeholders = ", ".join(["%s"] * 9)
        sql = f"INSERT INTO documents_statement ({columns}) VALUES ({placeholders})"
        with transaction.atomic(), connection.cursor() as cursor:
            batch = []
            for number, text in enumerate(texts):
                batch.append(row(number, text))
                if len(batch) == 10_000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def search_page(query):
    """Run the search page's queries for its first page, through the page's own view code.

    As a search asked for the first time: the cache, which keeps a search's count until
    the record changes, is emptied first.
    """
    cache.clear()
    view = StatementListView()
    view.filterset = StatementFilterSet({"q": query}, queryset=view.base_queryset())
    assert view.filterset.is_valid(), view.filterset.errors
    # Outside a transaction, as the page is read (oversight/urls.py, reading_only).
    paginator = view.get_paginator(view.get_queryset(), PAGE)
    with view.page_plan():
        page = list(paginator.page(1))
    attach_headlines(page, parse(query))
    return paginator.matches


def icontains_page(query, *, stock=True):
    """Return the count of the first page through `icontains`.

    `stock`: as stock PostgreSQL runs it. The site's sessions forgo parallel workers and
    JIT (oversight/settings.py), which a sequential scan would miss; without `stock` it
    runs as they do.
    """
    words = query.strip('"')
    statements = Statement.objects.filter(text__icontains=words).order_by("-said_on", "-pk")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and stock:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 2")
            cursor.execute("SET LOCAL jit = on")
        count = statements.count()
        list(statements[:PAGE])
    return count


def icontains_as_the_site_runs_it(query):
    return icontains_page(query, stock=False)


def raw_sql(count_sql, page_sql, count_params, page_params):
    with connection.cursor() as cursor:
        cursor.execute(count_sql, count_params)
        count = cursor.fetchone()[0]
        cursor.execute(page_sql, page_params)
        cursor.fetchall()
    return count


PG_MATCH = "search_vector @@ websearch_to_tsquery('english', %s)"
PG_RANK = "ts_rank(search_vector, websearch_to_tsquery('english', %s), 1) DESC"
FTS_MATCH = "SELECT rowid FROM documents_statement_fts WHERE documents_statement_fts MATCH %s"


def floor(query):
    """The page's plan in raw SQL: count to the limit, then rank or take the newest.

    The planted words name no post, so a one-word search's count is read, as the page
    reads it.
    """
    limit = settings.OVERSIGHT_SEARCH_RESULTS_LIMIT + 1
    match = PG_MATCH if connection.vendor == "postgresql" else f"id IN ({FTS_MATCH})"
    count_sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM documents_statement WHERE {match} "
        f"LIMIT {limit}) AS hits"
    )
    kept = (
        "SELECT least(coalesce((SELECT statements FROM documents_statement_lexeme "
        "WHERE lexeme = words[1]), 0), %s) "
        "FROM tsvector_to_array(to_tsvector('english', %s)) AS words WHERE cardinality(words) = 1"
    )
    one_word = connection.vendor == "postgresql" and parse(query).only_word()
    with connection.cursor() as cursor:
        row = None
        if one_word:  # as the page does: a word of one lexeme is read, any other counted
            cursor.execute(kept, [limit, query])
            row = cursor.fetchone()
        if row is None:
            cursor.execute(count_sql, [query])
            row = cursor.fetchone()
        count = row[0]
        if count >= limit:
            newest = "ORDER BY said_on DESC NULLS LAST, id DESC"
            cursor.execute(
                f"SELECT id FROM documents_statement WHERE {match} {newest} LIMIT 20", [query]
            )
        elif connection.vendor == "postgresql":
            page_sql = (
                f"SELECT id FROM documents_statement WHERE {PG_MATCH} ORDER BY {PG_RANK} LIMIT 20"
            )
            cursor.execute(page_sql, [query, query])
        else:
            cursor.execute(f"{FTS_MATCH} ORDER BY rank LIMIT 20", [query])
        cursor.fetchall()
    return count


def ranked(query):
    """Every match counted and ranked, as the page did before it had a limit."""
    if connection.vendor == "postgresql":
        count_sql = f"SELECT count(*) FROM documents_statement WHERE {PG_MATCH}"
        page_sql = (
            f"SELECT id FROM documents_statement WHERE {PG_MATCH} ORDER BY {PG_RANK} LIMIT 20"
        )
        return raw_sql(count_sql, page_sql, [query], [query, query])
    count_sql = f"SELECT count(*) FROM ({FTS_MATCH}) AS hits"
    page_sql = f"{FTS_MATCH} ORDER BY rank LIMIT 20"
    return raw_sql(count_sql, page_sql, [query], [query])


def word_just_past_the_limit():
    """Return the word in fewest statements among those in more than the results limit,
    or None on SQLite. Read newest first, such a broad search finds its twenty newest
    furthest down: the worst case for walking the newest-first index (search.Engine.
    page_plan). From the counts PostgreSQL keeps for each word; SQLite keeps none, and
    has no plan to choose."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM documents_statement_lexeme WHERE statements > %s "
            "ORDER BY statements, lexeme LIMIT 1",
            [settings.OVERSIGHT_SEARCH_RESULTS_LIMIT],
        )
        row = cursor.fetchone()
    return row and row[0]


def timings(function, query, repeat):
    """Return (count, [milliseconds]) over `repeat` runs after one warm-up run."""
    count = function(query)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(query)
        times.append((time.perf_counter() - started) * 1000)
    return count, times


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic statements")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of search and floor")
    parser.add_argument(
        "--icontains-repeat", type=int, default=5, help="timed runs of icontains (slow)"
    )
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--force", action="store_true", help="run beside real statements")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    real = Statement.objects.exclude(document__slug=BENCH_SLUG).count()
    if real and not args.force:
        sys.exit(f"This database holds {real} real statements; use an empty one, or --force.")
    have = Statement.objects.filter(document__slug=BENCH_SLUG).count()
    database = connection.settings_dict["NAME"]
    print(f"Database: {connection.vendor} ({database}); DEBUG {settings.DEBUG}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            print(cursor.fetchone()[0])
            for setting in ("shared_buffers", "work_mem", "jit", "max_parallel_workers_per_gather"):
                cursor.execute(f"SHOW {setting}")
                print(f"{setting} = {cursor.fetchone()[0]}")
    if have != args.rows:
        print(f"Loading {args.rows:,} synthetic statements ...", flush=True)
        print(f"Loaded in {load(args.rows, args.seed):.1f} s")
    else:
        print(f"Reusing {have:,} synthetic statements")

    print()
    print(f"CPU check before: {cpu_check():.0f} ms (a fixed Python loop; lower is faster)")
    limit = settings.OVERSIGHT_SEARCH_RESULTS_LIMIT
    print(f"Results limit (OVERSIGHT_SEARCH_RESULTS_LIMIT): {limit:,}")
    print()
    print(
        "| query | matches | page median / p95 (ms) | icontains, stock: median / p95 (ms) "
        "| icontains, site: median / p95 (ms) "
        "| floor median / p95 (ms) | ranked median / p95 (ms) "
        "| icontains ÷ page (p95), stock / site | page ÷ floor (p95) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    cases = list(CASES)
    if past_the_limit := word_just_past_the_limit():
        cases.insert(3, ("word just past the limit", past_the_limit))
    for label, query in cases:
        _, paged = timings(search_page, query, args.repeat)
        _, stock = timings(icontains_page, query, args.icontains_repeat)
        _, site = timings(icontains_as_the_site_runs_it, query, args.icontains_repeat)
        _, floored = timings(floor, query, args.repeat)
        count, ranks = timings(ranked, query, args.repeat)
        print(
            f"| {label} `{query}` | {count:,} "
            f"| {statistics.median(paged):.1f} / {p95(paged):.1f} "
            f"| {statistics.median(stock):.1f} / {p95(stock):.1f} "
            f"| {statistics.median(site):.1f} / {p95(site):.1f} "
            f"| {statistics.median(floored):.1f} / {p95(floored):.1f} "
            f"| {statistics.median(ranks):.1f} / {p95(ranks):.1f} "
            f"| {p95(stock) / p95(paged):.0f}x / {p95(site) / p95(paged):.0f}x "
            f"| {p95(paged) / p95(floored):.1f}x |",
            flush=True,
        )
    print()
    print(f"CPU check after: {cpu_check():.0f} ms")


if __name__ == "__main__":
    main()
