"""With DEBUG off, a failure shows the site's own error page: no traceback, no internals."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path

SECRET_DETAIL = "connection to db.internal failed: password=hunter2"


def failing_view(request):
    raise RuntimeError(SECRET_DETAIL)


# This module is also the URLconf of its tests: the site's pages plus one that fails.
urlpatterns = [path("fails/", failing_view), path("", include("oversight.urls"))]


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
