"""A real browser for page tests: Debian's Chromium, driven by Playwright.

Playwright cannot download its own browser here, so it drives /usr/bin/chromium. Where
that is missing the browser tests are skipped with a reason pytest prints in its summary,
and a banner at the end of the run says so in capitals: a run without them proves less.
"""

import io
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
SKIP_REASON = "BROWSER TESTS SKIPPED"

# Every violation of the page's Content-Security-Policy, reported to the test as it happens:
# each page of a journey is a new document, so a list kept in the page would be lost.
CSP_RECORDER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI}` +
    ` in ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def pytest_unconfigure(config):
    """Say loudly, below pytest's own last line, that the browser tests did not run."""
    terminalreporter = config.pluginmanager.get_plugin("terminalreporter")
    if terminalreporter is None:
        return
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if SKIP_REASON in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep("!", f"{SKIP_REASON}: {len(skipped)}", red=True, bold=True)
        terminalreporter.write_line(
            f"No Chromium at {CHROMIUM}: the journeys, accessibility (axe) and print checks "
            "did not run. Install it with `apt-get install chromium`, or point CHROMIUM at one.",
            red=True,
            bold=True,
        )
        terminalreporter.write_sep("!", red=True, bold=True)


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Yield a headless Chromium for one test module.

    Playwright's sync API runs an event loop in this thread while it is open, which
    Django's guard takes for async code; the tests' own ORM calls are synchronous, so the
    guard is lifted for as long as the browser is open, and only then.

    Inside the loop Django hands out a new connection object, which lacks the copy of the
    freshly migrated database (staff groups included) that serialized rollbacks restore.
    So the test database is made first, outside the loop, and that copy is passed on.
    """
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{SKIP_REASON}: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    migrated = getattr(connection, "_test_serialized_contents", None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            if migrated is not None:
                connection._test_serialized_contents = migrated
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def context(browser):
    """Yield a fresh browser profile that may use the clipboard, as a person's browser can."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


@pytest.fixture
def csp_violations(context):
    """Return the list of Content-Security-Policy violations seen in the context so far.

    Two witnesses: the `securitypolicyviolation` event each page fires, and Chromium's own
    console errors, which also cover what is refused before any script of the page runs.
    """
    violations = []
    context.expose_binding("reportCspViolation", lambda source, text: violations.append(text))
    context.add_init_script(CSP_RECORDER)

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    context.on("console", on_console)
    return violations


@pytest.fixture
def page(context, csp_violations):
    return context.new_page()


@pytest.fixture(scope="session")
def serving_threads(live_server):
    """Return the set of the live server's threads serving a connection now, each one's
    requests in turn."""
    threads = set()
    server = live_server.thread.httpd
    answer = server.process_request_thread

    def process_request_thread(request, client_address):
        threads.add(threading.current_thread())
        try:
            answer(request, client_address)
        finally:
            threads.discard(threading.current_thread())

    server.process_request_thread = process_request_thread
    return threads


@pytest.fixture
def live_seeded(
    transactional_db, django_db_serialized_rollback, live_server, serving_threads, context
):
    """Yield the live server's address, with the seed record loaded where it can see it.

    A transactional test empties the tables when it ends, the staff groups the migrations
    made included; the serialized rollback puts them back for the next one. Before that the
    browser is closed, and what the server is still answering is let finish: a request that
    met its tables emptied under it deadlocked with the emptying, failing one or the other.
    The officer's evidence box, for one, sends its search a moment after the last key.
    """
    call_command("load_seeds", stdout=io.StringIO())
    yield live_server.url
    context.close()
    for thread in serving_threads.copy():  # as threads leave it
        thread.join(timeout=30)


@pytest.fixture
def artifact():
    """Return a path under test-artifacts/ for a screenshot or PDF a person can look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return lambda name: ARTIFACTS / name
