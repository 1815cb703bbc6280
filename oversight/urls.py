"""Root URLconf, and the oversight app's own pages."""

from django.contrib import admin
from django.urls import include, path

from oversight import views

oversight_patterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("priorities/", views.PriorityListView.as_view(), name="priority_list"),
    path("priorities/<slug:slug>/", views.PriorityDetailView.as_view(), name="priority"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation_list"),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation",
    ),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
]

urlpatterns = [
    path("", include((oversight_patterns, "oversight"))),
    path("", include("documents.urls")),
    path("people/", include("people.urls")),
    path("admin/", admin.site.urls),
]
