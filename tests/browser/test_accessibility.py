"""axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every page type, in Chromium,
and what axe cannot judge: one <h1>, captioned and scoped tables, labels, status words, and
a search completed with the keyboard alone."""

import pytest
from django.urls import reverse

from documents.models import Statement
from oversight.models import Priority, Recommendation
from tests.factories import make_user
from tests.pages import markup_problems

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def public_pages():
    """Return one address of every public page type, lists with and without filters."""
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    return [
        "/",
        "/?as_of=2014-05-01&since=2014-03-01",
        "/?as_of=2014-02-30",
        "/priorities/",
        "/priorities/?overdue=yes&status=in_progress",
        "/priorities/?status=finished",
        "/recommendations/",
        "/recommendations/?outcome=ruled_out&as_of=2014-05-01",
        "/timeline/",
        "/timeline/?kind=inspection&year_from=2008",
        "/documents/",
        "/documents/?kind=news_article",
        "/people/",
        "/people/?role=director",
        "/statements/",
        "/statements/?q=inspection",
        "/statements/?q=improvement&person=peter-hay&date_from=2014-03-20",
        "/statements/?q=the",
        Priority.objects.get(slug="single-improvement-plan").get_absolute_url(),
        Recommendation.objects.get(reference="R1").get_absolute_url(),
        Recommendation.objects.get(reference="O1").get_absolute_url(),
        statement.get_absolute_url(),
        statement.document.get_absolute_url(),
        reverse("documents:detail", args=["le-grand-report"]),
        "/people/peter-hay/",
        "/accessibility/",
        "/how-to-read/",
        "/no/such/page/",
    ]


@pytest.fixture
def axe_problems():
    """Return a function listing a page's WCAG A/AA violations and axe's advice on each."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        return results.generate_report() if results.violations_count else ""

    return check


def sign_in(page, base, user):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")


def test_every_public_page_type_passes_axe_and_the_structure_checks(
    page, live_seeded, axe_problems
):
    found = {}
    for url in public_pages():
        page.goto(live_seeded + url)
        problems = markup_problems(page.content())
        report = axe_problems(page)
        if problems or report:
            found[url] = (problems, report)
    assert not found, "\n\n".join(
        f"{url}: {problems}\n{report}" for url, (problems, report) in found.items()
    )


def test_the_admin_sign_in_and_record_status_form_pass_axe(page, live_seeded, axe_problems):
    page.goto(live_seeded + "/admin/login/")
    report = axe_problems(page)
    assert not report, report
    sign_in(page, live_seeded, make_user("officer"))
    priority = Priority.objects.get(slug="single-improvement-plan")
    form = live_seeded + reverse("admin:oversight_priority_record_status", args=[priority.pk])
    page.goto(form)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Record a status update")
    report = axe_problems(page)
    assert not report, report
    # The page as served: the calendar table Django's date picker script adds, hidden until
    # opened, has unscoped headers (a known limitation in the accessibility statement).
    assert markup_problems(page.request.get(form).text()) == []


def test_axe_finds_a_violation_when_there_is_one(page, live_seeded, axe_problems):
    # The same check on a page spoilt on purpose: a control with no label, low contrast.
    page.goto(live_seeded + "/accessibility/")
    page.evaluate(
        """() => {
            const input = document.createElement("input");
            const faint = document.createElement("p");
            faint.textContent = "Hard to read";
            faint.style.color = "#ccc";
            document.querySelector("main").append(input, faint);
        }"""
    )
    report = axe_problems(page)
    assert "label - " in report and "color-contrast - " in report


def test_a_date_box_shows_focus_on_each_of_its_parts_and_its_calendar_button(page, live_seeded):
    """Chromium's date box takes Tab at the day, the month, the year and the calendar
    button; on the button the box lost the site's focus ring for the browser's thin one."""
    page.goto(live_seeded + "/statements/")
    page.focus("#id_date_from")
    stops = 0
    while page.evaluate("document.activeElement.id") == "id_date_from":
        ring = page.evaluate(
            """() => {
                const style = getComputedStyle(document.activeElement);
                return [style.outlineStyle, parseFloat(style.outlineWidth), style.boxShadow];
            }"""
        )
        assert ring[:2] == ["solid", 3] and ring[2] != "none", (stops, ring)
        page.keyboard.press("Tab")
        stops += 1
    assert stops == 4  # day, month, year, calendar button


def test_a_keyboard_user_searches_statements_and_opens_one(page, live_seeded, artifact):
    """Tab and Enter only: every stop shows where focus is, and the results appear."""
    page.goto(live_seeded + "/statements/")
    stops = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement, style = getComputedStyle(el);
                return {id: el.id, text: el.textContent.trim(), outline: style.outlineStyle,
                        width: parseFloat(style.outlineWidth)};
            }"""
        )
        assert focused["outline"] == "solid" and focused["width"] >= 2, focused
        assert focused not in stops, f"focus did not move: {focused}"
        stops.append(focused)
        if focused["id"] == "id_q":
            break
    else:
        pytest.fail("Tab never reached the search box")
    assert stops[0]["text"] == "Skip to content"
    page.keyboard.type('"jury is out"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/statements/?q=*")
    assert page.get_by_role("heading", name="1 statement").is_visible()
    assert "the jury is out" in page.locator("ol.results").inner_text()

    # On to the statement itself: Tab through the page until the result's own link.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Read, cite"):
            break
    else:
        pytest.fail("Tab never reached the result's link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/statements/*/")
    assert page.get_by_role("heading", level=2, name="Cite this statement").is_visible()
    page.screenshot(path=artifact("keyboard-search.png"), full_page=True)
