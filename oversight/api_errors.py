"""How the JSON API answers an error; apart from api_common, which REST framework's views
import while being defined (its content negotiation), as this imports them."""

from django.db import connections, transaction
from rest_framework.views import exception_handler as rest_framework_exception_handler


def exception_handler(exc, context):
    """Answer an error as REST framework does, leaving alone a transaction the view did not
    open.

    REST framework marks for rollback every transaction it finds open, taking it for the
    request's (ATOMIC_REQUESTS). The API only reads and opens none (oversight/urls.py,
    reading_only): one open around it is its caller's, a test's say, and goes on. A view
    that runs in a transaction of its own has it marked, as REST framework does.
    """
    match = getattr(context["request"], "resolver_match", None)
    if match is None or not getattr(match.func, "_non_atomic_requests", None):
        return rest_framework_exception_handler(exc, context)
    marked = {
        connection.alias: transaction.get_rollback(connection.alias)
        for connection in connections.all(initialized_only=True)
        if connection.in_atomic_block
    }
    response = rest_framework_exception_handler(exc, context)
    for alias, rollback in marked.items():
        transaction.set_rollback(rollback, using=alias)
    return response
