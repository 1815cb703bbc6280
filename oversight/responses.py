"""Answers the site gives a script as well as a person."""

from django.http import Http404, HttpResponseBadRequest


class NotFoundSaid(Http404):
    """A 404 whose message is for the reader: the site's 404 page shows it (oversight.urls).
    Django's own ("No Priority matches the given query.") are not, and are not shown."""


def plain_bad_request(message):
    """Return a 400 saying `message` in plain text.

    The answer to an address that asked for data (a download, a feed): what asked for it,
    a script or a feed reader, would not read an HTML page, nor would a person saving it.
    """
    return HttpResponseBadRequest(
        message.rstrip("\n") + "\n", content_type="text/plain; charset=utf-8"
    )
