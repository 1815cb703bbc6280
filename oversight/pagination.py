"""Pagination that stops counting at a limit: "more than 1,000" costs what 1,000 does."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from oversight.record_cache import until_the_record_changes


def count_up_to(queryset, limit):
    """Return how many rows `queryset` has, counting no further than `limit`.

    `SELECT count(*) FROM (... LIMIT limit)`: the database stops at the limit, so a query
    matching a million rows costs what one matching `limit` does.
    """
    return queryset.order_by()[:limit].count()


class CappedPaginator(Paginator):
    """Pages through the first `cap` rows of a list, and knows whether there are more.

    `matches` may be given when the caller has already counted up to `cap + 1`.
    """

    def __init__(self, object_list, per_page, cap, matches=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        if matches is not None:
            self.matches = matches

    @cached_property
    def matches(self):
        """The number of rows, counted up to one more than the cap."""
        return count_up_to(self.object_list, self.cap + 1)

    @cached_property
    def count(self):
        return min(self.matches, self.cap)

    @property
    def is_capped(self):
        """True when there are more rows than the pages reach."""
        return self.matches > self.cap


class RecordCountPaginator(Paginator):
    """A Paginator whose exact count is kept in the cache until the record next changes.

    Every page of a list counts the same rows again: an exact count of a million statements
    costs 30 to 100 ms, the page itself a few. The count is filed under its own query
    (SQL and parameters, so any other filter is another count) and the record version,
    which the database raises on every write to the record.
    """

    @cached_property
    def count(self):
        count_all = Paginator.count.func
        queryset = self.object_list
        try:
            sql, params = queryset.order_by().query.sql_with_params()
        except (AttributeError, EmptyResultSet):  # a list, or a query that matches nothing
            return count_all(self)
        query = repr((queryset.db, sql, params)).encode()
        key = f"count:{hashlib.sha256(query).hexdigest()}"
        return until_the_record_changes(key, lambda: count_all(self))
