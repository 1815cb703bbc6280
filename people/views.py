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
    # An aggregate drops Meta.ordering, so the order is given again, with a tie-breaker.
    queryset = (
        Person.objects.annotate(statement_count=Count("statements", distinct=True))
        .prefetch_related(Prefetch("roles", queryset=Role.objects.select_related("organisation")))
        .order_by("name", "pk")
    )


class PersonDetailView(DetailView):
    """A person's posts over time, and what they said in the post they held that day."""

    queryset = Person.objects.prefetch_related(
        Prefetch("roles", queryset=Role.objects.select_related("organisation", "source")),
        Prefetch("statements", queryset=Statement.objects.select_related("document")),
    )

    def get_context_data(self, **kwargs):
        person = self.object
        kwargs["statements"] = [
            (statement, person.role_on(statement.said_on)) for statement in person.statements.all()
        ]
        return super().get_context_data(**kwargs)
