"""A real browser for page tests: Debian's Chromium, driven by Playwright.

Playwright cannot download its own browser here, so it drives /usr/bin/chromium. Where
that is missing the browser tests are skipped with a reason pytest prints in its summary
(`make test` asks for skip reasons), never silently.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    """Yield a headless Chromium for one test module.

    Playwright's sync API runs an event loop in this thread while it is open, which
    Django's guard takes for async code; the tests' own ORM calls are synchronous, so the
    guard is lifted for as long as the browser is open, and only then.
    """
    if not shutil.which(CHROMIUM):
        pytest.skip(f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_seeded(transactional_db, live_server):
    """Return the live server's address, with the seed record loaded where it can see it."""
    call_command("load_seeds", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def artifact():
    """Return a path under test-artifacts/ for a screenshot or PDF a person can look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return lambda name: ARTIFACTS / name
