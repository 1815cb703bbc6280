"""gunicorn's settings for the site, read by `gunicorn oversight.wsgi` from this directory.

Threads (gthread) rather than gunicorn's default sync workers. A sync worker is killed
once a request has run `timeout` seconds (30), and an export of every statement streams
for minutes at a national scale: the download stopped mid-file with a 200, a CSV cut at
a row boundary that looked whole. A thread streams on while its worker keeps answering
gunicorn, and the worker's other threads serve pages meanwhile. `WEB_CONCURRENCY` sets
the number of workers, as gunicorn reads it; `GUNICORN_THREADS` the threads of each.
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
