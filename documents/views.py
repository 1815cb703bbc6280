"""Pages for documents and the statements they carry."""

import itertools
from contextlib import nullcontext

from django.conf import settings
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from documents import exports, search
from documents.filters import DocumentFilterSet, StatementFilterSet
from documents.models import Document, Passage, Statement
from oversight.listing import (
    CheckedPagesMixin,
    FilteredListView,
    asked_download,
    page_problem,
    page_size_problem,
)
from oversight.pagination import CappedPaginator, count_up_to
from oversight.responses import plain_bad_request


def segments(body, spans):
    """Split `body` into (text, span, first) pieces: span None between marked spans, and
    `first` true on the first piece of each span, which carries its anchor.

    Each piece belongs to the innermost span over it: words one statement quotes inside
    another (Lord Warner's letter in the cabinet member's response) are marked as their
    own, and the outer statement goes on around them in pieces.
    """
    spans = sorted(spans, key=lambda span: span.start)
    edges = sorted({0, len(body), *(span.start for span in spans), *(span.end for span in spans)})
    pieces, anchored, over, opened = [], set(), [], 0
    for start, end in itertools.pairwise(edges):
        # The spans over [start, end): every edge is a piece's, so those begun and not ended.
        while opened < len(spans) and spans[opened].start <= start:
            over.append(spans[opened])
            opened += 1
        over = [span for span in over if span.end > start]
        owner = min(over, key=lambda span: span.end - span.start) if over else None
        if pieces and pieces[-1][1] is owner:
            pieces[-1][0] += body[start:end]
            continue
        first = owner is not None and id(owner) not in anchored
        anchored.add(id(owner))
        pieces.append([body[start:end], owner, first])
    return [(text, span, first) for text, span, first in pieces if text]


def count_for_document(model, field="document"):
    """Return how many `model` rows name the outer document in `field`."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(count=Count("pk")).values("count")), 0)


class DocumentListView(FilteredListView):
    """Every document in the record, held or only known of, by kind, publisher and date."""

    filterset_class = DocumentFilterSet
    # The list never shows a body, so it is not read; whether one is held is enough.
    queryset = (
        Document.objects.select_related("publisher")
        .defer("body")
        .annotate(
            held=ExpressionWrapper(Q(body__isnull=False), output_field=BooleanField()),
            # Each statement marked in its text: first reported there, or also reported.
            statement_count=count_for_document(Statement) + count_for_document(Passage),
            quoted_count=count_for_document(Statement, "quoted_from"),
        )
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.object
        context["before"], context["after"] = statement.in_context()
        url = self.request.build_absolute_uri(statement.get_absolute_url())
        context["citation"] = statement.citation(url)
        return context


class StatementListView(CheckedPagesMixin, ListView):
    """Search statements; `?format=csv` or `?format=json` downloads every result.

    The page counts and pages through OVERSIGHT_SEARCH_RESULTS_LIMIT results at most, and
    ranks a search by relevance only when it matches no more. A broader search is shown
    newest first unless relevance is asked for: ranking reads every match's words, so its
    cost grows with the matches, and the best-ranked twenty of a hundred thousand say
    little more than the newest twenty. Exports carry every match.
    """

    paginate_by = 20
    downloads = tuple(exports.EXPORTS)  # the formats `?format=` gives, as a list's
    filterset = None
    matches = None
    broad = False

    def get(self, request, *args, **kwargs):
        export_format, problem = asked_download(request.GET, self.downloads, Statement)
        if problem:  # told in plain text, as a download's other errors are
            return plain_bad_request(problem)
        self.filterset = StatementFilterSet(request.GET, queryset=self.base_queryset())
        if export_format:  # a script asked for data: the errors in kind, not a page
            # A misspelt filter would download everything, as the API would list it.
            errors = self.filterset.unknown_parameters(also={"format", "page"})
            if errors or not self.filterset.is_valid():
                return exports.errors_response(errors or self.filterset.errors, export_format)
        elif not self.filterset.is_valid():
            return self.bad_request()
        if export_format:
            statements = self.ordered_as_the_page_is(self.filterset.qs)
            statements = statements.select_related("quoted_from").prefetch_related(
                Prefetch("passages", queryset=Passage.objects.select_related("document"))
            )
            named = self.filterset.named()
            return exports.export_response(statements, request, export_format, named)
        problem = page_problem(request.GET, self.page_kwarg) or page_size_problem(
            request.GET, self.paginate_by, Statement
        )
        if problem:
            return self.bad_request(problem)
        return super().get(request, *args, **kwargs)

    def bad_request(self, message=None):
        """Show the search form with what was wrong, as a 400."""
        self.object_list = Statement.objects.none()
        self.told = True
        if self.filterset is None:
            self.filterset = StatementFilterSet(queryset=self.base_queryset())
        context = self.get_context_data(message=message)
        return self.render_to_response(context, status=400)

    def base_queryset(self):
        # A list shows each statement's document by title; its body is for the permalink.
        return Statement.objects.with_bylines().defer("document__body")

    @cached_property
    def parsed_query(self):
        """Return the search's ParsedQuery, read once for the page; None with no search."""
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {}
        return search.parse(data["q"]) if data.get("q") else None

    def get_queryset(self):
        statements = self.ordered_as_the_page_is(self.filterset.qs)
        if self.parsed_query is None:
            return statements
        return self.engine().with_headlines(statements, self.parsed_query.any_phrase())

    def ordered_as_the_page_is(self, statements):
        """Return the search's `statements` in the page's order: newest first for a broad
        search (more matches than the limit) unless relevance was asked for.

        The count is taken before the headlines join the query (search.Engine.
        with_headlines), and kept until the record changes: each further page of the
        search, and its export, reuses it. A search of one word alone is not counted
        where the database keeps each word's count (StatementFilterSet.matches_known).
        """
        if not self.filterset.form.cleaned_data.get("q"):
            return statements
        record_cache = self.filterset.form.record_cache
        limit = self.results_limit() + 1
        self.matches = self.filterset.matches_known(limit)
        if self.matches is None:
            self.matches = count_up_to(statements, limit, record_cache)
        if self.filterset.ranks_by_default() and self.matches > self.results_limit():
            self.broad = True
            statements = statements.order_by(*self.filterset.newest())
        return statements

    def get_paginator(self, queryset, per_page, **kwargs):
        return CappedPaginator(queryset, per_page, cap=self.results_limit(), matches=self.matches)

    def engine(self):
        return search.engine_for(connections[self.filterset.qs.db])

    def page_plan(self):
        """Return the context to read the page's rows in: see search.Engine.page_plan.

        Newest first, a search matching more than the limit may walk the newest-first index.
        """
        if self.matches is None:  # no search, or a form to correct
            return nullcontext()
        newest_first = self.broad or self.filterset.clean_sort() == self.filterset.Sort.NEWEST
        walk = newest_first and self.matches > self.results_limit()
        connection = connections[self.filterset.qs.db]
        return self.engine().page_plan(connection, self.parsed_query, broad=walk)

    def undated_by_holders(self):
        """Return the holders of the post asked for whose undated words match the rest of
        the search, each with the address of that search of their words, as theirs."""
        holders = self.filterset.undated_by_holders()
        for person in holders:
            person.undated_search = self.filterset.search_query_string(
                without=self.filterset.IN_A_POST, person=person.slug
            )
        return holders

    @staticmethod
    def results_limit():
        return settings.OVERSIGHT_SEARCH_RESULTS_LIMIT

    def get_context_data(self, **kwargs):
        with self.page_plan():
            context = super().get_context_data(
                filterset=self.filterset,
                broad=self.broad,
                results_limit=self.results_limit(),
                **kwargs,
            )
            statements = context["object_list"]
            bool(statements)  # the page's rows, read now, under the plan above
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {}
        if self.parsed_query is not None:
            context["not_left_out"] = self.parsed_query.not_left_out
            if statements:
                search.attach_headlines(context["object_list"], self.parsed_query)
        searched = bool(self.filterset.is_bound and any(self.request.GET.values()))
        shown = self.filterset.is_bound and self.filterset.is_valid() and not kwargs.get("message")
        given = {name for name, value in data.items() if value not in (None, "")}
        context["searched"] = searched
        context["filtered"] = bool(given - {"q", "sort"})
        # Folded after a search of words alone that finds statements; open before any
        # search, with a filter or sort given, and where the search finds nothing or must
        # be mended.
        context["filters_open"] = not (shown and statements and given == {"q"})
        # The words as typed, for the page to repeat: a box of spaces (any kind) is empty.
        context["query"] = (self.filterset.form["q"].value() or "").strip()
        # The search in words, for the window's title: one tab, bookmark or entry in the
        # history from another ("Statements matching “jury”; Said by: Peter Hay").
        context["described"] = self.filterset.described() if shown and given - {"sort"} else ""
        if shown and (data.get("role") or data.get("organisation")):
            context["undated_by_holders"] = self.undated_by_holders()
            if not statements:
                context["post_never_quoted"] = self.filterset.post_never_quoted()
        if shown and data.get("person") and not statements:
            context["person_never_quoted"] = self.filterset.person_never_quoted()
        # The feed and the downloads take the search (the downloads its sort too), and
        # nothing else the page was given (a shared link's utm_source), which they refuse.
        bound = self.filterset if self.filterset.is_bound else None
        sort = bound.data.get("sort") if bound else ""
        context["feed_url"] = reverse("documents:statement_feed") + (
            bound.search_query_string() if bound else ""
        )
        context["downloads"] = {
            kind: bound.search_query_string(sort=sort, format=kind) if bound else f"?format={kind}"
            for kind in ("csv", "json")
        }
        return context
