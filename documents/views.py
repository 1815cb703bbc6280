"""Pages for documents and the statements they carry."""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q
from django.views.generic import DetailView

from documents.filters import DocumentFilterSet
from documents.models import Document, Passage, Statement
from oversight.listing import FilteredListView


def segments(body, spans):
    """Split `body` into (text, span) pieces, span None between marked spans.

    Spans are taken in order of their start; one that overlaps an earlier one is left
    unmarked rather than cutting the other in two.
    """
    pieces, cursor = [], 0
    for span in sorted(spans, key=lambda span: span.start):
        if span.start < cursor:
            continue
        pieces += [(body[cursor : span.start], None), (span.text, span)]
        cursor = span.end
    pieces.append((body[cursor:], None))
    return [(text, span) for text, span in pieces if text]


class DocumentListView(FilteredListView):
    """Every document in the record, held or only known of, by kind, publisher and date."""

    filterset_class = DocumentFilterSet
    # The list never shows a body, so it is not read; whether one is held is enough.
    queryset = (
        Document.objects.select_related("publisher")
        .defer("body")
        .annotate(
            held=ExpressionWrapper(Q(body__isnull=False), output_field=BooleanField()),
            statement_count=Count("statements"),
        )
        # An aggregate drops Meta.ordering, so the order is given again, with a tie-breaker.
        .order_by(F("published_on").asc(nulls_last=True), "title", "pk")
    )


class DocumentDetailView(DetailView):
    queryset = Document.objects.select_related("publisher", "referenced_in").prefetch_related(
        "statements",
        Prefetch("passages", queryset=Passage.objects.select_related("statement")),
        "quoted_statements",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        if document.is_held:
            spans = [*document.statements.all(), *document.passages.all()]
            context["segments"] = segments(document.body, spans)
        return context


class StatementDetailView(DetailView):
    queryset = (
        Statement.objects.with_bylines()
        .select_related("quoted_from")
        .prefetch_related(
            Prefetch("passages", queryset=Passage.objects.select_related("document__publisher"))
        )
    )
