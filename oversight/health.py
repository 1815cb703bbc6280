"""A health check for a load balancer: whether this process can serve the site.

GET or HEAD /health/ answers 200 while the database answers, and 503 when it does not, so
that a load balancer sends requests to the processes that can serve them. It also says
how the read replica and the shared cache are doing; the site serves without either
(oversight/replica.py, oversight/record_cache.py), so neither makes it fail.

It is the first middleware: a load balancer asks by the process's address over plain
HTTP, which the host check and the HTTPS redirect would refuse. Nothing is cached, and
nothing in the answer may run in a browser.
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError
from django.http import HttpResponse, HttpResponseNotAllowed
from redis.exceptions import RedisError

from oversight.models import RecordVersion
from oversight.replica import NOT_ANSWERING, REPLICA, replica_state

PATH = "/health/"
ANSWERING = "answering"
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
    cache_answers = "this process's"
    if settings.CACHES["default"]["BACKEND"].endswith(".RedisCache"):
        try:
            cache.get(PATH)
            cache_answers = ANSWERING
        except RedisError:
            cache_answers = NOT_ANSWERING
    return {
        "status": "ok" if database == ANSWERING else "failing",
        "database": database,
        "replica": replica,
        "cache": cache_answers,
    }
