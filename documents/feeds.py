"""An Atom feed of the statements that match any search."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.text import Truncator

from documents.filters import StatementFilterSet
from documents.models import Statement
from oversight.atom import AtomFeed
from oversight.dates import Precision
from oversight.responses import plain_bad_request

FEED_LENGTH = 50
# Atom asks for an author of the feed where its entries name none.
AUTHOR = "Birmingham children's services oversight tracker"


def noon(day):
    """Return midday on `day` in the site's time zone: a date as a feed timestamp."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class StatementFeed(Feed):
    """`/statements/feed/?q=...`: the statements matching the search page's filters, those
    added to the record latest first (and, added together, the newest said first).

    A statement of 2013 recorded today is news to whoever follows a search: a feed by the
    day said would never show it behind fifty later ones.
    """

    feed_type = AtomFeed
    subtitle = "Statements on Birmingham children's services, the latest recorded first."
    author_name = AUTHOR

    def __call__(self, request, *args, **kwargs):
        self.filterset = StatementFilterSet(request.GET, queryset=Statement.objects.with_bylines())
        # A feed's order is its own (the latest recorded first), and it has no pages: a sort
        # or a page would do nothing, so one given is refused, saying so.
        errors = self.filterset.unknown_parameters(without={"sort"})
        for name in {"sort", "page"} & set(errors):
            errors[name] = [
                f"This address takes no “{name}”: a feed lists the {FEED_LENGTH} statements "
                "recorded latest, the latest first."
            ]
        if errors or not self.filterset.is_valid():
            errors = errors or self.filterset.errors
            message = " ".join(" ".join(messages) for messages in errors.values())
            return plain_bad_request(f"Bad search: {message}")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        return self.filterset

    def title(self, filterset):
        return filterset.described()

    def link(self, filterset):
        return reverse("documents:statements") + filterset.search_query_string()

    def feed_url(self, filterset):
        return reverse("documents:statement_feed") + filterset.search_query_string()

    def items(self, filterset):
        # With the document the words are quoted from, which an entry names.
        latest = (
            filterset.qs.select_related("quoted_from")
            .defer("quoted_from__body")
            .order_by(
                F("recorded_at").desc(nulls_last=True), F("said_on").desc(nulls_last=True), "-pk"
            )
        )
        return latest[:FEED_LENGTH]

    def item_title(self, statement):
        speakers = ", ".join(str(person) for person, _ in statement.bylines())
        # Reported speech is the reporter's words for what was said, as the citation says.
        reported = " (as reported)" if statement.kind == Statement.Kind.REPORTED else ""
        return f"{speakers}{reported}: {Truncator(statement.text).words(12)}"

    def item_description(self, statement):
        """The speakers with their posts, the day and where the words are read, then the
        words, in their paragraphs: where the citation says reported or quoted, so does
        this."""
        bylines = "; ".join(
            f"{person}, {role.label}" if role else str(person)
            for person, role in statement.bylines()
        )
        reported = statement.kind == Statement.Kind.REPORTED
        where = str(statement.document)
        if statement.quoted_from_id:
            how = "reported" if reported else "quoted"
            where = f"{statement.quoted_from}, {how} in {where}"
        elif reported:
            where = f"reported speech, in {where}"
        said = format_html("<p>{} ({}), {}:</p>", bylines, statement.said, f"in {where}")
        return said + linebreaks(f"“{statement.text}”", autoescape=True)

    def item_pubdate(self, statement):
        # Only a day: noon on the 1st would say "1 March" of words known as "March 2014".
        if statement.said_on and statement.said_on_precision == Precision.DAY:
            return noon(statement.said_on)
        return None

    def item_updateddate(self, statement):
        # Atom asks every entry for one. Statement.save() and the bench's bulk loaders set
        # recorded_at; a row written by other means falls back to its day, if it has one.
        if statement.recorded_at:
            return statement.recorded_at
        day = statement.said_on or statement.document.published_on
        return noon(day) if day else None
