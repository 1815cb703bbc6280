"""Pages for the people in the record."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from documents.models import Statement
from people.models import Person, Role


class PersonDetailView(DetailView):
    queryset = Person.objects.prefetch_related(
        Prefetch("roles", queryset=Role.objects.select_related("organisation", "source")),
        Prefetch("statements", queryset=Statement.objects.select_related("document")),
    )
