"""Read-only API for priorities, recommendations and their status history."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound

from oversight import filters
from oversight.api_common import SLUG_REGEX, PartialDateField, SlugFilter
from oversight.dates import DayField, PartialDate
from oversight.models import (
    Priority,
    Rag,
    Recommendation,
    Review,
    Status,
    StatusUpdate,
    TimelineEvent,
)
from people.models import Person


class CurrentStatusFields(serializers.Serializer):
    """An item's status and confidence, now or at the end of the day `as_of` names, as the
    lists show them: empty strings before the first update."""

    status = serializers.ChoiceField(
        source="shown_status",
        choices=Status.choices,
        allow_blank=True,
        read_only=True,
        help_text="From the latest status update (dated by `as_of`, if given); empty before "
        "the first one.",
    )
    rag = serializers.ChoiceField(
        source="shown_rag",
        choices=Rag.choices,
        allow_blank=True,
        read_only=True,
        help_text="From the latest status update (dated by `as_of`, if given); empty before "
        "the first one.",
    )
    status_as_of = serializers.DateField(
        source="shown_as_of",
        read_only=True,
        allow_null=True,
        help_text="The day that update describes; null before the first one.",
    )
    stale = serializers.BooleanField(
        source="is_stale",
        read_only=True,
        help_text="Open, and no update dated in the stale period before the day (today, or "
        "`as_of`).",
    )


class PrioritySerializer(CurrentStatusFields, serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:priority-detail", lookup_field="slug")
    commissioner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    due_on = PartialDateField(source="due")
    overdue = serializers.BooleanField(
        source="is_overdue",
        read_only=True,
        help_text="Still open after its deadline, seen from the day (today, or `as_of`).",
    )
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
            "overdue",
            "stale",
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
            "stale",
            "source",
        ]


class StatusUpdateSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:statusupdate-detail")
    priority = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    recommendation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    evidence_statements = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    evidence_documents = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    corrects = serializers.HyperlinkedRelatedField(
        view_name="api:statusupdate-detail",
        read_only=True,
        allow_null=True,
        help_text="The update this one corrects, if it is a correction.",
    )

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


class TimelineEventSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:timelineevent-detail", lookup_field="slug"
    )
    occurred_on = PartialDateField(source="occurred")
    ended_on = PartialDateField(
        source="ended", help_text="For a span such as 2002 to 2005, the year it ended; else null."
    )
    rating = serializers.CharField(
        read_only=True,
        help_text="The judgement an inspection gave, as the source says; else empty.",
    )
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = TimelineEvent
        fields = [
            "url",
            "slug",
            "occurred_on",
            "ended_on",
            "title",
            "description",
            "kind",
            "rating",
            "source",
        ]


class PriorityFilterSet(filters.PriorityFilterSet):
    """The priority list's filters, as on its page; the commissioner by slug."""

    commissioner = SlugFilter(
        queryset=Person.objects.all(), field_name="commissioner", help_text="A person's slug."
    )

    class Meta(filters.PriorityFilterSet.Meta):
        form = filters.PriorityRangeForm


class RecommendationFilterSet(filters.RecommendationFilterSet):
    """The recommendation list's filters, as on its page, with the review and confidence."""

    review = SlugFilter(queryset=Review.objects.all(), help_text="A review's slug.")


class StatusUpdateRangeForm(filters.RangeForm):
    ranges = [("as_of_from", "as_of_to")]


class StatusUpdateFilterSet(django_filters.FilterSet):
    priority = SlugFilter(queryset=Priority.objects.all(), help_text="A priority's slug.")
    recommendation = django_filters.ModelChoiceFilter(
        queryset=Recommendation.objects.all(),
        help_text="A recommendation's id, as in its url (/api/recommendations/1/).",
        error_messages={"invalid_choice": "No recommendation has the id “%(value)s”."},
    )
    as_of_from = filters.DayFilter(
        label="Dated on or after",
        field_name="as_of",
        lookup_expr="gte",
        help_text="Updates dated on or after this day (year-month-day).",
    )
    as_of_to = filters.DayFilter(
        label="Dated on or before",
        field_name="as_of",
        lookup_expr="lte",
        help_text="Updates dated on or before this day (year-month-day).",
    )

    class Meta:
        model = StatusUpdate
        fields = ["priority", "recommendation", "status", "rag"]
        form = StatusUpdateRangeForm


class NotYetSetOutMixin:
    """A row asked as of a day before its source was published is a 404 that says so, as
    its page does, where "No Priority matches the given query." reads as a wrong address."""

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            as_of = self.request.query_params.get("as_of")
            lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            try:
                item = self.queryset.filter(**{self.lookup_field: lookup}).first()
            except (TypeError, ValueError, DjangoValidationError):  # no such key at all
                item = None
            if item is None or not as_of:
                raise
        day = PartialDate(DayField().clean(as_of))
        source = item.source
        raise NotFound(
            f"“{item}” was not yet in the record at the end of {day}: it was set out in "
            f"“{source}”, published {source.published}."
        )


class PriorityViewSet(NotYetSetOutMixin, viewsets.ReadOnlyModelViewSet):
    """The Commissioner's priorities with their status, now or on the day `as_of` names."""

    queryset = Priority.objects.select_related("commissioner", "source")
    serializer_class = PrioritySerializer
    filterset_class = PriorityFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX


class RecommendationViewSet(NotYetSetOutMixin, viewsets.ReadOnlyModelViewSet):
    """The review's recommendations and the options it ruled out, with their status now or
    on the day `as_of` names."""

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


class TimelineEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The chronology of the service, 2002 to 2014, oldest first: inspections and the
    ratings they gave, interventions, appointments and publications."""

    queryset = TimelineEvent.objects.select_related("source").order_by("occurred_on", "slug")
    serializer_class = TimelineEventSerializer
    filterset_class = filters.TimelineEventFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
