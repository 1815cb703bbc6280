"""A health check for a load balancer: whether this process can serve the site.

GET or HEAD /health/ answers 200 while the database answers, and 503 when it does not, so
that a load balancer sends requests to the processes that can serve them. It also says
how the read replica and the shared cache are doing; the site serves without either
(oversight/replica.py, oversight/record_cache.py), so neither makes it fail. One that
failed within its back-off (oversight/backoff.py) is reported without being asked, so
the check does not wait out a timeout that might outlast the load balancer's own.

It is the first middleware: a load balancer asks by the process's address over plain
HTTP, which the host check and the HTTPS redirect would refuse. Nothing is cached, and
nothing in the answer may run in a browser.

database_unavailable() tells the site's error handler (oversight/urls.py) whether an
error is the database not answering, which people are then told as a 503.
"""

import json
import sqlite3

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError
from django.http import HttpResponse, HttpResponseNotAllowed

from oversight.backoff import ANSWERING, NOT_ANSWERING
from oversight.models import RecordVersion
from oversight.record_cache import shared_cache_state
from oversight.replica import REPLICA, replica_state

PATH = "/health/"
# A connection that failed or broke (08), and a server shutting down or starting up (57P0x).
UNAVAILABLE = ("08", "57P01", "57P02", "57P03")
# SQLite's "database is locked", and its like within one connection.
SQLITE_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


def health_check(get_response):
    def middleware(request):
        if request.path != PATH:
            return get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"], headers=HEADERS)
        report = health()
        body = "" if request.method == "HEAD" else json.dumps(report) + "\n"
        status = 200 if report["status"] == "ok" else 503
        return HttpResponse(body, status=status, content_type="application/json", headers=HEADERS)

    return middleware


def health():
    """Return what was checked, and how each answered."""
    database, replica = ANSWERING, "none"
    try:
        version = RecordVersion.current(using=DEFAULT_DB_ALIAS)
    except DatabaseError:
        database = NOT_ANSWERING
    if REPLICA in settings.DATABASES:  # compared with the database, so only when it answers
        replica = replica_state(version) if database == ANSWERING else "not checked"
    return {
        "status": "ok" if database == ANSWERING else "failing",
        "database": database,
        "replica": replica,
        "cache": shared_cache_state() or "this process's",
    }


def database_unavailable(error):
    """Return whether `error` says that the database could not be reached, stopped serving
    or, SQLite, stayed locked by a save for longer than `timeout`, rather than that a query
    failed. libpq's own failures (refused, timed out, the connection cut) carry no
    SQLSTATE."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return getattr(cause, "sqlite_errorname", None) in SQLITE_BUSY
    if not isinstance(cause, psycopg.Error):
        return False
    return cause.sqlstate is None or cause.sqlstate.startswith(UNAVAILABLE)
