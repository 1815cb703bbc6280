"""While PostgreSQL does not answer, pages say the record is unavailable for a moment (503,
with Retry-After), soon, rather than an error after minutes or never.

Each test starts the site in a process of its own, with DATABASE_URL at a local port where
nothing listens (the connection is refused) or where a server takes the connection and
never answers (a hung server, or a host that drops packets).
"""

import json

import pytest

from tests.servers import SilentServer, closed_port
from tests.test_settings import run_manage

PAGES = ["/", "/statements/?q=jury", "/priorities/feed/", "/people/albert-bore/"]
API = "/api/statements/?q=jury"
# Run in the site's process: as production answers (DEBUG off), with the development
# settings' static files, which need no collectstatic.
ASK = """
import json
from django.conf import settings
from django.test import Client
settings.DEBUG = False
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
answers = {}
for path in PATHS:
    response = client.get(path)
    answers[path] = [response.status_code, response.get("Retry-After"), response.content.decode()]
print(json.dumps(answers))
"""


def answers(database_url, paths, before=""):
    """Return each of `paths` as the site on `database_url` answers: status, Retry-After
    and body. `before` is code run in the site's process before the first request."""
    code = f"PATHS = {paths!r}\n{before}" + ASK
    result = run_manage("shell", "-c", code, DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_page_says_the_record_is_unavailable_while_the_database_refuses():
    nowhere = f"postgres://postgres@127.0.0.1:{closed_port()}/oversight"
    answered = answers(nowhere, [*PAGES, API])
    for path in PAGES:
        status, retry_after, page = answered[path]
        assert status == 503, path
        assert retry_after == "60", path
        assert "<h1>The record is unavailable for a moment</h1>" in page, path
        assert "it may not have been saved" in page, path
        assert "127.0.0.1" not in page and "Traceback" not in page, path
    status, retry_after, body = answered[API]
    assert (status, retry_after) == (503, "60")
    assert json.loads(body) == {
        "detail": "The record's database is not answering: try again in a minute."
    }


@pytest.mark.parametrize("path", ["/", API])
def test_a_database_that_never_answers_is_given_up_on_after_five_seconds(path):
    """Without a connect timeout a connection to it waits for ever: the page never comes,
    and here the site's process would outlast run_manage's minute."""
    with SilentServer() as server:
        url = f"postgres://postgres@127.0.0.1:{server.port}/oversight"
        status, retry_after, _ = answers(url, [path])[path]
        assert server.connections == 1
    assert (status, retry_after) == (503, "60")
