"""A search of one word shows how many statements have it, however they come and go: on
PostgreSQL read from the count kept for each word (migration 0009), elsewhere counted."""

import datetime
import re
import threading
import time

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Statement
from people.models import Role

URL = reverse("documents:statements")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the counts are kept on PostgreSQL"
)


def heading(client, query):
    """Return the results' heading for a search: "3 statements", "More than 3 statements"."""
    page = client.get(URL, {"q": query}).content.decode()
    return re.search(r'<h2 id="results">(.*?)</h2>', page).group(1)


@pytest.fixture
def zebras(make_document, make_statement):
    """Return a function that adds a statement about zebras."""

    def add(text="The zebra said something."):
        return make_statement(document=make_document(body=f"Intro: {text} End."), text=text)

    return add


def test_a_one_word_search_counts_statements_as_they_come_change_and_go(client, zebras, settings):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 3
    first = zebras("The zebra said zebras, zebras.")  # one statement, however many times
    zebras()
    assert heading(client, "zebra") == "2 statements"
    zebras()
    assert heading(client, "zebras") == "3 statements"
    zebras()
    assert heading(client, "zebra") == "More than 3 statements"
    Statement.objects.filter(pk=first.pk).update(text="The horse said horses, horses.")
    assert heading(client, "zebra") == "3 statements"
    assert heading(client, "horse") == "1 statement"
    Statement.objects.filter(text__contains="zebra").first().delete()
    assert heading(client, "zebra") == "2 statements"


def test_a_word_that_names_a_post_counts_what_its_holders_said_in_it(client, seeded):
    """ "director" is in few statements' words, and in the title of posts whose holders
    said more: the count is of both."""
    found = Statement.objects.search("director").count()
    in_words = Statement.objects.filter(text__icontains="director").count()
    assert found > in_words
    assert heading(client, "director") == f"{found} statements"


def test_a_post_renamed_to_a_searched_word_counts_what_its_holder_said_in_it(
    client, zebras, make_role, make_document, make_statement
):
    zebras()
    role = make_role(title="Keeper of Horses", started_on=datetime.date(2014, 1, 1))
    document = make_document(body="Intro: The horse said it. End.")
    make_statement(document=document, text="The horse said it.", speakers=[role.person])
    assert heading(client, "zebra") == "1 statement"
    Role.objects.filter(pk=role.pk).update(title="Keeper of Zebras")
    assert heading(client, "zebra") == "2 statements"
    Role.objects.filter(pk=role.pk).update(title="Keeper of Horses")
    assert heading(client, "zebra") == "1 statement"


def test_a_word_that_names_a_post_and_is_in_more_words_than_the_limit_says_more_than(
    client, zebras, make_role, settings
):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 2
    make_role(title="Keeper of Zebras")
    for _ in range(3):
        zebras()
    assert heading(client, "zebra") == "More than 2 statements"


@postgresql_only
def test_a_one_word_search_reads_its_count_rather_than_counting_its_matches(client, seeded):
    with CaptureQueriesContext(connection) as queries:
        assert heading(client, "inspection") == "6 statements"
    assert not [q for q in queries if q["sql"].startswith("SELECT count(*)")]
    with CaptureQueriesContext(connection) as queries:  # a filter too: counted
        client.get(URL, {"q": "inspection", "kind": "direct_quote"})
    assert [q for q in queries if q["sql"].startswith("SELECT count(*)")]


def kept_counts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme, statements FROM documents_statement_lexeme")
        return {lexeme: count for lexeme, count in cursor.fetchall() if count}


def counts_of_the_words_held():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM documents_statement')"
        )
        return dict(cursor.fetchall())


@postgresql_only
def test_the_counts_kept_are_those_of_the_words_held_through_every_kind_of_write(seeded, zebras):
    assert kept_counts() == counts_of_the_words_held()
    added = [zebras() for _ in range(3)]
    Statement.objects.bulk_create(
        [Statement(**{**vars_of(added[0]), "reference": f"copy-{n}"}) for n in range(2)]
    )
    Statement.objects.filter(pk=added[1].pk).update(text="The horse said something.")
    Statement.objects.filter(pk__in=[added[0].pk, added[2].pk]).delete()
    Statement.objects.filter(reference="copy-0").update(kind=Statement.Kind.REPORTED)
    assert kept_counts()["zebra"] == 2
    assert kept_counts() == counts_of_the_words_held()
    with connection.cursor() as cursor:  # as the test suite's flush does, with the rest
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE documents_statement CASCADE")
    assert kept_counts() == {}


def vars_of(statement):
    """Return a statement's column values, to copy it."""
    return {
        field.attname: getattr(statement, field.attname)
        for field in Statement._meta.concrete_fields
        if not field.primary_key
    }


@postgresql_only
def test_two_writers_counting_the_same_word_wait_for_each_other_rather_than_deadlock(
    transactional_db, zebras
):
    """Every write to the record raises the record version first, then counts its words
    (migration 0010), so a writer holding the version queues the others before they hold
    a count. In the other order, an officer's save could fail as a deadlock: one writer
    holds the version and wants "zebra"'s count, the other holds the count and wants the
    version."""
    first, second = zebras("The horse said it."), zebras("The horse said it.")
    name = connection.settings_dict["NAME"]
    with (
        psycopg.connect(dbname=name, **server()) as holder,
        psycopg.connect(dbname=name, autocommit=True, **server()) as other,
    ):
        holder.execute(
            "UPDATE oversight_recordversion SET version = version + 1"  # as a status update
        )
        failed = []

        def change_the_second():
            try:
                other.execute(to_zebra, [second.pk])
            except psycopg.Error as error:
                failed.append(error)

        waiting = threading.Thread(target=change_the_second)
        waiting.start()
        wait_until_blocked(holder, other.info.backend_pid)
        holder.execute(to_zebra, [first.pk])
        holder.commit()
        waiting.join(timeout=10)
    assert not waiting.is_alive()
    assert failed == []
    assert kept_counts()["zebra"] == 2


to_zebra = "UPDATE documents_statement SET text = 'The zebra said it.' WHERE id = %s"  # same length


def server():
    settings = connection.settings_dict
    return {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }


def wait_until_blocked(watcher, pid):
    """Wait until the backend `pid` waits for a lock."""
    for _ in range(200):
        row = watcher.execute(
            "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
        ).fetchone()
        if row and row[0] == "Lock":
            return
        time.sleep(0.05)
    raise AssertionError("the second writer never waited")
