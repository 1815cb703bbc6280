"""Pagination that stops counting at a limit: "more than 1,000" costs what 1,000 does."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from oversight.record_cache import RecordCache, key_for


def query_key(prefix, queryset):
    """Return a cache key for what `queryset` reads, or None for one that can match nothing
    (it has no SQL)."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return None
    return key_for(prefix, queryset.db, sql, params)


def count_up_to(queryset, limit, record_cache=None):
    """Return how many rows `queryset` has, counting no further than `limit`.

    `SELECT count(*) FROM (... LIMIT limit)`: the database stops at the limit, so a query
    matching a million rows costs what one matching `limit` does. With a `record_cache`
    the count is kept until the record next changes, under its own query.
    """
    counted = queryset.order_by().values("pk")[:limit]
    try:
        sql, params = counted.query.get_compiler(counted.db).as_sql()
    except EmptyResultSet:  # a query that can match nothing
        return 0

    def count():
        with connections[counted.db].cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS counted", params)
            return cursor.fetchone()[0]

    if record_cache is None:
        return count()
    return record_cache.get(key_for("count-up-to", counted.db, sql, params), count)


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
    which the database raises on every write to the record. A `record_cache` (the page's
    form's, say) saves reading the version twice.
    """

    def __init__(self, *args, record_cache=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_cache = record_cache or RecordCache()

    @cached_property
    def count(self):
        count_all = Paginator.count.func
        if not hasattr(self.object_list, "query"):  # a list
            return count_all(self)
        key = query_key("count", self.object_list.order_by())
        if key is None:
            return count_all(self)
        return self.record_cache.get(key, lambda: count_all(self))
