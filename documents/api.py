"""Read-only API for documents and statements; statements take the search page's filters."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from documents import filters
from documents.filters import StatementFilterSet
from documents.models import Document, Passage, Statement
from oversight.api_common import SLUG_REGEX, PartialDateField, SlugFilter
from oversight.filters import DayFilter, ReachingDayFilter
from people.models import Organisation


class BlankAsNullURLField(serializers.URLField):
    """An address that may be unknown: stored empty, given as null (an empty string is not
    a URI, which the schema promises)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class DocumentSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:document-detail", lookup_field="slug")
    publisher = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    published_on = PartialDateField(source="published")
    source_url = BlankAsNullURLField(
        source="url", help_text="Where the publisher put it; null if the sources do not say."
    )
    page = serializers.SerializerMethodField(help_text="The document's page on the site.")
    is_held = serializers.BooleanField(read_only=True, help_text="Whether the full text is held.")

    class Meta:
        model = Document
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "publisher",
            "published_on",
            "source_url",
            "is_held",
            "sha256",
            "page",
        ]

    def get_page(self, document) -> str:
        return self.context["request"].build_absolute_uri(document.get_absolute_url())


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "body"]


class DocumentFilterForm(filters.DocumentFilterForm):
    # Each first name with each second: the old names and the page's may be mixed.
    ranges = [
        (first, last)
        for first in ("published_after", "published_from")
        for last in ("published_before", "published_to")
    ]


class DocumentFilterSet(filters.DocumentFilterSet):
    """The documents list's filters, as on its page; the publisher by slug. The API's first
    names for the dates, `published_from` and `published_to`, still work."""

    publisher = SlugFilter(queryset=Organisation.objects.all(), help_text="The publisher's slug.")
    published_from = ReachingDayFilter(
        label="Published on or after",
        field_name="published_on",
        precision_field="published_on_precision",
        help_text="The same as published_after.",
    )
    published_to = DayFilter(
        label="Published on or before",
        field_name="published_on",
        lookup_expr="lte",
        help_text="The same as published_before.",
    )

    class Meta(filters.DocumentFilterSet.Meta):
        form = DocumentFilterForm


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Source documents; the full text is in each document's own entry."""

    queryset = Document.objects.select_related("publisher")
    filterset_class = DocumentFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer


class PostSerializer(serializers.Serializer):
    role = serializers.CharField(help_text="A post's title.")
    organisation = serializers.CharField(allow_null=True, help_text="Its body's name.")


class BylineSerializer(serializers.Serializer):
    person = serializers.CharField(help_text="The speaker's slug.")
    name = serializers.CharField()
    role = serializers.CharField(allow_null=True, help_text="The post held on the day.")
    organisation = serializers.CharField(allow_null=True, help_text="That post's body's name.")
    other_posts = PostSerializer(
        many=True, help_text="Any other posts held on the day, which a search by post may match."
    )


class PlaceSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Passage
        fields = ["document", "start", "end", "text"]


class StatementSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:statement-detail")
    said_on = PartialDateField(source="said")
    speakers = serializers.SerializerMethodField()
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    quoted_from = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The document the words first appeared in, when the record does not hold it.",
    )
    also_reported_in = PlaceSerializer(source="passages", many=True, read_only=True)
    page = serializers.SerializerMethodField(help_text="The statement's permalink on the site.")

    class Meta:
        model = Statement
        fields = [
            "url",
            "id",
            "reference",
            "kind",
            "said_on",
            "speakers",
            "text",
            "document",
            "start",
            "end",
            "quoted_from",
            "also_reported_in",
            "page",
        ]

    @extend_schema_field(BylineSerializer(many=True))
    def get_speakers(self, statement):
        return [
            {
                "person": person.slug,
                "name": person.display_name,
                "role": roles[0].title if roles else None,
                "organisation": organisation_name(roles[0]) if roles else None,
                "other_posts": [
                    {"role": role.title, "organisation": organisation_name(role)}
                    for role in roles[1:]
                ],
            }
            for person, roles in statement.posts_held()
        ]

    def get_page(self, statement) -> str:
        return self.context["request"].build_absolute_uri(statement.get_absolute_url())


def organisation_name(role):
    return role.organisation.name if role.organisation_id else None


class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    """Statements, filtered and searched as on the search page (`q` takes the same syntax)."""

    queryset = (
        Statement.objects.with_bylines()
        .select_related("quoted_from")
        .prefetch_related(Prefetch("passages", queryset=Passage.objects.select_related("document")))
    )
    serializer_class = StatementSerializer
    filterset_class = StatementFilterSet
