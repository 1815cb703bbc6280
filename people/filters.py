"""Filters for the list of people."""

import django_filters
from django.db.models import Exists, OuterRef

from oversight.filters import FilterSet, ModelChoiceFilter
from oversight.titles import folded_title, folded_title_in_sql
from people.models import Organisation, Person, Role


class PersonFilterSet(FilterSet):
    organisation = ModelChoiceFilter(
        label="Held a post in",
        queryset=Organisation.objects.filter(roles__isnull=False).distinct(),
        to_field_name="slug",
        method="filter_role",
        empty_label="Any organisation",
    )
    role = django_filters.CharFilter(
        label="Post title contains", method="filter_role", max_length=200
    )

    class Meta:
        model = Person
        fields = []

    def filter_role(self, queryset, name, value):
        return queryset  # Both are applied together in filter_queryset.

    def filter_queryset(self, queryset):
        # Organisation and title must match the same post: "Director ... of the council",
        # not a director elsewhere who once sat on the council.
        # The title in any case, its apostrophes straight or curly (oversight.titles).
        data = self.form.cleaned_data
        if not (data.get("organisation") or data.get("role")):
            return super().filter_queryset(queryset)
        held = Role.objects.filter(person=OuterRef("pk"))
        if data.get("organisation"):
            held = held.filter(organisation=data["organisation"])
        if data.get("role"):
            titled = held.alias(folded=folded_title_in_sql("title"))
            held = titled.filter(folded__contains=folded_title(data["role"]))
        return super().filter_queryset(queryset.filter(Exists(held)))
