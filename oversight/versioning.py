"""Optimistic concurrency for tracked items: a save names the version it was based on.

A write first raises the row's version with a conditional UPDATE (`... WHERE version = n`).
If another save got there first the UPDATE matches no row and the write is refused with
`StaleEdit`, which says what the newer change was. The UPDATE also takes the row's write
lock, so the check and the write cannot interleave, on PostgreSQL or SQLite.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from oversight.dates import PartialDate
from oversight.models import officer_name

# Enough of the newer update's note to know it by; the item's page has all of it.
NOTE_SHOWN = 120


class StaleEdit(Exception):
    """Someone else changed the item after this form was opened; nothing was saved."""

    def __init__(self, item):
        self.item = item
        super().__init__(
            f"Not saved: “{item}” was changed after you opened this form. "
            f"{describe_latest_change(item)} Nothing of yours was saved; "
            "check the current record and save again if your change still stands."
        )

    def of_a_file(self):
        """Say it of a CSV file's apply, which followed a dry run, not a form."""
        return (
            f"Not saved: “{self.item}” was changed after the dry run checked this file. "
            f"{describe_latest_change(self.item)} Nothing from the file was saved; upload "
            "it again to check it against the record as it is now."
        )


def version_claim(item, expected_version=None):
    """Raise `item`'s version in the database and return the new one.

    With `expected_version`, refuse with `StaleEdit` unless the row is still at it.
    """
    rows = type(item).objects.filter(pk=item.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise StaleEdit(type(item).objects.get(pk=item.pk))
    item.version = type(item).objects.values_list("version", flat=True).get(pk=item.pk)
    return item.version


def describe_latest_change(item):
    """Return a sentence naming the latest change to `item`: who, when and what."""
    changes = []
    update = item.updates.select_related("recorded_by").order_by("-recorded_at", "-id").first()
    if update:
        changes.append(
            (
                update.recorded_at,
                update.recorded_by,
                f"recorded “{update.get_status_display()}” ({update.get_rag_display()}) "
                f"as of {PartialDate(update.as_of)}: {Truncator(update.note).chars(NOTE_SHOWN)}",
            )
        )
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=str(item.pk)
        )
        .select_related("user")
        .order_by("-action_time", "-id")
        .first()
    )
    if entry:
        changes.append((entry.action_time, entry.user, entry.get_change_message() or "edited it"))
    if not changes:
        return f"It is now at version {item.version}."
    at, user, what = max(changes, key=lambda change: change[0])
    # Named and timed as the admin's own pages name and time them: by full name where
    # there is one, in the site's time zone (GMT or BST, which it says).
    who = officer_name(user) if user else "the seed record"
    at = timezone.localtime(at)
    when = f"{PartialDate(at.date())} at {at:%H:%M %Z}"
    return f"The newer change: {who} {what[0].lower()}{what[1:]} ({when})."
