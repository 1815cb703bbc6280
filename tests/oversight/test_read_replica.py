"""A read replica (DATABASE_REPLICA_URL) serves the public's reads, never an older record.

Run against a real streaming replica by `.ci/replica`, which starts a primary and a hot
standby of it for these tests; without a replica configured they are skipped. Writes are
made visible to the replica by committing them (transactional tests), and the replica is
held behind by pausing its replay of the primary's changes.
"""

import contextlib
import datetime
import io
import logging
import re
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext

from oversight import replica
from oversight.models import Priority
from tests.oversight.test_record_status import change_url, form_data, record_url
from tests.pages import section
from tests.servers import SilentServer, closed_port, later

REPLICA = "replica"
VERSION_READ = "SELECT version FROM"
RECORD_TABLE = re.compile(r"\b(?:people|documents|oversight)_[a-z_]+")
pytestmark = [
    pytest.mark.skipif(
        REPLICA not in settings.DATABASES,
        reason="no read replica: DATABASE_REPLICA_URL is not set (.ci/replica starts one)",
    ),
    # Committed, so that replication carries them; the groups of the data migrations are
    # put back after each test, which empties the tables.
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", REPLICA]
    ),
]
# Each public page, and words of the record it shows.
PUBLIC_PAGES = {
    "/": "A single and coherent improvement plan",
    "/priorities/": "A single and coherent improvement plan",
    "/priorities/single-improvement-plan/": "A single and coherent improvement plan",
    "/statements/?q=jury": "jury",
    "/statements/?q=jury&format=csv": "jury",
    "/api/statements/?q=jury": "jury",
    "/priorities/feed/": "single and coherent improvement plan",
}


def sql(alias, query):
    with connections[alias].cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def caught_up():
    """Wait until the replica has replayed everything the primary has committed."""
    written = sql("default", "SELECT pg_current_wal_lsn()::text")
    for _ in range(300):
        if sql(REPLICA, f"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn"):
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up with the primary within 30 s")


@contextlib.contextmanager
def replay_paused():
    """Hold the replica behind: it receives the primary's changes but applies none."""
    sql(REPLICA, "SELECT pg_wal_replay_pause()::text")
    try:
        yield
    finally:
        sql(REPLICA, "SELECT pg_wal_replay_resume()::text")


@pytest.fixture
def record():
    """The shipped record, committed on the primary and replayed on the replica."""
    assert sql(REPLICA, "SELECT pg_is_in_recovery()"), "DATABASE_REPLICA_URL is not a replica"
    call_command("load_seeds", stdout=io.StringIO())
    caught_up()


def read(client, path):
    """Return the page at `path`, and the queries each database answered for it."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        return served(client, path), primary, replica


def served(client, path):
    """Return the page at `path`, which must be served."""
    response = client.get(path)
    body = b"".join(response) if response.streaming else response.content
    assert response.status_code == 200, (path, body[:500])
    return body.decode()


def reads_of_the_record(queries):
    """Return the queries that read the record's tables, but for its version.

    Not sessions or users, nor a transaction's bounds (which Django logs, and psycopg does
    not send for a transaction that ran no query).
    """
    return [
        query["sql"]
        for query in queries.captured_queries
        if RECORD_TABLE.search(query["sql"]) and VERSION_READ not in query["sql"]
    ]


def served_by(primary, replica):
    """Name the database a page's record was read from: the other read its version at most.

    A page kept in the cache under the version both hold reads no more than the version.
    """
    by_primary, by_replica = reads_of_the_record(primary), reads_of_the_record(replica)
    assert not (by_primary and by_replica), (by_primary, by_replica)
    return REPLICA if by_replica else "default" if by_primary else "the cache"


def priorities(client):
    return section(client.get("/"), "The Commissioner's priorities")


@pytest.mark.parametrize(("path", "words"), PUBLIC_PAGES.items())
def test_the_public_pages_read_the_record_from_the_replica(record, client, path, words):
    page, primary, replica = read(client, path)
    assert served_by(primary, replica) == REPLICA
    assert reads_of_the_record(primary) == [], "the primary is asked only for its version"
    assert words in page


def test_a_status_saved_while_the_replica_is_behind_is_shown_at_once(
    record, client, make_status_update
):
    before = priorities(client)
    assert "single and coherent improvement plan Overdue Stale Lord Norman Warner In progress" in (
        before
    )
    priority = Priority.objects.get(slug="single-improvement-plan")
    with replay_paused():
        make_status_update(
            priority, status="achieved", rag="green", as_of=datetime.date(2014, 6, 30)
        )
        assert client.get("/health/").json()["replica"] == "behind"
        # The replica still holds the old record, so every public page reads the primary.
        for path in PUBLIC_PAGES:
            assert served_by(*read(client, path)[1:]) == "default", path
        shown = "A single and coherent improvement plan Lord Norman Warner Achieved Green"
        assert shown in priorities(client)
    caught_up()
    assert client.get("/health/").json()["replica"] == "current"
    assert served_by(*read(client, "/priorities/")[1:]) == REPLICA
    # What the primary worked out at the new version, the replica now holds too.
    assert served_by(*read(client, "/")[1:]) == "the cache"
    # The dashboard the replica cached before the update, at the old version, is not served.
    assert shown in priorities(client)


def test_an_officer_signed_in_while_the_replica_is_behind_records_a_status(
    record, client, signed_in
):
    priority = Priority.objects.get(slug="single-improvement-plan")
    with replay_paused():
        officer = signed_in("officer")  # a session and an account the replica does not hold
        # The record is as the replica holds it, so a public page reads it there; the
        # session, from the primary: the officer stays signed in.
        assert served_by(*read(client, "/priorities/")[1:]) == REPLICA
        page = client.get(change_url(priority)).content.decode()
        assert officer.username in page

        # The save reads back what it wrote, on the primary.
        saved = form_data(priority, status="achieved", as_of="2014-06-30", note="Plan agreed.")
        response = client.post(record_url(priority), saved | {"documents": [priority.source_id]})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Priority.objects.get(pk=priority.pk).status == "achieved"
        assert "Achieved" in section(client.get("/priorities/"), "Priorities")
    caught_up()
    page, primary, replica = read(client, priority.get_absolute_url())
    assert served_by(primary, replica) == REPLICA
    assert "Plan agreed." in page


def test_a_replica_that_does_not_answer_is_passed_by(record, client, caplog, monkeypatch):
    pages = {path: read(client, path)[0] for path in PUBLIC_PAGES}
    connections[REPLICA].close()
    monkeypatch.setitem(connections[REPLICA].settings_dict, "PORT", str(closed_port()))
    with caplog.at_level(logging.WARNING, logger="oversight.replica"):
        for path, page in pages.items():
            assert served(client, path) == page, path
        health = client.get("/health/")
    assert "The replica did not answer, so the primary was read" in caplog.text
    assert health.status_code == 200  # the site serves without it
    assert health.json()["replica"] == "not answering"


def test_a_replica_that_never_answers_is_waited_for_once_then_passed_by_for_a_while(
    record, client, caplog, monkeypatch
):
    """A hung replica, or one whose host drops packets, keeps a request waiting for the
    connect timeout (two seconds): once, and then not for a while, pages or health check."""
    pages = {path: read(client, path)[0] for path in PUBLIC_PAGES}
    connections[REPLICA].close()
    with SilentServer() as server, caplog.at_level(logging.WARNING, logger="oversight.replica"):
        monkeypatch.setitem(connections[REPLICA].settings_dict, "PORT", str(server.port))
        for path, page in pages.items():
            assert served(client, path) == page, path
        health = client.get("/health/").json()
        assert server.connections == 1
        assert caplog.text.count("it is passed by for 30 seconds") == 1
        assert health["replica"] == "not answering"

        later(replica.back_off)
        assert served(client, "/") == pages["/"]
        assert server.connections == 2
