"""Every page bench/load.py loads makes as many queries at fifty times the record as at
seed scale, as the benchmark checks at a million statements."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from oversight.models import Priority
from tests.benches import load_bench


def query_counts(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_the_benchmarked_pages_make_the_same_queries_at_any_scale(
    client, seeded, grow_the_record, make_status_update, make_statement
):
    priority = Priority.objects.get(slug="single-improvement-plan")
    document = Document.objects.get(slug="council-response-le-grand-review")
    urls = list(load_bench("load").PAGES.values())
    assert priority.get_absolute_url() in urls
    assert document.get_absolute_url() in urls
    at_seed_scale = query_counts(client, urls)

    grow_the_record(50)
    for day in range(20):
        make_status_update(priority, as_of=datetime.date(2014, 6, 1) + datetime.timedelta(day))
    make_statement(document=document, text=document.statements.first().text)
    assert query_counts(client, urls) == at_seed_scale
