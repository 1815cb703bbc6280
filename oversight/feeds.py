"""Atom feeds of status changes: to every priority and recommendation, and to one."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse

from documents.feeds import AUTHOR
from oversight.atom import AtomFeed
from oversight.models import Priority, Recommendation, StatusUpdate
from oversight.responses import NotFoundSaid, plain_bad_request

FEED_LENGTH = 50


class StatusChangeFeed(Feed):
    """`/priorities/feed/`: every new status recorded, most recently recorded first."""

    feed_type = AtomFeed
    author_name = AUTHOR
    title = "Status changes: the Commissioner's priorities and the review's recommendations"
    subtitle = "Each new status recorded for a priority or recommendation, with its note."
    lists = "for every priority and recommendation"  # what its 400 says it lists

    def __call__(self, request, *args, **kwargs):
        # It takes no filter: a reader given `?status=overdue` must not be shown every
        # change as if it were the overdue ones.
        if request.GET:
            given = ", ".join(f"“{name}”" for name in sorted(request.GET))
            return plain_bad_request(
                f"Bad address: this feed takes no parameters ({given}). It lists the"
                f" {FEED_LENGTH} statuses recorded latest, {self.lists}."
                " Give its address without the part from “?”."
            )
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("oversight:home")

    def items(self):
        updates = StatusUpdate.objects.select_related("priority", "recommendation", "corrects")
        return updates.order_by("-recorded_at", "-pk")[:FEED_LENGTH]

    def item_title(self, update):
        title = f"{update.item}: {update.get_status_display()} ({update.get_rag_display()})"
        return f"{title}, a correction" if update.corrects_id else title

    def item_description(self, update):
        # Atom's summary is HTML here: the note is plain text, and "5 < 6" must stay so;
        # its line breaks stay breaks, as on the item's page.
        said = f"As of {update.as_of:%-d %B %Y}: {update.note}"
        if corrected := update.corrects:
            said += (
                f"\n\nThis corrects the update as of {corrected.as_of:%-d %B %Y} "
                f"({corrected.get_status_display()}), which no longer counts."
            )
        return linebreaksbr(said, autoescape=True)

    def item_link(self, update):
        # The update's row in its item's history. Several updates share the page, so the
        # row's address also makes each entry's id, absolute as Atom asks (Feed adds the
        # domain to links, not to ids of our own).
        return update.get_absolute_url()

    def item_pubdate(self, update):
        return update.recorded_at

    def item_updateddate(self, update):
        return update.recorded_at


class ItemStatusFeed(StatusChangeFeed):
    """`<item's address>feed/`: each new status recorded for one priority or recommendation
    (`model`), most recently recorded first; a 404 for one not in the record."""

    model = None

    def get_object(self, request, **lookup):
        item = get_object_or_404(self.model, **lookup)
        if not item.is_tracked:  # an option ruled out: a feed that stays empty for ever
            raise NotFoundSaid(
                f"“{item}” is an option the review did not recommend: it has no status to "
                "track, so no feed of its statuses."
            )
        return item

    @property
    def lists(self):
        return f"for this {self.model._meta.verbose_name}"

    def title(self, item):
        return f"Status changes: {item}"

    def subtitle(self, item):
        return f"Each new status recorded {self.lists}, with its note."

    def link(self, item):
        return item.get_absolute_url()

    def items(self, item):
        updates = item.updates.select_related("priority", "recommendation")
        return updates.order_by("-recorded_at", "-pk")[:FEED_LENGTH]


class PriorityStatusFeed(ItemStatusFeed):
    model = Priority


class RecommendationStatusFeed(ItemStatusFeed):
    model = Recommendation
