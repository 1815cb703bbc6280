"""Pagination that stops counting at a limit: "more than 1,000" costs what 1,000 does."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from oversight.record_cache import until_the_record_changes


def query_key(prefix, queryset):
    """Return a cache key for what `queryset` reads: its database, SQL and parameters.

    None for a query that can match nothing, which has no SQL.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    query = repr((queryset.db, sql, params)).encode()
    return f"{prefix}:{hashlib.sha256(query).hexdigest()}"


def count_up_to(queryset, limit, record_cache=None):
    """Return how many rows `queryset` has, counting no further than `limit`.

    `SELECT count(*) FROM (... LIMIT limit)`: the database stops at the limit, so a query
    matching a million rows costs what one matching `limit` does. With a `record_cache`
    the count is kept until the record next changes, under its own query.
    """
    counted = queryset.order_by()[:limit]
    key = query_key("count-up-to", counted) if record_cache else None
    if key is None:
        return counted.count()
    return record_cache.get(key, counted.count)


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
        if not hasattr(self.object_list, "query"):  # a list
            return count_all(self)
        key = query_key("count", self.object_list.order_by())
        if key is None:
            return count_all(self)
        return until_the_record_changes(key, lambda: count_all(self))
