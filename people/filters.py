"""Filters for the list of people."""

import django_filters
from django.db.models import Q

from oversight.filters import FilterSet, ModelChoiceFilter
from people.models import Organisation, Person


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
        data = self.form.cleaned_data
        held = Q()
        if data.get("organisation"):
            held &= Q(roles__organisation=data["organisation"])
        if data.get("role"):
            held &= Q(roles__title__icontains=data["role"])
        if held:
            queryset = queryset.filter(held).distinct()
        return super().filter_queryset(queryset)
