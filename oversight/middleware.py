"""Middleware of the project's own."""

import copy
import re
from urllib.parse import unquote

from django.http import HttpResponseBadRequest, QueryDict
from django.middleware import http
from django.template.loader import render_to_string

from oversight.admin_widgets import is_key_text
from oversight.plain_text import CONTROL_OR_BREAK

# What the site publishes as data, by view: the API (its namespace), the feeds, and the
# downloads of the search and the lists (with `format`, on a view that gives `downloads`).
DATA_NAMESPACES = {"api"}
FEEDS = {
    "documents:statement_feed",
    "oversight:status_feed",
    "oversight:priority_feed",
    "oversight:recommendation_feed",
}


def is_public_data(request):
    match = request.resolver_match
    if match is None:  # no view: a 404, or an answer from a middleware
        return False
    downloads = getattr(getattr(match.func, "view_class", None), "downloads", ())
    return (
        bool(DATA_NAMESPACES & set(match.namespaces))
        or match.view_name in FEEDS
        or (bool(downloads) and "format" in request.GET)
    )


def open_data_cors(get_response):
    """Let a page on any other site read the public data: a journalist's notebook or chart
    in the browser. The data is public and read-only, and no credentials go with it (`*`
    forbids them), so no one's session is exposed; the admin's JSON is not data here.

    Placed before ConditionalGetMiddleware, so that its 304s carry the headers too, and a
    script may send back the ETag it was shown (If-None-Match, asked in a preflight).
    """

    def middleware(request):
        response = get_response(request)
        if is_public_data(request):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag"
            if request.method == "OPTIONS":
                response["Access-Control-Allow-Methods"] = "GET, HEAD"
                response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
                response["Access-Control-Max-Age"] = "86400"
        return response

    return middleware


# CONTROL_OR_BREAK: characters a page cannot show (HTML forbids them) and that no search
# or filter means.
REPLACEMENT = "\ufffd"


def readable_query(get_response):
    """Read control characters in an address's query as U+FFFD, which stands for a
    character that cannot be shown: a filter's message that repeats the value is then
    valid HTML, and PostgreSQL, which refuses NUL in text, is never asked for one, by
    the admin's lists either. Searches ignore them as before.

    And read a parameter given a value and also empty (`?q=inspection&q=`, a form's box
    sent beside a link's value) as given that value: Django reads the last, the empty
    one, so the page, the API and the feed listed everything while their links and titles
    named the search (oversight.filters.several_values takes such an address as one value).
    """

    def middleware(request):
        query = request.META.get("QUERY_STRING", "")
        control = CONTROL_OR_BREAK.search(unquote(query))
        if control or empty_beside_a_value(request.GET):
            readable = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                if control:
                    name = CONTROL_OR_BREAK.sub(REPLACEMENT, name)
                    values = [CONTROL_OR_BREAK.sub(REPLACEMENT, value) for value in values]
                readable.setlist(name, [value for value in values if value] or values)
            readable._mutable = False
            request.GET = readable
        return get_response(request)

    return middleware


def empty_beside_a_value(query):
    """Return whether `query` gives any parameter both empty and a value."""
    return any("" in values and any(values) for _, values in query.lists())


ADMIN = "/admin/"
# A row's key as the admin's forms send it: the rows chosen for an action, and each row's
# id in a list's or an inline's forms ("form-2-id", "updates-0-id").
KEY_NAME = re.compile(r"_selected_action|(?:.+-)?\d+-id")
# What the admin's lists take as words to search for, not as a number to look up.
SEARCHES = {"q", "term"}
INTEGER = re.compile(r"[-+]?[0-9]+")
LARGEST_KEY = 2**63 - 1
# A list's date drill-down (date_hierarchy): "as_of__year=2014&as_of__month=5". Python's
# dates end with the year 9999; Django's admin fails on a number far beyond it.
DATE_PART = re.compile(r"__(year|month|day)$")
LAST_YEAR = 9999


def admin_keys_checked(get_response):
    """Answer the admin's forms and lists with a 400 that says why when they name a row by
    a key no row can have ("abc", "²", or a number too large for the database), which
    Django's admin would otherwise fail on with a 500."""

    def middleware(request):
        if request.path.startswith(ADMIN) and (message := unreadable_admin_keys(request)):
            return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
        return get_response(request)

    return middleware


def unreadable_admin_keys(request):
    """Return what is wrong with the keys `request` sends the admin, or None."""
    if request.method == "POST":
        for name, values in request.POST.lists():
            if KEY_NAME.fullmatch(name) and any(v and not is_key_text(v) for v in values):
                return "The form named a row by a key no row has: reload the page, send it again."
    for name, values in request.GET.lists():
        if name in SEARCHES:
            continue
        # Read as text first: Python refuses to read a number of more than 4,300 digits.
        digits = [value.lstrip("+-") for value in values if INTEGER.fullmatch(value)]
        numbers = [int(value) for value in digits if len(value) <= len(str(LARGEST_KEY))]
        if len(numbers) < len(digits) or any(number > LARGEST_KEY for number in numbers):
            return f"The number given for “{name}” is larger than any in the record."
        if DATE_PART.search(name) and any(number > LAST_YEAR for number in numbers):
            return f"The number given for “{name}” is not a date the record could hold."
    return None


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's ETags and 304s, for HEAD as for GET: a feed reader or a script that asks
    HEAD whether a page changed is told its ETag, and 304 when it still holds it.

    Django answers GET alone, as a view may draw no body for HEAD; the site's views draw
    the same body for both, but the streamed exports, which get no ETag either way.
    """

    def process_response(self, request, response):
        if request.method == "HEAD":  # judged as the GET whose body the view drew
            request = copy.copy(request)
            request.method = "GET"
        return super().process_response(request, response)
