"""Middleware of the project's own."""

# What the site publishes as data, to be read by a script on any other site.
DATA_TYPES = ("application/json", "application/atom+xml", "text/csv", "application/vnd.oai")


def open_data_cors(get_response):
    """Let a page on any other site read the public data (the API, exports and feeds): a
    journalist's notebook or chart in the browser. The data is public and read-only, and
    no credentials go with it (`*` forbids them), so no one's session is exposed. The
    admin's own JSON (its autocomplete) is left alone."""

    def middleware(request):
        response = get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith(DATA_TYPES) and not request.path.startswith("/admin/"):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return middleware
