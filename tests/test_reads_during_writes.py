"""Public pages and the API are read while a save holds SQLite's write lock; what writes
still waits, and is told to come back when it has waited too long.

Each request was a transaction (ATOMIC_REQUESTS), and SQLite's transactions here take the
write lock at the start (IMMEDIATE, settings.SQLITE_OPTIONS): every page waited for any
save or import in progress, and failed with a 500 once it had waited `timeout` seconds.
Pages that only read, and the API, now take no transaction (oversight/urls.py, reading_only).
"""

import json
import sqlite3

import pytest
from django.urls import resolve

from tests.test_database_unavailable import answers
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
API = ["/api/statements/?q=jury", "/api/people/albert-bore/", "/api/priorities/", "/api/schema/"]
WAITING = ["/admin/login/"]
# Waiting one second for the lock rather than twenty.
SHORT_WAIT = """
from django.db import connection
connection.settings_dict["OPTIONS"]["timeout"] = 1
"""


@pytest.fixture
def sqlite_record(tmp_path):
    """Return the DATABASE_URL of a SQLite file holding the seed record."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for command in ("migrate", "load_seeds"):
        result = run_manage(command, DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
    return url


def answers_while_saving(database_url, paths):
    """Return each of `paths` as the site on `database_url` answers (status, Retry-After and
    body) while another connection holds the write lock, as an officer's save under way."""
    saving = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        saving.execute("BEGIN IMMEDIATE")
        saving.execute("UPDATE people_person SET summary = 'Being edited.'")
        return answers(database_url, paths, before=SHORT_WAIT)
    finally:
        saving.execute("ROLLBACK")
        saving.close()


def test_pages_and_the_api_are_read_while_a_save_holds_the_write_lock(sqlite_record):
    answered = answers_while_saving(sqlite_record, [*PAGES, *API, *WAITING])
    assert {path: answered[path][0] for path in PAGES + API} == dict.fromkeys(PAGES + API, 200)
    assert json.loads(answered["/api/statements/?q=jury"][2])["count"] == 1
    # What may write waits for the lock, and after its timeout says to come back: a 503.
    status, retry_after, page = answered["/admin/login/"]
    assert (status, retry_after) == (503, "60")
    assert "<h1>The record is unavailable for a moment</h1>" in page
    assert "busy with another save" in page


@pytest.mark.parametrize("path", PAGES + API + ["/api/"])
def test_a_page_that_only_reads_takes_no_transaction(path):
    assert resolve(path.split("?")[0]).func._non_atomic_requests == {"default"}


@pytest.mark.parametrize("path", ["/admin/", "/admin/oversight/priority/1/change/"])
def test_what_may_write_is_one_transaction_still(path):
    assert not getattr(resolve(path).func, "_non_atomic_requests", None)
