"""The site as production serves it: gunicorn, with gunicorn.conf.py, over real HTTP."""

import csv
import io
import runpy
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.load import free_port, production_env

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
ROWS = 30_000
NATIONAL_SCALE = 1_000_000  # statements: bench/seed_scale.py's record


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Serve a SQLite file holding the seed record and ROWS synthetic statements."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'db.sqlite3'}"
    env = production_env(database_url)
    commands = [["migrate"], ["load_seeds"], ["collectstatic", "--noinput"]]
    for command in (["manage.py", *arguments] for arguments in commands):
        subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    load = f"import bench.search; bench.search.load({ROWS}, seed=1)"
    subprocess.run([sys.executable, "-c", load], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "oversight.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,  # where gunicorn reads gunicorn.conf.py
        env=env,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/", timeout=10)
                break
            except urllib.error.HTTPError as error:  # up, but the page fails: say how
                pytest.fail(f"GET / is a {error.code}: {server.stderr.read1().decode()}")
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_export_arrives_whole_and_a_national_one_would_within_the_worker_timeout(served):
    # gunicorn kills a worker `timeout` seconds into a request, 30 by default: an export
    # of 200,000 statements stopped at a row boundary, a 200 that looked whole.
    started = time.monotonic()
    with urllib.request.urlopen(f"{served}/statements/?format=csv", timeout=300) as response:
        assert response.status == 200
        body = response.read().decode("utf-8-sig")
    took = time.monotonic() - started
    rows = list(csv.DictReader(io.StringIO(body)))
    seed_statements = 30
    assert len(rows) == ROWS + seed_statements
    timeout = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["timeout"]
    national = NATIONAL_SCALE / (len(rows) / took)
    assert national < timeout / 2, (
        f"at this rate a national export takes {national:.0f} s: over half the timeout"
    )
