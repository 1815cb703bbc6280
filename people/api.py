"""Read-only API for people and the roles they held."""

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from oversight.api_common import SLUG_REGEX, PartialDateField, SlugFilter
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
