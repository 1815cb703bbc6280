"""Every kind of page, as Django serves it, is valid HTML by the Nu HTML Checker (vnu), and
needs no inline script or style, which the Content-Security-Policy would block.

The pages are fetched once with the test client and written to a folder, and vnu.jar (from
the npm registry: `make install`) checks them all in one run, since starting Java takes
seconds. Each page is then one test, so a failure names the page and vnu's messages.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client

from documents.models import Document, Statement
from oversight.models import Priority, Recommendation
from people.models import Person
from tests.factories import make_user

# The pages are fetched once, by the module's fixture; the mark makes the test database.
pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Markup vnu must reject, checked in the same run: proof that the check can fail.
INVALID_PAGE = '<!DOCTYPE html><html lang="en"><title>x</title><p id="a"><div id="a"></div>'


@dataclass(frozen=True)
class Page:
    name: str
    address: object  # a path, or a function of nothing that returns one from the record
    status: int = 200
    signed_in: bool = False
    posted: bool = False  # a form sent without its CSRF token
    template: str = ""  # an error page Django renders without a request: no address

    def path(self):
        if self.template:
            return self.template
        return self.address() if callable(self.address) else self.address


def admin_path(model, action):
    """Return a function giving the admin `action` page of the first `model` in the record."""

    def path():
        item = model.objects.order_by("pk").first()
        return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{item.pk}/{action}/"

    return path


def first(model):
    return lambda: model.objects.order_by("pk").first().get_absolute_url()


def record_status_of_a_ruled_out_option():
    ruled_out = next(r for r in Recommendation.objects.order_by("pk") if not r.is_tracked)
    return f"/admin/oversight/recommendation/{ruled_out.pk}/record-status/"


TOO_MANY_VALUES = "/statements/?" + "&".join(f"a={n}" for n in range(1100))


PAGES = [
    Page("dashboard", "/"),
    Page("dashboard as of a day", "/?as_of=2014-05-01"),
    Page("dashboard since a day", "/?since=2014-05-01"),
    Page("dashboard with a bad date", "/?as_of=2014-02-30", 400),
    Page("priorities", "/priorities/"),
    Page("priorities filtered", "/priorities/?overdue=yes&rag=red"),
    Page("priorities with a bad filter", "/priorities/?status=finished", 400),
    Page("recommendations", "/recommendations/"),
    Page("recommendations filtered", "/recommendations/?outcome=recommended&as_of=2014-05-01"),
    Page("recommendations with a bad filter", "/recommendations/?outcome=maybe", 400),
    Page("timeline", "/timeline/"),
    Page("timeline filtered", "/timeline/?kind=inspection&year_from=2008"),
    Page("timeline with a bad filter", "/timeline/?year_from=soon", 400),
    Page("documents", "/documents/"),
    Page("documents filtered", "/documents/?kind=news_article"),
    Page("documents with a bad filter", "/documents/?kind=poem", 400),
    Page("people", "/people/"),
    Page("people filtered", "/people/?role=director"),
    Page("people with a bad filter", "/people/?organisation=nobody", 400),
    Page("statement search form", "/statements/"),
    Page("statement search with results", "/statements/?q=inspection&sort=oldest"),
    Page("statement search with no results", "/statements/?q=xylophone"),
    Page("statement search by a post with undated words", "/statements/?role=Director+of+People"),
    Page("statement search with a bad filter", "/statements/?date_from=2014-02-30", 400),
    Page("priority", first(Priority)),
    Page("recommendation", first(Recommendation)),
    Page("statement permalink", first(Statement)),
    Page("document", first(Document)),
    Page("person", first(Person)),
    Page("accessibility statement", "/accessibility/"),
    Page("how to read the record", "/how-to-read/"),
    Page("priority on a misspelt day", "/priorities/single-improvement-plan/?asof=2014-05-01", 400),
    Page("page not found", "/no-such-page/", 404),
    Page("request not read", TOO_MANY_VALUES, 400),
    Page("list page past the end", "/people/?page=9", 404),
    Page("list page that is no number", "/people/?page=nine", 400),
    Page("search page that is no number", "/statements/?q=inspection&page=nine", 400),
    Page("form not accepted", "/statements/", 403, posted=True),
    Page("server error", None, 500, template="500.html"),
    Page("database unavailable", None, 503, template="503.html"),
    Page(
        "admin request not read",
        "/admin/oversight/statusupdate/?as_of__year=99999999999",
        400,
        signed_in=True,
    ),
    Page("admin refusal", record_status_of_a_ruled_out_option, 403, signed_in=True),
    Page("admin sign-in", "/admin/login/"),
    Page("admin sign-in, sent from a page", "/admin/login/?next=/admin/"),
    Page("admin index", "/admin/", signed_in=True),
    Page("admin priority change page", admin_path(Priority, "change"), signed_in=True),
    Page("admin record a status update", admin_path(Priority, "record-status"), signed_in=True),
    Page("admin priority history", admin_path(Priority, "history"), signed_in=True),
    Page("admin recommendation change page", admin_path(Recommendation, "change"), signed_in=True),
    Page("admin statement change page", admin_path(Statement, "change"), signed_in=True),
    Page("admin person change page", admin_path(Person, "change"), signed_in=True),
    Page("admin priority list", "/admin/oversight/priority/", signed_in=True),
    Page("admin status update list", "/admin/oversight/statusupdate/", signed_in=True),
    Page("admin status update import", "/admin/oversight/statusupdate/import/", signed_in=True),
]


def unavailable(reason):
    """Skip, saying why; in CI a missing checker is a failure, not a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"HTML validity cannot be checked in CI: {reason}")
    pytest.skip(f"HTML validity NOT CHECKED: {reason}")


def run_vnu(folder):
    """Return {file name: [message]} for the errors vnu finds in the .html files in `folder`."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr)
    errors = {}
    for message in report["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        where = f"line {message.get('lastLine', '?')}"
        extract = message.get("extract", "").strip()
        errors.setdefault(name, []).append(f"{where}: {message['message']} [{extract}]")
    return errors


@dataclass(frozen=True)
class Served:
    path: str
    status: int
    html: str


@pytest.fixture(scope="module")
def served(seeded_module, django_db_blocker):
    """Fetch every page once, as the test client receives it; return {page name: Served}."""
    public, officer, strict = Client(), Client(), Client(enforce_csrf_checks=True)
    pages = {}
    with django_db_blocker.unblock():
        officer.force_login(make_user("superuser"))
        for page in PAGES:
            path = page.path()
            if page.template:
                pages[page.name] = Served(path, page.status, render_to_string(path))
                continue
            if page.posted:
                response = strict.post(path, {"q": "jury"})
            else:
                response = (officer if page.signed_in else public).get(path)
            pages[page.name] = Served(path, response.status_code, response.content.decode())
    return pages


@pytest.fixture(scope="module")
def vnu_errors(served, tmp_path_factory):
    """Return {page name: [error]} from one vnu run over every served page."""
    if shutil.which("java") is None:
        unavailable("Java is not installed (Debian: apt-get install default-jre-headless).")
    if not VNU_JAR.exists():
        unavailable(f"{VNU_JAR} is missing: run `make install` (it needs npm).")
    folder = tmp_path_factory.mktemp("served-html")
    for index, page in enumerate(PAGES):
        (folder / f"page-{index}.html").write_text(served[page.name].html)
    (folder / "invalid.html").write_text(INVALID_PAGE)
    errors = run_vnu(folder)
    assert errors.get("invalid.html"), "vnu found nothing wrong with invalid markup"
    return {page.name: errors.get(f"page-{index}.html", []) for index, page in enumerate(PAGES)}


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_as_served_is_valid_html(served, vnu_errors, page):
    errors = vnu_errors[page.name]
    assert not errors, f"{served[page.name].path} is not valid HTML:\n" + "\n".join(errors)


class InlineCode(HTMLParser):
    """Collect what a Content-Security-Policy without 'unsafe-inline' would block."""

    DATA_SCRIPTS = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in self.DATA_SCRIPTS:
            self.found.append("an inline <script>")
        if tag == "style":
            self.found.append("a <style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            elif name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_inline_code_check_finds_what_the_policy_blocks():
    markup = '<p style="color: red" onclick="go()"><script>go()</script><style>p{}</style>'
    assert len(inline_code(markup)) == 4
    assert inline_code('<script src="/static/x.js"></script><a href="/">x</a>') == []


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_needs_no_inline_script_or_style(served, page):
    # Under the policy a browser would refuse these; the site and the admin must not need them.
    result = served[page.name]
    assert result.status == page.status, f"{result.path}: status {result.status}"
    assert inline_code(result.html) == [], result.path
