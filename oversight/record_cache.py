"""Values worked out from the record, kept in the cache until the record next changes.

The key carries the record version, which database triggers raise on every write to the
record (oversight/migrations/0007_record_version.py), so a value is never older than the
record it was computed from, whichever process computed it.
"""

import hashlib

from django.core.cache import cache
from django.utils.functional import cached_property

from oversight.models import RecordVersion

# A key outlives its use only until the next write; this lets an unused one go.
TIMEOUT_SECONDS = 60 * 60


def key_for(prefix, database, sql, params):
    """Return a cache key for what a query reads: its database, SQL and parameters."""
    query = repr((database, sql, params)).encode()
    return f"{prefix}:{hashlib.sha256(query).hexdigest()}"


class RecordCache:
    """The cache as one request sees it: the record version is read once, when first needed."""

    @cached_property
    def version(self):
        return RecordVersion.current()

    def get(self, name, compute):
        """Return compute(), from the cache if it was computed since the last write."""
        if self.version is None:  # no write yet, so nothing to key on
            return compute()
        return cache.get_or_set(f"{name}:{self.version}", compute, TIMEOUT_SECONDS)


def until_the_record_changes(name, compute):
    """Return compute(), from the cache if it was computed since the last write."""
    return RecordCache().get(name, compute)
