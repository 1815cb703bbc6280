"""Values worked out from the record, kept in the cache until the record next changes.

The key carries the record version, which database triggers raise on every write to the
record (oversight/migrations/0007_record_version.py), so a value is never older than the
record it was computed from, whichever process computed it.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.functional import cached_property
from redis.exceptions import RedisError

from oversight.models import RecordVersion

logger = logging.getLogger(__name__)

# A key outlives its use only until the next write; this lets an unused one go.
TIMEOUT_SECONDS = 60 * 60
MISSING = object()


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
        """Return compute(), from the cache if it was computed since the last write.

        A shared cache (CACHE_URL) that fails is passed by: the value is computed, as if
        it had never been kept, and the failure logged. Pages are slower, never wrong.
        """
        if self.version is None:  # no write yet, so nothing to key on
            return compute()
        key = f"{name}:{self.version}"
        try:
            value = cache.get(key, MISSING)
        except RedisError as error:
            logger.warning("The cache could not be read, so %s was computed: %s", name, error)
            return compute()
        if value is MISSING:
            value = compute()
            try:
                cache.set(key, value, TIMEOUT_SECONDS)
            except RedisError as error:
                logger.warning("The cache could not keep %s: %s", name, error)
        return value


def until_the_record_changes(name, compute):
    """Return compute(), from the cache if it was computed since the last write."""
    return RecordCache().get(name, compute)
