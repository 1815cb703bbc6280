"""Root URLconf, and the oversight app's own pages."""

import sys

from django.contrib import admin
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
)
from django.db import transaction
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.urls import URLPattern, include, path
from django.views import defaults

from oversight import feeds, views
from oversight.health import database_unavailable
from oversight.responses import NotFoundSaid

oversight_patterns = [
    path("", views.DashboardView.as_view(), name="home"),
    # Before the priority pages, which would take "feed" for a slug.
    path("priorities/feed/", feeds.StatusChangeFeed(), name="status_feed"),
    path("priorities/", views.PriorityListView.as_view(), name="priority_list"),
    path("priorities/<slug:slug>/", views.PriorityDetailView.as_view(), name="priority"),
    path("priorities/<slug:slug>/feed/", feeds.PriorityStatusFeed(), name="priority_feed"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation_list"),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation",
    ),
    path(
        "recommendations/<int:pk>/feed/",
        feeds.RecommendationStatusFeed(),
        name="recommendation_feed",
    ),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("how-to-read/", views.HowToReadView.as_view(), name="how_to_read"),
]


def reading_only(patterns):
    """Return `patterns` with their views taken out of ATOMIC_REQUESTS: pages that only read.

    A transaction of their own gave such a page little: PostgreSQL reads each query at its
    own moment anyway (READ COMMITTED), as SQLite now does too, and what a page keeps in
    the cache is keyed by the record version it read first, so that a save landing between
    two of its queries is read whole by the next request. The transaction cost a BEGIN and
    a COMMIT, two round trips, on PostgreSQL; and on SQLite, whose transactions take the
    write lock at the start (IMMEDIATE, settings.SQLITE_OPTIONS), it made every page wait
    for any save or import in progress, and for every other page being read. The JSON API
    only reads too. What writes (the admin, sign-in) stays a transaction.
    """
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            transaction.non_atomic_requests(pattern.callback)
        else:
            reading_only(pattern.url_patterns)
    return patterns


urlpatterns = [
    *reading_only(
        [
            path("", include((oversight_patterns, "oversight"))),
            path("", include("documents.urls")),
            path("people/", include("people.urls")),
            # Its errors leave alone a transaction around it (api_errors.exception_handler).
            path("api/", include("oversight.api_urls")),
        ]
    ),
    path("admin/", admin.site.urls),
]


def page_not_found(request, exception):
    """A 404: under /api/ in the API's own kind (JSON, as its description says), elsewhere
    the site's page, which says what is not there where the site knows (NotFoundSaid): how
    long a list is, to someone who asked past its end."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    if isinstance(exception, NotFoundSaid):
        page = render_to_string("404.html", {"message": str(exception)}, request)
        return HttpResponseNotFound(page)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found


def bad_request(request, exception):
    """A 400 that says what was wrong where the site itself said it (BadRequest), or where
    Django's limits were reached; any other reason (a host name the site does not answer
    to, say) is not repeated back. Under /api/ in the API's own kind, as its description
    says (Unreadable)."""
    if isinstance(exception, BadRequest):
        message = str(exception)
    elif isinstance(exception, RequestDataTooBig):
        message = (
            "What was sent is larger than the site takes (2.5 MB): shorten the text, or "
            "send a file in parts."
        )
    elif isinstance(exception, TooManyFieldsSent):
        message = "The address or form sends more than 1,000 values, more than the site reads."
    else:
        message = None
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message or "The request could not be read."}, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


def permission_denied(request, exception):
    """A 403 that gives the reason the site gave, if any."""
    message = str(exception) if isinstance(exception, PermissionDenied) else ""
    return HttpResponseForbidden(render_to_string("403.html", {"message": message or None}))


handler400 = bad_request
handler403 = permission_denied


def server_error(request):
    """A 500; or a 503 while the database does not answer, which says to come back in a
    minute, and Retry-After when, to feed readers, crawlers and scripts. Under /api/ in
    the API's own kind. Rendered without the database or the request's context.

    Django calls this inside its handling of the exception, which sys.exc_info() gives.
    """
    if database_unavailable(sys.exc_info()[1]):
        status, template, headers = 503, "503.html", {"Retry-After": "60"}
        detail = "The record's database is not answering: try again in a minute."
    else:
        status, template, headers = 500, "500.html", {}
        detail = "Something went wrong: the request could not be answered."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=status, headers=headers)
    return HttpResponse(render_to_string(template), status=status, headers=headers)


handler500 = server_error
