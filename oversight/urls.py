"""Root URLconf, and the oversight app's own pages."""

from django.contrib import admin
from django.urls import include, path

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
