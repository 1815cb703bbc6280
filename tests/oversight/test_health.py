"""A load balancer's health check, /health/: 200 while the database answers, else 503."""

import pytest

from tests.servers import closed_port
from tests.test_settings import run_manage


def test_the_health_check_says_what_it_checked_and_is_never_kept(db, client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "answering",
        "replica": "none",
        "cache": "this process's",
    }
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_head_request_gets_the_status_alone(db, client):
    response = client.head("/health/")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_health_check_only_reads(db, client, method):
    response = getattr(client, method)("/health/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(("replica", "reported"), [(False, "none"), (True, "not checked")])
def test_a_site_whose_database_does_not_answer_is_reported_failing(replica, reported):
    """A site started with a database address where nothing listens, asked as a load
    balancer asks: by address. A replica is compared with the database, so not checked."""
    code = (
        "from django.test import Client; "
        "response = Client(HTTP_HOST='10.0.0.5').get('/health/'); "
        "print(response.status_code, response.content.decode())"
    )
    nowhere = f"postgres://postgres@127.0.0.1:{closed_port()}/x"
    env = {"DATABASE_URL": nowhere} | ({"DATABASE_REPLICA_URL": nowhere} if replica else {})
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        f'503 {{"status": "failing", "database": "not answering", "replica": "{reported}", '
        '"cache": "this process\'s"}'
    )
