"""gunicorn's settings for the site, read by `gunicorn oversight.wsgi` from this directory.

gunicorn kills a worker whose request has run `timeout` seconds, 30 by default, and an
export of every statement streams for minutes at a national scale: the download stopped
mid-file, a CSV cut at a row boundary behind a 200. The timeout here is meant to be long
enough for an export of a million statements: bench/export.py times an export and prints
what a national one would take (docs/benchmarks.md).

The workers stay gunicorn's default, sync: threaded workers (gthread) served the pages
1.3 to 2 times slower under bench/load.py's load, the threads of a worker taking turns
at Python. `WEB_CONCURRENCY` sets the number of workers, as gunicorn reads it.
"""

import os

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "900"))
