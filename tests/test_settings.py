"""Settings come from the environment; production refuses to start without its secrets, and
serves every page, feed, API answer and admin page with the security headers and cookies."""

import contextlib
import json
import os
import re
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, transaction
from django.db.utils import ConnectionHandler
from django.test import Client

from oversight.models import Priority
from oversight.settings import (
    SQLITE_OPTIONS,
    database_from_url,
    env_bool,
    replica_from_url,
    sqlite_database,
)

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-for-the-test-only-123",
    "DJANGO_ALLOWED_HOSTS": "oversight.example",
}


def run_manage(*args, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def setting_shown(expression, **env):
    """Return what the site started with `env` prints for `expression` (of `settings`)."""
    code = f"from django.conf import settings; print({expression})"
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_DEBUG=0" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_needs_no_variables():
    result = run_manage("check")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", True)


def test_database_url_selects_postgresql_with_persistent_connections():
    db = database_from_url("postgres://officer:s%40cret@db.internal:5433/oversight?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "officer",
        "s@cret",
        "db.internal",
        "5433",
        "oversight",
    )
    assert db["OPTIONS"] == {
        "sslmode": "require",
        "options": "-c max_parallel_workers_per_gather=0 -c jit=off",
        "connect_timeout": 5,
    }
    assert db["CONN_MAX_AGE"] > 0


def test_database_url_may_name_a_sqlite_file():
    assert database_from_url("sqlite:////srv/oversight/db.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/oversight/db.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }
    assert database_from_url("sqlite:///db.sqlite3")["NAME"] == "db.sqlite3"


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host-only", "sqlite:///", "sqlite://x"])
def test_database_url_that_is_not_postgres_or_sqlite_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


# What production changes that a request can show; storage and databases stay the tests'.
SECURITY_SETTINGS = re.compile(
    r"DEBUG|ALLOWED_HOSTS|MIDDLEWARE|SECURE_.*|SESSION_COOKIE_.*|CSRF_COOKIE_.*"
    r"|X_FRAME_OPTIONS|CONTENT_SECURITY_POLICY.*"
)
READ_SETTINGS = (
    "import json, re; from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in dir(s) if re.fullmatch(%r, k)}))"
)
HOST = "oversight.example"
ONE_YEAR = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def production_values():
    """Return the security settings as oversight.settings makes them in production."""
    result = run_manage("shell", "-c", READ_SETTINGS % SECURITY_SETTINGS.pattern, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    """Serve requests with production's security settings, behind its TLS proxy."""
    assert production_values["DEBUG"] is False
    for name, value in production_values.items():
        setattr(settings, name, value)
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")


def policy(response):
    """Return the Content-Security-Policy as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives if name}


def assert_the_policy_allows_only_this_site(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def assert_the_browser_is_told_to_protect_the_page(response):
    assert_the_policy_allows_only_this_site(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


PUBLIC = {
    "dashboard": "/",
    "priorities": "/priorities/?overdue=yes",
    "statement search": "/statements/?q=inspection",
    "a filter error": "/documents/?kind=poem",
    "page not found": "/no-such-page/",
    "JSON API": "/api/statements/?q=jury",
    "status feed": "/priorities/feed/",
    "statement feed": "/statements/feed/?q=inspection",
    "admin sign-in": "/admin/login/",
}


@pytest.mark.parametrize("path", PUBLIC.values(), ids=PUBLIC.keys())
def test_production_sends_the_security_headers_on_every_kind_of_response(seeded, production, path):
    response = production.get(path)
    assert response.status_code in (200, 400, 404)
    assert_the_browser_is_told_to_protect_the_page(response)
    hsts = response["Strict-Transport-Security"]
    assert hsts == f"max-age={ONE_YEAR}; includeSubDomains; preload"


def test_production_sends_the_security_headers_on_admin_pages_signed_in(
    seeded, production, make_user
):
    production.force_login(make_user("officer"))
    priority = f"/admin/oversight/priority/{Priority.objects.first().pk}"
    for path in ("/admin/", f"{priority}/change/", f"{priority}/record-status/"):
        response = production.get(path)
        assert response.status_code == 200, path
        assert_the_browser_is_told_to_protect_the_page(response)
        assert "Strict-Transport-Security" in response


def test_production_sends_plain_http_to_https(production):
    response = production.get("/priorities/?overdue=yes", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/priorities/?overdue=yes"


def test_production_answers_only_for_its_own_host(db, production):
    assert production.get("/", HTTP_HOST="attacker.example").status_code == 400


def test_production_answers_a_load_balancers_health_check_by_address_over_plain_http(
    db, production
):
    response = production.get("/health/", HTTP_HOST="10.0.0.5", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_production_cookies_are_secure_http_only_and_same_site(db, production, make_user):
    make_user("officer", username="asha")
    client = Client(enforce_csrf_checks=True, HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    form = client.get("/admin/login/")
    csrf = form.cookies[settings.CSRF_COOKIE_NAME]
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")

    # No script can read the CSRF cookie; the sign-in form carries the token itself.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())[1]
    signed_in = client.post(
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "asha", "password": "a-long-passphrase"},
        HTTP_ORIGIN=f"https://{HOST}",
        HTTP_REFERER=f"https://{HOST}/admin/login/",
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    assert client.get("/admin/").status_code == 200


def test_development_sends_the_headers_that_need_no_https(db, client):
    assert settings.SECURE_SSL_REDIRECT is False
    response = client.get("/")
    assert_the_browser_is_told_to_protect_the_page(response)
    assert "Strict-Transport-Security" not in response
    csrf = client.get("/admin/login/").cookies[settings.CSRF_COOKIE_NAME]
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == ("", True, "Lax")


def test_a_database_url_may_give_its_own_session_options():
    db = database_from_url(
        "postgres://db.internal/oversight?options=-c%20jit%3Don&connect_timeout=20"
    )
    assert db["OPTIONS"] == {"options": "-c jit=on", "connect_timeout": "20"}


PRIMARY = database_from_url("postgres://db.internal/oversight")


def test_a_replica_url_adds_a_replica_of_the_primary_that_is_not_waited_for():
    replica = replica_from_url("postgres://reader@replica.internal:5433/oversight", PRIMARY)
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == (
        "replica.internal",
        "5433",
        "reader",
    )
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert replica["TEST"] == {"MIRROR": "default"}  # tests read what replication brings
    assert "ATOMIC_REQUESTS" not in replica  # a request's transaction is the primary's
    own = replica_from_url("postgres://replica.internal/oversight?connect_timeout=9", PRIMARY)
    assert own["OPTIONS"]["connect_timeout"] == "9"


@pytest.mark.parametrize(
    ("url", "primary"),
    [
        ("sqlite:///replica.sqlite3", PRIMARY),
        ("mysql://replica.internal/oversight", PRIMARY),
        ("postgres://replica.internal/oversight", sqlite_database("db.sqlite3")),
    ],
)
def test_a_replica_url_must_be_postgresql_beside_a_postgresql_primary(url, primary):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL must be the postgres"):
        replica_from_url(url, primary)


def test_the_site_refuses_to_start_with_a_replica_of_sqlite():
    result = run_manage(
        "check", DATABASE_URL="", DATABASE_REPLICA_URL="postgres://127.0.0.1/oversight"
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must be the postgres:// address of a replica" in result.stderr


def test_with_a_replica_url_the_site_routes_reads_after_whitenoise_has_served_static_files():
    shown = setting_shown(
        "settings.DATABASE_ROUTERS, settings.MIDDLEWARE[1:4], sorted(settings.DATABASES)",
        DATABASE_URL="postgres://127.0.0.1/oversight",
        DATABASE_REPLICA_URL="postgres://127.0.0.1:5433/oversight",
    )
    assert shown == (
        "['oversight.replica.ReplicaRouter'] ['django.middleware.security.SecurityMiddleware', "
        "'whitenoise.middleware.WhiteNoiseMiddleware', 'oversight.replica.replica_reads'] "
        "['default', 'replica']"
    )


@pytest.mark.django_db
def test_postgresql_sessions_run_without_parallel_workers_or_jit():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL session's settings")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit')"
        )
        assert cursor.fetchone() == ("0", "off")


@pytest.fixture
def unblocked(django_db_blocker):
    """Database access outside the test database, to a file the test makes."""
    with django_db_blocker.unblock():
        yield


def test_two_sqlite_transactions_that_read_then_write_at_once_both_succeed(tmp_path, unblocked):
    # As two officers' saves are: each request a transaction (ATOMIC_REQUESTS) that reads,
    # then writes. In SQLite's default DEFERRED mode one failed: "database is locked".
    databases = ConnectionHandler({"default": sqlite_database(str(tmp_path / "db.sqlite3"))})
    with databases["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE saves (officer TEXT)")
    databases["default"].close()
    both_reading = threading.Barrier(2, timeout=1)
    errors = []

    def save(officer):
        connections[officer] = databases.create_connection("default")
        try:
            with transaction.atomic(using=officer), connections[officer].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM saves")
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_reading.wait()  # in DEFERRED mode both get here; in IMMEDIATE one
                cursor.execute("INSERT INTO saves VALUES (%s)", [officer])
        except Exception as error:
            errors.append(error)
        finally:
            connections[officer].close()
            del connections[officer]

    officers = [threading.Thread(target=save, args=[name]) for name in ("asha", "ben")]
    for officer in officers:
        officer.start()
    for officer in officers:
        officer.join(timeout=30)
    assert errors == []
    with databases["default"].cursor() as cursor:
        cursor.execute("SELECT officer FROM saves ORDER BY officer")
        assert cursor.fetchall() == [("asha",), ("ben",)]
    databases["default"].close()
