"""Three people's journeys through the site in Chromium, on the seed record, each ending with
a screenshot in test-artifacts/ and no Content-Security-Policy violation on the way."""

import csv
import io

from django.urls import reverse
from playwright.sync_api import expect

from documents.models import Statement
from oversight.models import Priority
from tests.factories import make_user


def test_a_journalist_searches_narrows_cites_and_downloads(
    page, live_seeded, artifact, csp_violations
):
    page.goto(live_seeded + "/statements/")
    page.get_by_label("Search for").fill("improvement")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/statements/?q=improvement*")
    found = page.locator("ol.results > li").count()
    assert found > 1
    assert "Julian Le Grand" in page.locator("ol.results").inner_text()

    # Narrow to Peter Hay after the Le Grand review's first reports: the filters, folded
    # away after a search of words alone, open from their summary.
    assert not page.get_by_label("Said by").is_visible()
    page.get_by_text("Narrow or sort the results").click()
    page.get_by_label("Said by").fill("peter-hay")
    page.get_by_label("Said on or after").fill("2014-03-20")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**person=peter-hay*")
    results = page.locator("ol.results > li")
    shown = results.count()
    assert 0 < shown < found
    for index in range(shown):
        byline = results.nth(index).locator(".byline").inner_text()
        assert "Peter Hay" in byline and "Julian Le Grand" not in byline

    # The permalink, and its citation copied with the button.
    results.first.get_by_role("link", name="Read, cite").click()
    page.wait_for_url("**/statements/*/")
    permalink = page.url
    citation = page.get_by_label("Citation, ready to copy").input_value()
    assert citation.startswith("Peter Hay (Director of People, Birmingham City Council)")
    assert citation.endswith(permalink)
    page.get_by_role("button", name="Copy citation").click()
    # The clipboard answers asynchronously: wait for the button's own report of it.
    expect(page.get_by_role("status")).to_have_text("Citation copied.")
    assert page.evaluate("navigator.clipboard.readText()") == citation

    # Back to the narrowed results, and download them.
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert len(rows) == shown
    assert {row["speakers"] for row in rows} == {"Peter Hay"}
    assert all(row["said_on"] >= "2014-03-20" for row in rows)
    assert all("improvement" in row["text"].lower() for row in rows)
    assert permalink in {row["url"] for row in rows}

    page.screenshot(path=artifact("journey-journalist.png"), full_page=True)
    assert csp_violations == []


def test_a_scrutiny_member_reads_the_record_on_a_day_and_prints_a_priority(
    page, live_seeded, artifact, csp_violations
):
    page.goto(live_seeded + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Oversight dashboard"

    page.get_by_role("link", name="Priorities", exact=True).click()
    page.get_by_label("Overdue").select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**overdue=yes*")
    overdue = page.locator("#priorities-caption ~ tbody tr")
    assert overdue.count() == 1
    assert "A single and coherent improvement plan" in overdue.first.inner_text()
    assert page.get_by_text("1 priority matches these filters.").is_visible()
    # The filtered list taken away for the committee's papers.
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.startswith("priorities_overdue-yes_")
    with open(download.value.path(), encoding="utf-8-sig") as csv_file:
        lines = csv_file.read().splitlines()
    assert len(lines) == 2 and "A single and coherent improvement plan" in lines[1]

    # The record as it stood on 1 May 2014, through the dashboard's own form.
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_label("Show the record as it stood at the end of").fill("2014-05-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**as_of=2014-05-01*")
    banner = page.get_by_role("status").first
    assert "The record as it stood at the end of 1 May 2014" in banner.inner_text()

    # The priority as it stood that day, then its whole history as it stands now.
    page.get_by_role("link", name="A single and coherent improvement plan").first.click()
    page.wait_for_url("**/priorities/single-improvement-plan/?as_of=2014-05-01")
    history = page.locator("#history-caption").locator("xpath=..")
    assert "No status had been recorded by then." in history.inner_text()
    page.get_by_role("link", name="the whole history, as the record stands now").click()
    page.wait_for_url("**/priorities/single-improvement-plan/#history")
    assert "In progress" in history.inner_text()

    # The same page on another day, through its own box.
    page.get_by_label("Show it as it stood at the end of").fill("2014-06-30")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/priorities/single-improvement-plan/?as_of=2014-06-30*")
    assert page.get_by_text("Status at the end of 30 June 2014").is_visible()

    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Show").is_visible()
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("link", name="Skip to content").is_visible()
    printed_from = page.get_by_text("Printed from")
    assert printed_from.is_visible() and "/priorities/single-improvement-plan/" in (
        printed_from.inner_text()
    )
    assert history.is_visible()
    assert page.pdf(path=artifact("journey-scrutiny-priority.pdf"), format="A4")
    page.screenshot(path=artifact("journey-scrutiny.png"), full_page=True)
    assert csp_violations == []


def test_an_officer_records_an_evidenced_update_and_sees_it_on_the_dashboard(
    page, live_seeded, artifact, csp_violations
):
    officer = make_user("officer", first_name="Asha", last_name="Khan")
    page.goto(live_seeded + "/")
    page.get_by_role("link", name="Officers' sign-in").click()
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_seeded + "/admin/")

    priority = Priority.objects.get(slug="single-improvement-plan")
    page.goto(live_seeded + reverse("admin:oversight_priority_change", args=[priority.pk]))
    page.get_by_role("link", name="Record a status update").click()
    page.get_by_label("Status").select_option(label="Achieved")
    page.get_by_label("RAG confidence").select_option(label="Green")
    page.get_by_label("As of").fill("2014-07-01")
    page.get_by_label("Note").fill("The single improvement plan was published and agreed.")
    # The evidence box searches the statements as the officer types, and offers each with
    # who said it and when.
    page.get_by_role("searchbox", name="Statements").click()
    page.keyboard.type("jury is out")
    page.get_by_role(
        "option", name="Sir Albert Bore, 19 March 2014: “the jury is out” (bore-jury-is-out)"
    ).click()
    page.get_by_role("button", name="Record status update").click()
    assert page.locator(".messagelist").inner_text().startswith("Recorded")

    page.goto(live_seeded + "/")
    latest = page.locator("#latest-caption").locator("xpath=..")
    first_row = latest.locator("tbody tr").first.inner_text()
    assert "Priority 3: A single and coherent improvement plan" in first_row
    assert "In progress to Achieved Green confidence" in first_row
    assert "Asha Khan" in first_row
    assert "1 July 2014" in first_row
    evidence = Statement.objects.get(text="the jury is out")
    page.get_by_role("link", name=f"Priority 3: {priority.title}").first.click()
    history = page.locator("#history-caption").locator("xpath=..")
    assert "the jury is out" in history.locator("tbody tr").last.inner_text()
    assert evidence.get_absolute_url() in history.locator("tbody tr").last.inner_html()
    page.screenshot(path=artifact("journey-officer.png"), full_page=True)
    assert csp_violations == []
