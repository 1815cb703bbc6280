"""Public pages are read while a save holds SQLite's write lock; what writes still waits.

Each request was a transaction (ATOMIC_REQUESTS), and SQLite's transactions here take the
write lock at the start (IMMEDIATE, settings.SQLITE_OPTIONS): every page waited for any
save or import in progress, and failed once it had waited `timeout` seconds. Pages that
only read now take no transaction (oversight/urls.py, reading_only).
"""

import json
import sqlite3

import pytest
from django.urls import resolve

from tests.test_settings import run_manage

PAGES = [
    "/",
    "/statements/?q=jury",
    "/statements/feed/?q=jury",
    "/statements/1/",
    "/documents/",
    "/people/",
    "/people/albert-bore/",
    "/priorities/",
    "/priorities/feed/",
    "/priorities/five-year-budget/",
    "/recommendations/",
    "/timeline/",
]
# Run in the site's process, waiting one second for the lock rather than twenty.
ASK = """
import json
from django.db import connection
from django.test import Client
connection.settings_dict["OPTIONS"]["timeout"] = 1
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
print(json.dumps({path: client.get(path).status_code for path in PATHS}))
"""


@pytest.fixture
def sqlite_record(tmp_path):
    """Return the DATABASE_URL of a SQLite file holding the seed record."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for command in ("migrate", "load_seeds"):
        result = run_manage(command, DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
    return url


def test_pages_are_read_while_a_save_holds_the_write_lock(sqlite_record):
    saving = sqlite3.connect(sqlite_record.removeprefix("sqlite:///"), isolation_level=None)
    try:
        saving.execute("BEGIN IMMEDIATE")  # as an officer's save is, under way
        saving.execute("UPDATE people_person SET summary = 'Being edited.'")
        result = run_manage("shell", "-c", f"PATHS = {PAGES!r}" + ASK, DATABASE_URL=sqlite_record)
    finally:
        saving.execute("ROLLBACK")
        saving.close()
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == dict.fromkeys(PAGES, 200)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_that_only_reads_takes_no_transaction(path):
    assert resolve(path.split("?")[0]).func._non_atomic_requests == {"default"}


@pytest.mark.parametrize("path", ["/admin/", "/admin/oversight/priority/1/change/", "/api/"])
def test_what_may_write_is_one_transaction_still(path):
    assert not getattr(resolve(path).func, "_non_atomic_requests", None)
