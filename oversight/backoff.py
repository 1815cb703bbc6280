"""Passing by, for a while, a service that did not answer: the read replica, the shared cache.

A service that refuses connections fails at once. One that takes a connection and never
answers (a hung server), or whose host drops packets (a machine gone, a firewall), fails
only at its timeout: two seconds to connect to the replica, a second for each read from
or write to the cache. Every request would wait that long, the cache's several times a
page, for as long as the service stayed away. So once a service has failed, this process
passes it by for RETRY_SECONDS, as it would if the service were not configured; then the
next request asks it again.
"""

import time

RETRY_SECONDS = 30
# What a health check says of each service (oversight/health.py).
ANSWERING, NOT_ANSWERING = "answering", "not answering"


class BackOff:
    """When a service that failed in this process may be asked again."""

    def __init__(self, seconds=RETRY_SECONDS, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.until = None

    def waiting(self):
        """Return whether the service failed within the last `seconds`."""
        return self.until is not None and self.clock() < self.until

    def failed(self):
        self.until = self.clock() + self.seconds
