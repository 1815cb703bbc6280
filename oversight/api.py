"""Read-only API for priorities, recommendations and their status history."""

import django_filters
from rest_framework import serializers, viewsets

from oversight.api_common import SLUG_REGEX, PartialDateField, SlugFilter
from oversight.filters import DayFilter
from oversight.models import Priority, Rag, Recommendation, Review, Status, StatusUpdate


class CurrentStatusFields(serializers.Serializer):
    """An item's current status and confidence: empty strings until its first update."""

    status = serializers.ChoiceField(
        choices=Status.choices,
        allow_blank=True,
        read_only=True,
        help_text="From the latest status update; empty until the first one.",
    )
    rag = serializers.ChoiceField(
        choices=Rag.choices,
        allow_blank=True,
        read_only=True,
        help_text="From the latest status update; empty until the first one.",
    )


class PrioritySerializer(CurrentStatusFields, serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:priority-detail", lookup_field="slug")
    commissioner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    due_on = PartialDateField(source="due")
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Priority
        fields = [
            "url",
            "slug",
            "number",
            "title",
            "description",
            "commissioner",
            "due_on",
            "status",
            "rag",
            "status_as_of",
            "source",
        ]


class RecommendationSerializer(CurrentStatusFields, serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:recommendation-detail")
    review = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "url",
            "id",
            "review",
            "reference",
            "text",
            "outcome",
            "response",
            "status",
            "rag",
            "status_as_of",
            "source",
        ]


class StatusUpdateSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:statusupdate-detail")
    priority = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    recommendation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    evidence_statements = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    evidence_documents = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = StatusUpdate
        fields = [
            "url",
            "id",
            "priority",
            "recommendation",
            "status",
            "rag",
            "as_of",
            "note",
            "evidence_statements",
            "evidence_documents",
            "corrects",
            "recorded_at",
        ]


class PriorityFilterSet(django_filters.FilterSet):
    class Meta:
        model = Priority
        fields = ["status", "rag"]


class RecommendationFilterSet(django_filters.FilterSet):
    review = SlugFilter(queryset=Review.objects.all(), help_text="A review's slug.")

    class Meta:
        model = Recommendation
        fields = ["review", "outcome", "status", "rag"]


class StatusUpdateFilterSet(django_filters.FilterSet):
    priority = SlugFilter(queryset=Priority.objects.all(), help_text="A priority's slug.")
    as_of_from = DayFilter(field_name="as_of", lookup_expr="gte")
    as_of_to = DayFilter(field_name="as_of", lookup_expr="lte")

    class Meta:
        model = StatusUpdate
        fields = ["priority", "recommendation", "status", "rag"]


class PriorityViewSet(viewsets.ReadOnlyModelViewSet):
    """The Commissioner's priorities with their current status."""

    queryset = Priority.objects.select_related("commissioner", "source")
    serializer_class = PrioritySerializer
    filterset_class = PriorityFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """The review's recommendations and the options it ruled out, with their status."""

    queryset = Recommendation.objects.select_related("review", "source")
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet


class StatusUpdateViewSet(viewsets.ReadOnlyModelViewSet):
    """The append-only status history of priorities and recommendations, oldest first."""

    queryset = StatusUpdate.objects.select_related("priority").prefetch_related(
        "evidence_statements", "evidence_documents"
    )
    serializer_class = StatusUpdateSerializer
    filterset_class = StatusUpdateFilterSet
