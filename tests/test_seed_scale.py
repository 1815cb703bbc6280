"""bench/seed_scale.py writes a record the models accept: spans that match their document,
search that finds the planted words, and a current status that is each item's latest."""

import argparse

import pytest
from django.db import connection

from documents.models import Document, Statement
from oversight.models import Priority, Recommendation, RecordVersion
from tests.benches import load_bench
from tests.documents.test_word_counts import counts_of_the_words_held, kept_counts


def small_scale(**overrides):
    values = {"statements": 3000, "documents": 300, "people": 40, "organisations": 5}
    values |= {"items": 20, "updates": 200, "seed": 1, "no_seed_record": True}
    return argparse.Namespace(**(values | overrides))


def test_seed_scale_writes_a_record_the_site_reads_as_its_own(client, seeded, capsys):
    version = RecordVersion.current()
    load_bench("seed_scale").seed_scale(small_scale())
    assert "3,000 statements" in capsys.readouterr().out

    synthetic = Statement.objects.filter(reference__startswith="synthetic-")
    assert synthetic.count() == 3000
    # As Statement.save() sets it: a feed's entry needs the time it entered the record.
    assert not synthetic.filter(recorded_at__isnull=True).exists()
    assert Document.objects.filter(slug__startswith="synthetic-").count() == 300
    for statement in synthetic.select_related("document").order_by("?")[:200]:
        assert statement.provenance_error() is None
        assert statement.speakers.exists()
    # bench/search.py's vocabulary puts "safeguarding" in about 8% of statements; a search
    # also finds what holders of "... Safeguarding" posts said.
    in_text = synthetic.filter(text__icontains="safeguarding").count()
    assert 150 < in_text < 330
    assert Statement.objects.search("safeguarding").count() > in_text

    for item in [
        *Priority.objects.filter(slug__startswith="synthetic-"),
        *Recommendation.objects.filter(review__slug__startswith="synthetic-"),
    ]:
        latest = item.updates.latest_first().first()
        assert (item.status, item.rag, item.status_as_of) == (
            latest.status,
            latest.rag,
            latest.as_of,
        )
        assert item.updates.count() == 10
    assert RecordVersion.current() > version
    assert "Synthetic priority 0" in client.get("/priorities/?page=1").content.decode()


def test_seed_scale_writes_the_titles_the_database_would(db, capsys):
    """On PostgreSQL the loader writes each statement's post titles itself, with the
    triggers off; they must be the ones the triggers would have written."""
    if connection.vendor != "postgresql":
        pytest.skip("role_titles is PostgreSQL's")
    load_bench("seed_scale").seed_scale(small_scale(statements=500, documents=50))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(role_titles), count(*) FILTER ("
            "WHERE strip(to_tsvector('english', coalesce(role_titles, ''))) <> "
            "strip(to_tsvector('english', coalesce(documents_role_titles(id, said_on), ''))))"
            " FROM documents_statement"
        )
        statements, with_titles, different = cursor.fetchone()
    assert statements == 500
    assert with_titles > 100
    assert different == 0


def test_seed_scale_leaves_every_word_counted_for_the_search_page(client, db):
    """The loader writes with the triggers off; a one-word search's count must still be
    right, as it is read from the counts kept for each word on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("the counts are kept on PostgreSQL")
    load_bench("seed_scale").seed_scale(small_scale(statements=500, documents=50))
    assert kept_counts() == counts_of_the_words_held()
    page = client.get("/statements/", {"q": "ombudsman"}).content.decode()
    found = Statement.objects.search("ombudsman").count()
    assert found > 0
    assert f'<h2 id="results">{found} statement' in page
