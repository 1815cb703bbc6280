"""With DEBUG off, a failure shows the site's own error page: no traceback, no internals."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path

SECRET_DETAIL = "connection to db.internal failed: password=hunter2"


def failing_view(request):
    raise RuntimeError(SECRET_DETAIL)


def failing_query(request):
    """Run a query that fails in the database, which itself answers."""
    with connection.cursor() as cursor:
        if request.GET.get("timeout"):  # an OperationalError: PostgreSQL cancels it
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
        cursor.execute("SELECT * FROM no_such_table")


# This module is also the URLconf of its tests: the site's pages plus some that fail.
urlpatterns = [
    path("fails/", failing_view),
    path("api/fails/", failing_view),
    path("query-fails/", failing_query),
    path("", include("oversight.urls")),
]
handler500 = "oversight.urls.server_error"  # the site's, as its root URLconf names it


@pytest.mark.urls(__name__)
def test_an_exception_in_a_view_shows_the_generic_error_page(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page
    assert "The record itself is unaffected" in page
    for leak in ("Traceback", "RuntimeError", "hunter2", "db.internal", "failing_view"):
        assert leak not in page
    # The error page is served under the same policy as every other.
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_error_page_needs_no_database_and_no_request():
    # No `db` fixture: any query here would fail the test. Django renders 500.html with
    # an empty context when the database itself may be what failed.
    page = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in page
    assert 'href="/"' in page


@pytest.mark.urls(__name__)
def test_an_exception_under_the_api_is_answered_in_json(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/api/fails/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong: the request could not be answered."}
    assert "Retry-After" not in response


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("query", ["", "?timeout=1"])
def test_a_query_that_fails_in_a_database_that_answers_is_a_500_not_a_503(db, settings, query):
    """Only a database that does not answer is "unavailable for a moment"; a failing query
    would fail again (tests/test_database_unavailable.py has the 503)."""
    if query and connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get(f"/query-fails/{query}")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()
    assert "Retry-After" not in response


def test_the_unavailable_page_needs_no_database_and_no_request():
    page = render_to_string("503.html")
    assert "<h1>The record is unavailable for a moment</h1>" in page
    assert 'href="/"' in page
