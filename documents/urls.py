from django.urls import path

from documents import feeds, views

app_name = "documents"

urlpatterns = [
    path("documents/", views.DocumentListView.as_view(), name="list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("statements/", views.StatementListView.as_view(), name="statements"),
    path("statements/feed/", feeds.StatementFeed(), name="statement_feed"),
    path("statements/<int:pk>/", views.StatementDetailView.as_view(), name="statement"),
]
