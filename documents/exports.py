"""Search results as CSV and JSON, streamed row by row.

The rows are read with `iterator()` in chunks (speakers, roles and passages prefetched per
chunk), so an export of the whole record never holds it all in memory.
"""

import csv
import json

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from oversight.responses import plain_bad_request

CHUNK_SIZE = 500
COLUMNS = [
    "id",
    "url",
    "said_on",
    "said_on_precision",
    "speakers",
    "roles_that_day",
    "other_posts_that_day",
    "kind",
    "text",
    "document",
    "document_url",
    "publisher",
    "published_on",
    "also_reported_in",
    "reference",
    "quoted_from",
]
# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def statement_row(statement, request):
    """Return one statement as a dict of plain values, with absolute URLs."""
    bylines = statement.bylines()
    document = statement.document
    return {
        "id": statement.pk,
        "url": request.build_absolute_uri(statement.get_absolute_url()),
        "said_on": statement.said.iso or None,
        "said_on_precision": statement.said_on_precision if statement.said_on else None,
        "speakers": [person.display_name for person, _ in bylines],
        "roles_that_day": [role.label if role else None for _, role in bylines],
        "other_posts_that_day": [
            " / ".join(role.label for role in roles[1:]) or None
            for _, roles in statement.posts_held()
        ],
        "kind": statement.get_kind_display(),
        "text": statement.text,
        "document": document.title,
        "document_url": request.build_absolute_uri(document.get_absolute_url()),
        "publisher": document.publisher.name if document.publisher_id else None,
        "published_on": document.published.iso or None,
        "also_reported_in": [passage.document.title for passage in statement.passages.all()],
        "reference": statement.reference,
        # The document the words first appeared in, when the record does not hold it.
        "quoted_from": statement.quoted_from.title if statement.quoted_from_id else None,
    }


def neutralise(value):
    """Return a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(item or "" for item in value)
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def csv_lines(statements, request):
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # the BOM makes spreadsheets read UTF-8
    for statement in statements.iterator(chunk_size=CHUNK_SIZE):
        row = statement_row(statement, request)
        yield writer.writerow([neutralise(row[column]) for column in COLUMNS])


def json_chunks(statements, request):
    yield '{"results": ['
    separator = ""
    for statement in statements.iterator(chunk_size=CHUNK_SIZE):
        yield separator + json.dumps(statement_row(statement, request), ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


EXPORTS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "json": (json_chunks, "application/json"),
}


def errors_response(errors, export_format):
    """Return a 400 naming each filter that does not validate: JSON for a JSON export (as
    the API's), plain text for a CSV one (as the feed's). A problem of no one filter (an
    address's unknown parameter, on a list) is said alone, not under Django's "__all__"."""
    if export_format == "json":
        return JsonResponse({name: list(messages) for name, messages in errors.items()}, status=400)
    lines = [
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in errors.items()
    ]
    return plain_bad_request("\n".join(lines))


def export_response(statements, request, export_format, searched=()):
    """Return a streaming download of `statements` in `export_format` (a key of EXPORTS),
    named for the `searched` values (see file_name).

    A HEAD request gets the headers alone: the server would read every row only to drop it.
    The rows are read after the view has returned, so from the database chosen now: the
    replica, if the request may read it (oversight/replica.py).
    """
    generate, content_type = EXPORTS[export_format]
    statements = statements.using(statements.db)
    rows = iter(()) if request.method == "HEAD" else generate(statements, request)
    response = StreamingHttpResponse(rows, content_type=content_type)
    name = file_name(searched, export_format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def file_name(searched, export_format, noun="statements"):
    """Return a download's file name: the `noun`, what was searched for and the day, so
    that two downloads do not take each other's name
    ("statements_jury_albert-bore_2014-05-23.csv")."""
    words = [word for word in map(slugify, searched) if word]
    stem = "_".join([noun, *words])[:80].rstrip("-_")
    return f"{stem}_{timezone.localdate():%Y-%m-%d}.{export_format}"
