"""Read-only API for people and the roles they held."""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from oversight.api_common import SLUG_REGEX, PartialDateField, SlugFilter
from oversight.filters import ChoiceFilter, FilterSet
from people import filters
from people.models import Organisation, Person, Role


class RoleSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    started_on = PartialDateField(source="started")
    ended_on = PartialDateField(source="ended", help_text="Null while still held.")

    class Meta:
        model = Role
        fields = ["title", "organisation", "started_on", "ended_on"]


class PersonSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    page = serializers.SerializerMethodField(help_text="The person's page on the site.")
    roles = RoleSerializer(many=True, read_only=True)
    display_name = serializers.CharField(read_only=True, help_text="With honorific.")

    class Meta:
        model = Person
        fields = ["url", "slug", "name", "honorific", "display_name", "summary", "page", "roles"]

    def get_page(self, person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())


class PersonFilterSet(filters.PersonFilterSet):
    """The people list's filters, as on its page; the organisation by slug."""

    organisation = SlugFilter(
        queryset=Organisation.objects.all(),
        method="filter_role",
        help_text="Slug of an organisation the person held a post in (with `role`, the same post).",
    )


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People the sources name in a role, with the posts they held over time."""

    queryset = Person.objects.prefetch_related(
        Prefetch("roles", queryset=Role.objects.select_related("organisation"))
    )
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX


class OrganisationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation-detail", lookup_field="slug"
    )
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The body it belongs to."
    )
    people = serializers.SerializerMethodField(help_text="The people who held a post in it.")
    statements = serializers.SerializerMethodField(
        help_text="The statements of people holding a post in it, or in a body it has, that day."
    )
    documents = serializers.SerializerMethodField(help_text="The documents it published.")

    class Meta:
        model = Organisation
        fields = [
            "url",
            "slug",
            "name",
            "short_name",
            "kind",
            "parent",
            "people",
            "statements",
            "documents",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_people(self, organisation):
        return self.filtered("api:person-list", "organisation", organisation)

    @extend_schema_field(OpenApiTypes.URI)
    def get_statements(self, organisation):
        return self.filtered("api:statement-list", "organisation", organisation)

    @extend_schema_field(OpenApiTypes.URI)
    def get_documents(self, organisation):
        return self.filtered("api:document-list", "publisher", organisation)

    def filtered(self, view_name, parameter, organisation):
        query = urlencode({parameter: organisation.slug})
        return self.context["request"].build_absolute_uri(f"{reverse(view_name)}?{query}")


class OrganisationFilterSet(FilterSet):
    kind = ChoiceFilter(choices=Organisation.Kind.choices, help_text="The kind of body.")
    parent = SlugFilter(
        queryset=Organisation.objects.all(), help_text="Slug of the body it belongs to."
    )

    class Meta:
        model = Organisation
        fields = []


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The bodies people held posts in and documents were published by: their slugs are
    what the `organisation` and `publisher` filters take."""

    queryset = Organisation.objects.select_related("parent")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
