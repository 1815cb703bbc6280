"""Pages for documents and the statements they carry."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from documents.models import Document, Passage, Statement


class DocumentDetailView(DetailView):
    queryset = Document.objects.select_related("publisher", "referenced_in").prefetch_related(
        Prefetch("statements", queryset=Statement.objects.with_bylines().order_by("start")),
        Prefetch("passages", queryset=Passage.objects.select_related("statement")),
        "quoted_statements",
    )


class StatementDetailView(DetailView):
    queryset = Statement.objects.with_bylines().select_related("quoted_from").prefetch_related(
        Prefetch("passages", queryset=Passage.objects.select_related("document__publisher"))
    )
