"""Values worked out from the record, kept in the cache until the record next changes.

The key carries the record version, which database triggers raise on every write to the
record (oversight/migrations/0007_record_version.py), so a value is never older than the
record it was computed from, whichever process computed it.

A shared cache (CACHE_URL) that fails is passed by: values are computed, as if they had
never been kept, and the failure logged. Then this process leaves it alone for a while
(oversight/backoff.py): a Redis that never answers costs each read and write its timeout.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import cached_property
from redis.exceptions import RedisError

from oversight.backoff import ANSWERING, NOT_ANSWERING, BackOff
from oversight.models import RecordVersion

logger = logging.getLogger(__name__)
back_off = BackOff()

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

        A shared cache that fails, or failed within the back-off, is passed by: pages are
        slower, never wrong.
        """
        if self.version is None or back_off.waiting():  # nothing to key on, or to ask
            return compute()
        key = f"{name}:{self.version}"
        try:
            value = cache.get(key, MISSING)
        except RedisError as error:
            cache_failed(f"The cache could not be read, so {name} was computed", error)
            return compute()
        if value is MISSING:
            value = compute()
            try:
                cache.set(key, value, TIMEOUT_SECONDS)
            except RedisError as error:
                cache_failed(f"The cache could not keep {name}", error)
        return value


def cache_failed(what, error):
    back_off.failed()
    logger.warning("%s; it is passed by for %d seconds: %s", what, back_off.seconds, error)


def shared_cache_state():
    """Return whether the shared cache answers (ANSWERING, NOT_ANSWERING, now or within the
    back-off), or None for this process's own memory."""
    if not settings.CACHES["default"]["BACKEND"].endswith(".RedisCache"):
        return None
    if back_off.waiting():
        return NOT_ANSWERING
    try:
        cache.get("health")
    except RedisError as error:
        cache_failed("The cache did not answer the health check", error)
        return NOT_ANSWERING
    return ANSWERING


def until_the_record_changes(name, compute):
    """Return compute(), from the cache if it was computed since the last write."""
    return RecordCache().get(name, compute)
