"""Filters for the list of documents."""

import django_filters

from documents.models import Document
from oversight.filters import DateFilter
from people.models import Organisation


class DocumentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, empty_label="Any kind")
    publisher = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(documents_published__isnull=False).distinct(),
        to_field_name="slug",
        empty_label="Any publisher",
    )
    published_after = DateFilter(
        label="Published on or after", field_name="published_on", lookup_expr="gte"
    )
    published_before = DateFilter(
        label="Published on or before", field_name="published_on", lookup_expr="lte"
    )

    class Meta:
        model = Document
        fields = []
