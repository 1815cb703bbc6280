"""Time a whole CSV export under gunicorn, and what a national one would take.

gunicorn kills a worker `timeout` seconds into a request (gunicorn.conf.py), and an
export streams every statement in one request: cut off, the file ends at a row boundary
behind a 200. This serves the configured database as production does (bench/load.py's
`served`), downloads `/statements/?format=csv` over HTTP, and prints the rows, the time,
the rate, and the time a national record (1,000,000 statements) would take at that rate,
beside the timeout. Usage:

    .venv/bin/python bench/export.py                   # a new SQLite file, 30,000 rows
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oversight_scale \\
        .venv/bin/python bench/export.py --as-is       # a database already filled

Without --as-is it migrates the database, loads the seed record and adds --rows synthetic
statements (bench/search.py's), so give it a database of its own.
"""

import argparse
import csv
import io
import os
import runpy
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/ is scripts, not a package: Python reads it as a namespace package here.
from bench.load import cpu_check, production_env, served  # noqa: E402

NATIONAL_SCALE = 1_000_000  # statements: bench/seed_scale.py's record


def prepare(database_url, rows=None):
    """Make `database_url` ready to serve: with `rows`, migrate it, load the seed record and
    add that many synthetic statements; then collect the static files production serves."""
    env = production_env(database_url)
    commands = [["manage.py", "collectstatic", "--noinput", "-v0"]]
    if rows is not None:
        load = f"import bench.search; bench.search.load({rows}, seed=1)"
        commands[:0] = [["manage.py", "migrate", "-v0"], ["manage.py", "load_seeds"], ["-c", load]]
    for command in commands:
        subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True)


def download(base):
    """Return (rows, seconds) of one whole CSV export."""
    started = time.monotonic()
    with urllib.request.urlopen(f"{base}/statements/?format=csv", timeout=3600) as response:
        body = response.read().decode("utf-8-sig")
    took = time.monotonic() - started
    return len(list(csv.DictReader(io.StringIO(body)))), took


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000, help="synthetic statements to add")
    parser.add_argument("--as-is", action="store_true", help="export the database as it is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/db.sqlite3"
        prepare(database_url, None if args.as_is else args.rows)
        print(f"Database: {database_url.split('@')[-1]}")
        print(f"CPU check before: {cpu_check():.0f} ms (a fixed Python loop; lower is faster)")
        with served(database_url) as base:
            rows, took = download(base)
        print(f"CPU check after: {cpu_check():.0f} ms")
    timeout = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["timeout"]
    national = NATIONAL_SCALE / (rows / took)
    print(f"Exported {rows:,} statements in {took:.1f} s: {rows / took:,.0f} a second")
    print(
        f"A national export ({NATIONAL_SCALE:,} statements) at that rate: {national:.0f} s, "
        f"{national / timeout:.0%} of gunicorn's {timeout} s timeout"
    )


if __name__ == "__main__":
    main()
