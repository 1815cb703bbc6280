"""Root URLconf, and the oversight app's own pages."""

from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults

from oversight import feeds, views

oversight_patterns = [
    path("", views.DashboardView.as_view(), name="home"),
    # Before the priority pages, which would take "feed" for a slug.
    path("priorities/feed/", feeds.StatusChangeFeed(), name="status_feed"),
    path("priorities/", views.PriorityListView.as_view(), name="priority_list"),
    path("priorities/<slug:slug>/", views.PriorityDetailView.as_view(), name="priority"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation_list"),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation",
    ),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]

urlpatterns = [
    path("", include((oversight_patterns, "oversight"))),
    path("", include("documents.urls")),
    path("people/", include("people.urls")),
    path("api/", include("oversight.api_urls")),
    path("admin/", admin.site.urls),
]


def page_not_found(request, exception):
    """A 404: under /api/ in the API's own kind (JSON, as its description says), elsewhere
    the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
