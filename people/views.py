"""Pages for the people in the record."""

from django.db.models import Count, Prefetch
from django.views.generic import DetailView

from documents.models import Statement
from oversight.listing import FilteredListView
from people.filters import PersonFilterSet
from people.models import Person, Role


class PersonListView(FilteredListView):
    """Everyone the record names in a post, by organisation and post title."""

    filterset_class = PersonFilterSet
    queryset = Person.objects.annotate(
        statement_count=Count("statements", distinct=True)
    ).prefetch_related(Prefetch("roles", queryset=Role.objects.select_related("organisation")))


class PersonDetailView(DetailView):
    queryset = Person.objects.prefetch_related(
        Prefetch("roles", queryset=Role.objects.select_related("organisation", "source")),
        Prefetch("statements", queryset=Statement.objects.select_related("document")),
    )
