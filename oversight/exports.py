"""The priorities, recommendations and timeline lists as CSV: the rows the filters give
(the items as they stood on the day shown), for a committee's papers or a spreadsheet.

A list holds tens of rows (a national record, a thousand): read in one query and written
at once, where the statements' export, of up to a million rows, streams.
"""

import csv
import io

from django.http import HttpResponse

from documents.exports import file_name, neutralise
from oversight.dates import PartialDate
from oversight.models import Rag, Status

PRIORITY_COLUMNS = [
    "number",
    "title",
    "url",
    "commissioner",
    "status",
    "rag_confidence",
    "last_update_dated",
    "due",
    "overdue",
    "stale",
    "source",
    "judged_on",
]
TIMELINE_COLUMNS = [
    "occurred_on",
    "ended_on",
    "title",
    "description",
    "kind",
    "rating",
    "source",
    "source_url",
]
RECOMMENDATION_COLUMNS = [
    "reference",
    "review",
    "outcome",
    "text",
    "url",
    "status",
    "rag_confidence",
    "last_update_dated",
    "stale",
    "response",
    "source",
    "judged_on",
]


def status_columns(item, day, request, as_of):
    """Return the columns a priority and a recommendation share, as shown for `as_of`."""
    url = item.get_absolute_url()
    if as_of:
        url += f"?as_of={as_of:%Y-%m-%d}"
    return {
        "url": request.build_absolute_uri(url),
        "status": Status(item.shown_status).label if item.shown_status else "No status recorded",
        "rag_confidence": Rag(item.shown_rag).label if item.shown_rag else None,
        "last_update_dated": PartialDate(item.shown_as_of).iso or None,
        "stale": yes_no(item.is_stale),
        "source": str(item.source),
        "judged_on": f"{day:%Y-%m-%d}",
    }


def priority_row(priority, day, request, as_of):
    return status_columns(priority, day, request, as_of) | {
        "number": priority.number,
        "title": priority.title,
        "commissioner": str(priority.commissioner),
        "due": priority.due.iso or None,
        "overdue": yes_no(priority.is_overdue),
    }


def recommendation_row(recommendation, day, request, as_of):
    tracked = recommendation.outcome == recommendation.Outcome.RECOMMENDED
    row = status_columns(recommendation, day, request, as_of) | {
        "reference": recommendation.reference,
        "review": str(recommendation.review),
        "outcome": recommendation.get_outcome_display(),
        "text": recommendation.text,
        "response": recommendation.response or None,
    }
    if not tracked:  # an option the review did not recommend has no status to track
        row |= {"status": "Not tracked", "rag_confidence": None, "stale": None}
    return row


def timeline_row(event, request):
    return {
        "occurred_on": event.occurred.iso,
        "ended_on": event.ended.iso or None,
        "title": event.title,
        "description": event.description,
        "kind": event.get_kind_display(),
        "rating": event.rating or None,
        "source": event.source.title,
        "source_url": request.build_absolute_uri(event.source.get_absolute_url()),
    }


def yes_no(flag):
    return "Yes" if flag else "No"


def csv_response(items, *, columns, row, noun, described):
    """Return `items` as a CSV download, one row(item) each, named for the `noun`, the
    filter values `described` and today's date."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for item in items:
        values = row(item)
        writer.writerow([neutralise(values[column]) for column in columns])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = file_name(described, "csv", noun=noun)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
