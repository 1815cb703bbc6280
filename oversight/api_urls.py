"""The read-only JSON API under /api/, and its OpenAPI description."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from documents.api import DocumentViewSet, StatementViewSet
from oversight.api import (
    PriorityViewSet,
    RecommendationViewSet,
    StatusUpdateViewSet,
    TimelineEventViewSet,
)
from people.api import OrganisationViewSet, PersonViewSet

router = DefaultRouter()
router.register("statements", StatementViewSet)
router.register("people", PersonViewSet)
router.register("organisations", OrganisationViewSet)
router.register("documents", DocumentViewSet)
router.register("priorities", PriorityViewSet)
router.register("recommendations", RecommendationViewSet)
router.register("status-updates", StatusUpdateViewSet)
router.register("timeline-events", TimelineEventViewSet)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
