"""Middleware of the project's own."""

# What the site publishes as data, by view: the API (its namespace), the feeds, and the
# search's exports (with `format`).
DATA_NAMESPACES = {"api"}
FEEDS = {"documents:statement_feed", "oversight:status_feed"}
EXPORTS = {"documents:statements"}


def is_public_data(request):
    match = request.resolver_match
    if match is None:  # no view: a 404, or an answer from a middleware
        return False
    return (
        bool(DATA_NAMESPACES & set(match.namespaces))
        or match.view_name in FEEDS
        or (match.view_name in EXPORTS and "format" in request.GET)
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
