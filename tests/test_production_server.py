"""The site as production serves it: gunicorn, with gunicorn.conf.py, over real HTTP."""

import csv
import io
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bench.export import prepare
from bench.load import served as bench_served

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
ROWS = 30_000


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Serve a SQLite file holding the seed record and ROWS synthetic statements, with
    gunicorn as production does (bench/load.py)."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'db.sqlite3'}"
    prepare(database_url, ROWS)
    with bench_served(database_url) as base:
        yield base


def test_an_export_arrives_whole(served):
    """gunicorn kills a worker `timeout` seconds into a request, 30 by default: an export of
    200,000 statements stopped at a row boundary, a 200 that looked whole. Whether a
    national export fits in gunicorn.conf.py's timeout is a figure: bench/export.py."""
    with urllib.request.urlopen(f"{served}/statements/?format=csv", timeout=300) as response:
        assert response.status == 200
        body = response.read().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    seed_statements = 30
    assert len(rows) == ROWS + seed_statements
    assert None not in rows[-1].values()  # the last row has all its cells


def test_the_export_benchmark_counts_a_whole_export_and_projects_it():
    # A new SQLite file of its own, whatever database the tests run on.
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    printed = subprocess.run(
        [sys.executable, "bench/export.py", "--rows", "300"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Exported 330 statements in " in printed
    assert "A national export (1,000,000 statements) at that rate: " in printed
    assert "of gunicorn's 900 s timeout" in printed
