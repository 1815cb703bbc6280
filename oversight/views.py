"""Public pages of the oversight record: the dashboard, the lists and the detail pages."""

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from documents.models import Statement
from oversight import dashboard, exports
from oversight.dates import PartialDate
from oversight.filters import (
    AsOfForm,
    PointInTimeForm,
    PriorityFilterSet,
    RecommendationFilterSet,
    TimelineEventFilterSet,
    reference_day,
)
from oversight.listing import (
    FilteredListView,
    PageOutOfRange,
    checked_page,
    page_problem,
)
from oversight.models import (
    CLOSED_STATUSES,
    Priority,
    Recommendation,
    Status,
    StatusUpdate,
    TimelineEvent,
)
from oversight.record_cache import until_the_record_changes

# What each status means, for readers of the public pages (HowToReadView); "" is none yet.
STATUS_MEANINGS = {
    Status.NOT_STARTED: "Set out, but the work on it has not begun.",
    Status.IN_PROGRESS: "The work has begun and is not finished.",
    Status.ACHIEVED: "Done, on the evidence the update cites.",
    Status.NOT_ACHIEVED: "Assessed as not done, or not done as it was meant to be.",
    Status.SUPERSEDED: "Replaced by a later priority or plan, or no longer pursued as set out.",
    "": "No update has been recorded yet, or on a past day, none dated by then.",
}
# Enough for any committee's "since the last meeting"; the page says when it is cut.
MAX_CHANGES_SINCE = 200
# Updates on each page of an item's history: years of monthly updates fit on one.
HISTORY_PER_PAGE = 100
# Rows in each of the dashboard's tables; the filtered lists hold the rest. A national
# record has a thousand items: every one in every table took seconds to draw.
DASHBOARD_ROWS = 50


def history_queryset():
    """Return status updates with everything a history table shows, oldest first."""
    return StatusUpdate.objects.select_related("recorded_by", "corrects").prefetch_related(
        Prefetch("evidence_statements", queryset=Statement.objects.select_related("document")),
        "evidence_documents",
    )


class AccessibilityStatementView(TemplateView):
    """How accessible the site is, how that is checked, and how to report a problem."""

    template_name = "oversight/accessibility_statement.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_email=settings.OVERSIGHT_CONTACT_EMAIL, **kwargs)


class HowToReadView(TemplateView):
    """What each status, flag and date means, and how the record on a past day is read."""

    template_name = "oversight/how_to_read.html"

    def get_context_data(self, **kwargs):
        closed = set(CLOSED_STATUSES)
        statuses = [(status, STATUS_MEANINGS[status], status in closed) for status in Status.values]
        statuses.append(("", STATUS_MEANINGS[""], False))
        return super().get_context_data(
            statuses=statuses, stale_after_days=settings.OVERSIGHT_STALE_AFTER_DAYS, **kwargs
        )


class DashboardView(TemplateView):
    """What is on track, late or stale; what changed; the record on any given day.

    A page served from the cache costs one query: the record version, which keys it.
    """

    template_name = "oversight/dashboard.html"

    def get(self, request, *args, **kwargs):
        form = PointInTimeForm(request.GET)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        return HttpResponse(until_the_record_changes(self.cache_key(), lambda: self.build(form)))

    def build(self, form):
        """Return the page's HTML."""
        as_of, since = form.cleaned_data["as_of"], form.cleaned_data["since"]
        context = self.get_context_data(form=form, as_of=as_of, since=since)
        return self.render_to_response(context).render().content

    def cache_key(self):
        """Return the key of this page for the record cache, which adds the record version.

        Besides the record the page depends on today's date, the stale setting and the
        address, query string included.
        """
        address = hashlib.sha256(self.request.build_absolute_uri().encode()).hexdigest()
        today = timezone.localdate().isoformat()
        stale = settings.OVERSIGHT_STALE_AFTER_DAYS
        return f"dashboard:{today}:{stale}:{address}"

    def get_context_data(self, *, as_of, since, **kwargs):
        context = super().get_context_data(**kwargs)
        day = reference_day(as_of)
        flags = {"day": day, "stale_after_days": settings.OVERSIGHT_STALE_AFTER_DAYS}
        priorities = Priority.objects.with_commissioner()
        recommendations = Recommendation.objects.all()
        if as_of:
            priorities, recommendations = (
                priorities.set_out_by(as_of),
                recommendations.set_out_by(as_of),
            )
        priorities = list(priorities.as_of(as_of).with_flags(**flags))
        recommendations = list(recommendations.as_of(as_of).with_flags(**flags))
        tracked = [item for item in recommendations if item.outcome == item.Outcome.RECOMMENDED]
        history = StatusUpdate.objects.up_to(as_of)
        changes = history.with_previous_status().with_items().with_corrections(as_of)
        changes = changes.latest_first()

        context |= {
            "row_limit": DASHBOARD_ROWS,
            "row_slice": f":{DASHBOARD_ROWS}",
            "as_of": as_of,
            "since": since,
            "day": day,
            "stale_after_days": settings.OVERSIGHT_STALE_AFTER_DAYS,
            "priorities": priorities,
            "recommendations": recommendations,
            "counts": dashboard.status_counts(priorities, tracked),
            "overdue": [item for item in priorities if item.is_overdue],
            "stale": [item for item in [*priorities, *tracked] if item.is_stale],
            "latest_changes": changes[:10],
            "latest_statements": self.latest_statements(day),
            "key_events": TimelineEvent.objects.filter(occurred_on__lte=day).order_by(
                "-occurred_on", "-slug"
            )[:6],
            "chart": self.chart(history, priorities, tracked),
        }
        if since:
            since_changes = list(changes.since(since)[: MAX_CHANGES_SINCE + 1])
            since_text = str(PartialDate(since))
            context |= {
                "since_caption": f"Status updates dated on or after {since_text}, newest first",
                "backdated_caption": (
                    f"Back-dated: recorded on or after {since_text}, but dated before it"
                ),
                "since_changes": since_changes[:MAX_CHANGES_SINCE],
                "since_cut": len(since_changes) > MAX_CHANGES_SINCE,
                "backdated": changes.backdated_since(since)[:MAX_CHANGES_SINCE],
            }
        return context

    def latest_statements(self, day):
        statements = Statement.objects.with_bylines().filter(said_on__lte=day)
        return statements.order_by("-said_on", "-id")[:5]

    def chart(self, history, priorities, recommendations):
        """Return the status-over-time chart for the items the dashboard shows."""
        rows = (
            history.standing_when_dated()
            .order_by("as_of", "recorded_at", "id")
            .values_list("priority_id", "recommendation_id", "as_of", "status")
        )
        updates = [
            (("priority", p) if p else ("recommendation", r), day, status)
            for p, r, day, status in rows
        ]
        keys = [("priority", item.pk) for item in priorities]
        keys += [("recommendation", item.pk) for item in recommendations]
        bars = dashboard.status_over_time(updates, keys)
        return dashboard.chart_geometry(bars, total=len(keys))


class TrackedItemListView(FilteredListView):
    """A list of priorities or recommendations, as they stood on the chosen day; with
    `?format=csv`, every row the filters give, as a download (oversight.exports)."""

    # {"columns", "row": row(item, day, request, as_of), "noun"} for exports.csv_response
    export = None
    downloads = ("csv",)

    def download(self, export_format):
        filterset = self.filterset
        as_of = filterset.form.cleaned_data.get("as_of")
        day, row = reference_day(as_of), self.export["row"]
        return exports.csv_response(
            filterset.qs.select_related("source"),
            columns=self.export["columns"],
            row=lambda item: row(item, day, self.request, as_of),
            noun=self.export["noun"],
            described=self.described_filters(),
        )

    def get_context_data(self, **kwargs):
        kwargs["as_of"] = self.filterset.form.cleaned_data.get("as_of")
        kwargs["day"] = reference_day(kwargs["as_of"])
        # Whether the day is all that narrows the list: empty, it was before any was set out.
        others = (name for name in self.filterset.filters if name != "as_of")
        kwargs["only_the_day"] = not any(self.request.GET.get(name) for name in others)
        kwargs["stale_after_days"] = settings.OVERSIGHT_STALE_AFTER_DAYS
        return super().get_context_data(**kwargs)


class PriorityListView(TrackedItemListView):
    """The Commissioner's priorities, filtered by status, confidence, deadline and more."""

    filterset_class = PriorityFilterSet
    queryset = Priority.objects.with_commissioner().order_by("number", "pk")
    export = {
        "columns": exports.PRIORITY_COLUMNS,
        "row": exports.priority_row,
        "noun": "priorities",
    }


class RecommendationListView(TrackedItemListView):
    """The review's recommendations and the options it ruled out, by outcome and status."""

    filterset_class = RecommendationFilterSet
    queryset = Recommendation.objects.select_related("review").order_by(
        "review__published_on", "review__title", "reference", "pk"
    )
    export = {
        "columns": exports.RECOMMENDATION_COLUMNS,
        "row": exports.recommendation_row,
        "noun": "recommendations",
    }

    def get_context_data(self, **kwargs):
        # The list holds the options the review ruled out as well: its count says so.
        kwargs.setdefault("noun", "recommendation or option")
        kwargs.setdefault("nouns", "recommendations and options")
        return super().get_context_data(**kwargs)


class TimelineView(FilteredListView):
    """The chronology of the service, with the ratings inspections gave."""

    filterset_class = TimelineEventFilterSet
    queryset = TimelineEvent.objects.select_related("source").order_by("occurred_on", "slug")
    paginate_by = 100
    downloads = ("csv",)

    def download(self, export_format):
        """Return every event the filters give as CSV, to chart or cite the ratings."""
        return exports.csv_response(
            self.filterset.qs,
            columns=exports.TIMELINE_COLUMNS,
            row=lambda event: exports.timeline_row(event, self.request),
            noun="timeline",
            described=self.described_filters(),
        )


class TrackedItemDetailMixin:
    """A priority or recommendation with its history, as it stands or, with `?as_of=`, as it
    stood at the end of that day: the status then, overdue and stale judged from then, and
    the updates dated by then.

    The history comes HISTORY_PER_PAGE updates at a time, the latest first: what a reader
    comes for is the item's latest updates.
    """

    as_of = None
    history_page = None

    def get(self, request, *args, **kwargs):
        self.form = AsOfForm(request.GET)
        self.history_page = request.GET.get("history_page")
        if problem := page_problem(request.GET, "history_page"):
            self.form.add_error(None, f"The page of the history: {problem}")
        if self.form.is_valid():
            self.as_of = self.form.cleaned_data["as_of"]
            return super().get(request, *args, **kwargs)
        # The page as it stands, under the form's message; on its latest updates if the
        # page asked is not there, which would hide the message under a 404.
        self.object = self.get_object()
        try:
            context = self.get_context_data(object=self.object)
        except PageOutOfRange:
            self.history_page = None
            context = self.get_context_data(object=self.object)
        return self.render_to_response(context, status=400)

    def get_queryset(self):
        flags = {
            "day": reference_day(self.as_of),
            "stale_after_days": settings.OVERSIGHT_STALE_AFTER_DAYS,
        }
        return super().get_queryset().select_related("source").as_of(self.as_of).with_flags(**flags)

    def history(self):
        """Return the page of the history to show, and how many updates are dated later.

        Pages are counted from the latest, so that the first is always full; each is
        shown oldest first. `first` and `last` number its updates from the oldest.
        """
        updates = history_queryset().filter(**{self.object._meta.model_name: self.object})
        every = Count("pk")
        dated_by = Count("pk", filter=Q(as_of__lte=self.as_of)) if self.as_of else every
        counts = updates.aggregate(total=every, shown=dated_by)
        # Each update with the later ones that correct it, among those the page shows.
        corrections = StatusUpdate.objects.up_to(self.as_of).order_by("as_of", "recorded_at")
        shown = updates.up_to(self.as_of).latest_first()
        shown = shown.prefetch_related(Prefetch("corrections", queryset=corrections))
        paginator = Paginator(shown, HISTORY_PER_PAGE)
        paginator.count = counts["shown"]
        page = checked_page(paginator, self.history_page, noun="history")
        page.object_list = list(page.object_list)[::-1]
        page.ids = {update.pk for update in page.object_list}  # what a correction links to
        page.first = paginator.count - page.end_index() + 1
        page.last = paginator.count - page.start_index() + 1
        return page, counts["total"] - counts["shown"]

    def deadline_moves(self):
        """Return (from, to, day) for each time the priority's deadline was moved, oldest
        first: each DeadlineChange keeps the deadline it replaced. One query."""
        changes = list(self.object.deadline_changes.all())
        now = PartialDate(self.object.due_on, self.object.due_on_precision)
        moved_to = [change.due for change in changes[1:]] + [now] if changes else []
        return [
            (change.due, to, change.changed_on)
            for change, to in zip(changes, moved_to, strict=True)
        ]

    def get_context_data(self, **kwargs):
        history, later_updates = self.history()
        kwargs.update(
            form=self.form,
            as_of=self.as_of,
            day=reference_day(self.as_of),
            stale_after_days=settings.OVERSIGHT_STALE_AFTER_DAYS,
            history=history,
            history_per_page=HISTORY_PER_PAGE,
            later_updates=later_updates,
            not_yet_set_out=bool(self.as_of) and not self.object.is_set_out_by(self.as_of),
        )
        if self.object.has_deadline:
            kwargs["deadline_moves"] = self.deadline_moves()
        if self.object.is_tracked:  # an option ruled out has no statuses to follow
            name = f"oversight:{self.object._meta.model_name}_feed"
            kwargs["feed_url"] = reverse(name, kwargs=self.kwargs)
        return super().get_context_data(**kwargs)


class PriorityDetailView(TrackedItemDetailMixin, DetailView):
    queryset = Priority.objects.with_commissioner()


class RecommendationDetailView(TrackedItemDetailMixin, DetailView):
    queryset = Recommendation.objects.select_related("review__report")
