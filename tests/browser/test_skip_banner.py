"""Without Chromium the browser tests are skipped, and the end of the run says so loudly."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# One small browser test, run in a separate pytest.
TINY_BROWSER_TEST = (
    "tests/browser/test_print_and_small_screens.py::test_on_screen_the_navigation_is_shown"
)


def run_pytest(chromium):
    # SQLite in memory for the inner run: it must not touch this run's test database.
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["CHROMIUM"] = chromium
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", TINY_BROWSER_TEST],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_run_without_chromium_ends_with_a_banner_naming_the_missing_browser(tmp_path):
    missing = tmp_path / "no-chromium-here"
    run = run_pytest(str(missing))
    assert run.returncode == 0, run.stdout + run.stderr
    summary = run.stdout.strip().splitlines()
    banner = [line for line in summary if "BROWSER TESTS SKIPPED: 1" in line]
    assert banner and banner[0].startswith("!!!"), run.stdout
    assert f"No Chromium at {missing}" in run.stdout
    # Below pytest's own closing count: the last thing on the screen.
    closing = next(i for i, line in enumerate(summary) if "1 skipped in" in line)
    assert closing < summary.index(banner[0])


def test_a_run_with_chromium_has_no_banner(browser):
    run = run_pytest(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert "BROWSER TESTS SKIPPED" not in run.stdout
