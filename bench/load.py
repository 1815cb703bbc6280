"""Load the site under gunicorn with wrk, at seed scale and at full scale, side by side.

For each database given, this runs the site as production runs it (gunicorn, 2 workers,
DJANGO_DEBUG=0 with a generated secret, persistent database connections) on a free port
of 127.0.0.1, and loads each page below with Debian's wrk for a bounded time, loopback
only: at seed scale, then at once at full scale, one site at a time, so that a page's
two figures are taken seconds apart on a machine whose speed may drift. It prints
requests a second, p50 and p99 for each page at both scales, each page's number of
database queries at both scales (counted in-process with the test client), and flags a
query count that differs or a page slower than twice its seed-scale p50. Usage:

    .venv/bin/python bench/load.py \\
        --seed postgres://postgres@127.0.0.1:5432/oversight_seedscale \\
        --full postgres://postgres@127.0.0.1:5432/oversight_scale

The seed-scale database holds the shipped record (`manage.py load_seeds`); the full-scale
one that record and bench/seed_scale.py's rows. The addresses are the same at both scales
(the priority and document pages are the seed record's), so each row compares one page as
the data around it grows.
"""

import argparse
import contextlib
import json
import math
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
WRK = "/usr/bin/wrk"
RARE, COMMON = "jury", "safeguarding"
# Words that name posts: the search also finds what their holders said in them.
ROLE = "director of people"
# Page name -> address.
PAGES = {
    "dashboard": "/",
    "priority list, filtered": "/priorities/?status=in_progress&overdue=yes",
    "priority page": "/priorities/single-improvement-plan/",
    "document page": "/documents/council-response-le-grand-review/",
    f"search, rare word ({RARE})": f"/statements/?q={RARE}",
    f"search, common word ({COMMON})": f"/statements/?q={COMMON}",
    f"search by role ({ROLE})": f"/statements/?q={ROLE.replace(' ', '+')}",
    "API list (statements)": "/api/statements/",
}
# A search's count is kept until the record changes, and wrk asks for one address over
# and over. This page asks a new search each time: the common word, less a made-up word
# that no statement holds (-zz<thread>x<n>), so every request counts its matches again.
NEW_EACH_TIME = f"search, common word, new each request ({COMMON})"
PAGES[NEW_EACH_TIME] = f"/statements/?q={COMMON}+-zznew"
NEW_QUERY_SCRIPT = """
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
end
function init(args)
    n = 0
end
function request()
    n = n + 1
    return wrk.format(nil, "%s" .. id .. "x" .. n)
end
"""
TARGETS = {
    "dashboard": "full scale: >= 300 req/s, p99 < 100 ms",
    f"search, rare word ({RARE})": "full scale: >= 150 req/s",
    f"search, common word ({COMMON})": "full scale: p99 < 400 ms",
}


def production_env(database_url):
    """Return the environment of a production process on `database_url`, on loopback."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "600",
    }


def count_queries():
    """In this process (DATABASE_URL set): print JSON of the addresses and their queries."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # lets the test client's host in
    client = Client()
    pages = {}
    for name, url in PAGES.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        pages[name] = {"url": url, "queries": len(queries)}
    print(json.dumps(pages))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def uptime():
    return Path("/proc/loadavg").read_text().split()[:3]


def seconds(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]


def wrk(url, *, duration, connections, threads, script=None):
    """Return (requests a second, p50 ms, p99 ms, errors) from a wrk run on `url`.

    `script` is wrk's Lua, to vary the requests (NEW_QUERY_SCRIPT).
    """
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        options = []
        if script:
            lua.write(script)
            lua.flush()
            options = ["-s", lua.name]
        output = subprocess.run(
            [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", *options, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = seconds(re.search(r"\s50%\s+(\S+)", output).group(1)) * 1000
    p99 = seconds(re.search(r"\s99%\s+(\S+)", output).group(1)) * 1000
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    problems = []
    if errors:
        problems.append(f"{errors.group(1)} non-2xx")
    if socket_errors:
        problems.append(f"socket errors: {socket_errors.group(1)}")
    return rate, p50, p99, "; ".join(problems)


def counted_pages(label, database_url):
    """Return {page name: {"url", "queries"}} counted in a production process."""
    counted = subprocess.run(
        [sys.executable, __file__, "--count-queries"],
        env=production_env(database_url),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if counted.returncode:
        sys.exit(f"Counting queries at {label} failed:\n{counted.stderr}")
    return json.loads(counted.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def served(database_url):
    """Serve `database_url` with gunicorn as production does; yield its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "oversight.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=production_env(database_url),
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=30)
                break
            except urllib.error.HTTPError:  # up, but failing: the caller sees how
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still busy with a slow request
            server.kill()
            server.wait()


def cpu_check():
    """Return the best of five timings of a fixed pure-Python loop, in ms.

    A shared machine's speed can change by half within minutes; this says how fast it
    was around a run, so that runs can be compared.
    """
    best = math.inf
    for _ in range(5):
        started = time.perf_counter()
        sum(number * number for number in range(2_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def measure(args):
    """Load each page at seed scale, then at once at full scale, with wrk.

    Both sites are up throughout and only one is loaded at a time, so that each page's
    two figures are taken a few seconds apart, whatever the machine does meanwhile.
    """
    scales = {"seed": (args.seed, "seed scale"), "full": (args.full, "full scale")}
    pages = {scale: counted_pages(label, url) for scale, (url, label) in scales.items()}
    with served(args.seed) as seed_base, served(args.full) as full_base:
        bases = {"seed": seed_base, "full": full_base}
        print(f"load average before {' '.join(uptime())}", flush=True)
        for name in PAGES:
            for scale, base in bases.items():
                page = pages[scale][name]
                url = base + page["url"]
                load = {"connections": args.connections, "threads": args.threads}
                if name == NEW_EACH_TIME:
                    load["script"] = NEW_QUERY_SCRIPT % page["url"]
                wrk(url, duration=args.warmup, **load)
                page["rate"], page["p50"], page["p99"], page["problems"] = wrk(
                    url, duration=args.duration, **load
                )
                print(
                    f"  {name}, {scale} scale: {page['rate']:.0f} req/s, "
                    f"p50 {page['p50']:.1f} ms, p99 {page['p99']:.1f} ms, "
                    f"{page['queries']} queries {page['problems']}",
                    flush=True,
                )
        print(f"load average after {' '.join(uptime())}", flush=True)
    return pages["seed"], pages["full"]


def report(seed, full):
    """Print the side-by-side table and the flags."""
    print()
    print(
        "| page | seed req/s | seed p50 / p99 (ms) | full req/s | full p50 / p99 (ms) "
        "| queries seed / full | flags |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name in PAGES:
        s, f = seed[name], full[name]
        flags = []
        if s["queries"] != f["queries"]:
            flags.append("QUERY COUNT DIFFERS")
        if f["p50"] > 2 * s["p50"]:
            flags.append(f"SLOWER THAN 2x SEED p50 ({f['p50'] / s['p50']:.1f}x)")
        flags += [f"{scale}: {page['problems']}" for scale, page in (("seed", s), ("full", f))]
        flags = [flag for flag in flags if not flag.endswith(": ")]
        print(
            f"| {name} | {s['rate']:.0f} | {s['p50']:.1f} / {s['p99']:.1f} "
            f"| {f['rate']:.0f} | {f['p50']:.1f} / {f['p99']:.1f} "
            f"| {s['queries']} / {f['queries']} | {'; '.join(flags) or 'ok'} |"
        )
    print()
    print("Addresses (seed / full):")
    for name in PAGES:
        print(f"  {name}: {seed[name]['url']} / {full[name]['url']}")
    print()
    print("Targets:")
    dashboard = full["dashboard"]
    rare = full[f"search, rare word ({RARE})"]
    common = full[f"search, common word ({COMMON})"]
    checks = [
        (
            TARGETS["dashboard"],
            dashboard["rate"] >= 300 and dashboard["p99"] < 100,
            f"{dashboard['rate']:.0f} req/s, p99 {dashboard['p99']:.1f} ms",
        ),
        (
            f"rare-word search {TARGETS[f'search, rare word ({RARE})']}",
            rare["rate"] >= 150,
            f"{rare['rate']:.0f} req/s",
        ),
        (
            f"common-word search {TARGETS[f'search, common word ({COMMON})']}",
            common["p99"] < 400,
            f"p99 {common['p99']:.1f} ms",
        ),
        (
            "every page: same query count at both scales",
            all(seed[name]["queries"] == full[name]["queries"] for name in PAGES),
            "",
        ),
        (
            "no page slower than 2x its seed-scale p50",
            all(full[name]["p50"] <= 2 * seed[name]["p50"] for name in PAGES),
            "",
        ),
    ]
    for target, met, figure in checks:
        print(f"  {'met   ' if met else 'MISSED'} {target} {figure}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", help="DATABASE_URL of the seed-scale database")
    parser.add_argument("--full", help="DATABASE_URL of the full-scale database")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk a page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_queries:
        count_queries()
        return
    if not (args.seed and args.full):
        parser.error("give both --seed and --full")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=production_env(args.seed),
        cwd=ROOT,
        check=True,
    )
    print(f"wrk: {args.threads} threads, {args.connections} connections, {args.duration} s a page")
    print(f"CPU check before: {cpu_check():.0f} ms (a fixed Python loop; lower is faster)")
    seed, full = measure(args)
    print(f"CPU check after: {cpu_check():.0f} ms")
    report(seed, full)


if __name__ == "__main__":
    main()
