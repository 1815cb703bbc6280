"""A read replica of PostgreSQL for the public's reads (DATABASE_REPLICA_URL).

The replica answers a request only when its answer is the one the primary would give:

- the request only reads (GET, HEAD, OPTIONS). A request that writes reads back what it
  wrote, in its own transaction, and that is on the primary alone;
- the replica holds the record at the primary's version. RecordVersion moves with every
  write to the record (oversight/models.py), so a replica that is behind, even by one
  status update, is passed by until it has caught up. No one is shown a record older
  than the primary's: an officer sees the status they have just saved, and so does
  everyone else. What is cached under a version was read at that version;
- the replica answers. One that is down is passed by, and a warning logged; then this
  process leaves it alone for a while (oversight/backoff.py), as a replica whose host
  drops packets would keep each request waiting for the connect timeout.

Only the record's own tables are read there, the ones whose version is compared. Sessions,
users and sign-in records are read from the primary: an officer who has just signed in
stays signed in. So is everything outside a request (management commands, the shell),
since the router then sends nothing to the replica.
"""

import contextvars
import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError

from oversight.backoff import NOT_ANSWERING, BackOff
from oversight.models import RecordVersion

logger = logging.getLogger(__name__)

REPLICA = "replica"
READS = {"GET", "HEAD", "OPTIONS"}
RECORD_APPS = {"people", "documents", "oversight"}

reading_the_replica = contextvars.ContextVar("reading_the_replica", default=False)
back_off = BackOff()


class ReplicaRouter:
    """Send the record's reads to the replica while a request may use it (replica_reads)."""

    def db_for_read(self, model, **hints):
        if reading_the_replica.get() and model._meta.app_label in RECORD_APPS:
            return REPLICA
        return None  # Django's choice: the database of a row in hand, else the primary

    def allow_migrate(self, db, app_label, **hints):
        return False if db == REPLICA else None  # the primary's changes arrive by replication


CURRENT, BEHIND = "current", "behind"


def replica_state(primary):
    """Return whether the replica holds the record at the `primary`'s version (CURRENT), an
    older one (BEHIND), or does not answer (NOT_ANSWERING): now, or within the back-off."""
    if back_off.waiting():
        return NOT_ANSWERING
    try:
        replica = RecordVersion.current(using=REPLICA)
    except DatabaseError as error:
        back_off.failed()
        logger.warning(
            "The replica did not answer, so the primary was read; it is passed by "
            "for %d seconds: %s",
            back_off.seconds,
            error,
        )
        return NOT_ANSWERING
    return CURRENT if (replica or 0) >= (primary or 0) else BEHIND


def replica_reads(get_response):
    """Read the record from the replica for the public's requests, when it is current."""

    def middleware(request):
        if request.method not in READS:
            return get_response(request)
        if replica_state(RecordVersion.current(using=DEFAULT_DB_ALIAS)) != CURRENT:
            return get_response(request)
        reading = reading_the_replica.set(True)
        try:
            return get_response(request)
        finally:
            reading_the_replica.reset(reading)

    return middleware
