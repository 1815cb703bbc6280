"""An Atom feed of the statements that match any search."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from documents.filters import StatementFilterSet
from documents.models import Statement

FEED_LENGTH = 50


def noon(day):
    """Return midday on `day` in the site's time zone: a date as a feed timestamp."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class StatementFeed(Feed):
    """`/statements/feed/?q=...`: the newest statements matching the search page's filters."""

    feed_type = Atom1Feed
    subtitle = "Statements on Birmingham children's services, newest first."

    def __call__(self, request, *args, **kwargs):
        self.filterset = StatementFilterSet(request.GET, queryset=Statement.objects.with_bylines())
        if not self.filterset.is_valid():
            errors = " ".join(" ".join(messages) for messages in self.filterset.errors.values())
            return HttpResponseBadRequest(f"Bad search: {errors}", content_type="text/plain")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return self.filterset

    def title(self, filterset):
        query = filterset.form.cleaned_data.get("q")
        return f"Statements matching “{query}”" if query else "Statements"

    def link(self, filterset):
        query = filterset.data.urlencode()
        return reverse("documents:statements") + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        query = filterset.data.urlencode()
        return reverse("documents:statement_feed") + (f"?{query}" if query else "")

    def items(self, filterset):
        newest = filterset.qs.order_by(F("said_on").desc(nulls_last=True), "-pk")
        return newest[:FEED_LENGTH]

    def item_title(self, statement):
        speakers = ", ".join(str(person) for person, _ in statement.bylines())
        return f"{speakers}: {Truncator(statement.text).words(12)}"

    def item_description(self, statement):
        bylines = "; ".join(
            f"{person}, {role.label}" if role else str(person)
            for person, role in statement.bylines()
        )
        return escape(f"{bylines} ({statement.said}), in {statement.document}: “{statement.text}”")

    def item_pubdate(self, statement):
        return noon(statement.said_on) if statement.said_on else None

    def item_updateddate(self, statement):
        return self.item_pubdate(statement)
