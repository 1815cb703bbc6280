"""Detail pages: a priority, a recommendation, a statement, a document and a person."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.html import escape

from documents.models import Document, Statement
from oversight.models import Priority, Recommendation
from people.models import Person
from tests.pages import form_values, main_text, section


def test_priority_page_shows_its_history_and_evidence(client, seeded):
    priority = Priority.objects.get(slug="single-improvement-plan")
    response = client.get(priority.get_absolute_url())
    history = response.content.decode().split(">Status history, oldest first<")[1]
    assert re.search(r'class="status status-in_progress">In progress</span>', history)
    text = main_text(response)
    assert "Satisfy the Minister by June" in text
    assert "The record does not yet show the Minister satisfied" in text
    assert "Seed record" in text
    assert "a good start has been made" in text


def test_recommendation_page_shows_the_councils_response(client, seeded):
    recommendation = Recommendation.objects.get(reference="R3")
    text = main_text(client.get(recommendation.get_absolute_url()))
    assert "review its management capacity" in text
    assert "we have been undertaking a recovery" in text


def test_a_recommendation_is_named_with_its_review_and_the_report_it_came_from(client, seeded):
    page = client.get(Recommendation.objects.get(reference="R3").get_absolute_url())
    html = page.content.decode()
    assert "<h1>Recommendation R3</h1>" in html
    # The link names the report it leads to, not the review: the source below it, the
    # council's response, bears the review's name as its title.
    report = Document.objects.get(slug="le-grand-report")
    assert (
        "Of the Le Grand Review into Birmingham&#x27;s children&#x27;s services, March 2014, "
        f'in its report: <a href="{report.get_absolute_url()}">{escape(report.title)}</a>.'
    ) in html
    assert (
        "<h1>Option O1</h1>"
        in client.get(
            Recommendation.objects.get(reference="O1").get_absolute_url()
        ).content.decode()
    )


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        (lambda: Priority.objects.get(slug="single-improvement-plan"), "Status history"),
        (lambda: Recommendation.objects.get(reference="R1"), "Status history"),
        (lambda: Person.objects.get(slug="peter-hay"), "Roles held"),
    ],
)
def test_each_table_of_a_detail_page_has_a_heading_to_jump_to(client, seeded, page, heading):
    address = page().get_absolute_url()
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", client.get(address).content.decode())
    assert heading in headings


def test_statement_permalink_shows_the_role_held_that_day_and_other_places(client, seeded):
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    text = main_text(client.get(statement.get_absolute_url()))
    assert "Peter Hay, Director of People, Birmingham City Council" in text
    assert "Also reported in" in text
    assert "Running of Birmingham City Council’s children’s services" in text


def test_document_page_marks_each_statement_in_the_full_text(client, seeded):
    document = Document.objects.get(slug="chamberlain-files-cant-delude-ourselves")
    page = client.get(document.get_absolute_url()).content.decode()
    for statement in document.statements.all():
        assert f'<a href="{statement.get_absolute_url()}">' in page
    assert document.sha256 in page


def test_a_document_not_held_says_so(client, seeded):
    text = main_text(client.get(reverse("documents:detail", args=["le-grand-report"])))
    assert "This document is not held" in text
    assert "Quoted from this document" in text


def test_person_page_lists_roles_over_time(client, seeded):
    text = main_text(client.get(Person.objects.get(slug="peter-hay").get_absolute_url()))
    assert (
        "Interim Director of Children's Services, Birmingham City Council July 2013 December 2013"
        in text
    )


def test_person_page_says_how_the_sources_were_read_where_a_post_s_dates_are_inferred(
    client, seeded
):
    # No text says when Sir Albert stopped chairing the board, yet his 2014 statements
    # carry the post: the page says it is read as still held, not that a source says so.
    text = main_text(client.get(Person.objects.get(slug="albert-bore").get_absolute_url()))
    assert (
        "Chair of the performance monitoring board, Performance monitoring board 2013 "
        "Not stated or still held"
    ) in text
    assert "no text says when he stopped chairing it: read as still held." in text
    hay = main_text(client.get(Person.objects.get(slug="peter-hay").get_absolute_url()))
    assert "read as ending when he became director of people in December 2013." in hay


@pytest.mark.parametrize(
    "url",
    ["/priorities/no-such-priority/", "/statements/999999/", "/documents/nope/", "/people/nobody/"],
)
def test_unknown_pages_are_a_friendly_404(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in main_text(response)


def test_priority_page_says_it_is_overdue_and_how_long_since_its_last_update(client, seeded):
    text = main_text(client.get("/priorities/single-improvement-plan/"))
    assert "Current status In progress Amber confidence Overdue Stale" in text
    assert "By June 2014: the deadline passed" in text
    assert "Last update dated 23 May 2014 (" in text


def test_a_priority_not_yet_due_is_not_called_overdue(client, seeded, make_priority):
    priority = make_priority(due_on=datetime.date(2099, 1, 1), due_on_precision="year")
    text = main_text(client.get(priority.get_absolute_url()))
    assert "By 2099" in text and "Overdue" not in text
    assert "Never updated" in text


def test_a_correction_says_which_update_it_corrects(client, seeded, make_status_update):
    priority = Priority.objects.get(slug="five-year-budget")
    original = priority.updates.get()
    make_status_update(
        priority,
        status="in_progress",
        as_of=original.as_of,
        note="Correction: the budget work had begun.",
        corrects=original,
    )
    response = client.get(priority.get_absolute_url())
    history = section(response, "Status history")
    assert "Correction: the budget work had begun. Corrects the update dated 23 May 2014" in history
    assert "(Not started)" in history
    page = response.content.decode()
    assert f'<tr id="status-update-{original.pk}">' in page
    assert f'Corrects <a href="#status-update-{original.pk}">the update dated' in page


def test_a_note_keeps_its_line_breaks(client, seeded, make_status_update):
    priority = Priority.objects.get(slug="five-year-budget")
    make_status_update(priority, note="First, the plan.\nThen, the <b>budget</b>.")
    page = client.get(priority.get_absolute_url()).content.decode()
    assert "First, the plan.<br>Then, the &lt;b&gt;budget&lt;/b&gt;." in page


def test_an_option_the_review_ruled_out_is_not_tracked(client, seeded):
    text = main_text(client.get(Recommendation.objects.get(reference="O1").get_absolute_url()))
    assert "Current status Not tracked: the review did not recommend it" in text


def test_person_page_shows_each_statement_with_the_post_held_that_day(client, seeded):
    text = main_text(client.get("/people/peter-hay/"))
    assert "27 March 2014, as Director of People, Birmingham City Council" in text


def test_an_update_without_published_evidence_says_why(client, seeded, make_status_update):
    priority = Priority.objects.get(slug="five-year-budget")
    make_status_update(
        priority,
        status="in_progress",
        as_of=datetime.date(2014, 6, 1),
        no_evidence_reason="Reported orally at the scrutiny committee of 1 June.",
    )
    history = section(client.get(priority.get_absolute_url()), "Status history")
    assert "No published evidence: Reported orally at the scrutiny committee of 1 June." in history


PLAN = "/priorities/single-improvement-plan/"


def test_a_priority_page_shows_the_record_as_it_stood_on_a_day(client, seeded):
    before = main_text(client.get(f"{PLAN}?as_of=2014-05-01"))
    assert "The record as it stood at the end of 1 May 2014" in before
    assert "Status at the end of 1 May 2014 No status recorded" in before
    assert "No status had been recorded by then." in before
    assert "1 later update, dated after 1 May 2014, is not shown" in before

    after = main_text(client.get(f"{PLAN}?as_of=2014-05-23"))
    assert "Status at the end of 23 May 2014 In progress Amber confidence" in after
    assert "not shown" not in after


def test_a_page_on_a_day_before_the_item_was_set_out_says_so(client, seeded):
    text = main_text(client.get(f"{PLAN}?as_of=2014-03-26"))
    assert "Status at the end of 26 March 2014 Not yet in the record: it was set out in" in text
    assert "published 27 March 2014." in text
    r1 = Recommendation.objects.get(reference="R1")
    text = main_text(client.get(f"{r1.get_absolute_url()}?as_of=2014-01-01"))
    assert "Status at the end of 1 January 2014 Not yet in the record" in text


def test_overdue_on_a_priority_page_is_judged_from_the_day_shown(client, seeded):
    assert "Overdue" not in main_text(client.get(f"{PLAN}?as_of=2014-06-30"))
    july = main_text(client.get(f"{PLAN}?as_of=2014-07-01"))
    # Counted to the day shown, and said so: "ago" would count from today.
    assert "Overdue" in july and "the deadline passed 1 day before 1 July 2014" in july
    assert " ago" not in july
    today = main_text(client.get(PLAN))
    assert "the deadline passed " in today and " days ago" in today
    years_on = main_text(client.get(f"{PLAN}?as_of=2017-06-30"))
    assert "the deadline passed 1,096 days before 30 June 2017" in years_on
    assert "23 May 2014 (1,134 days before 30 June 2017)" in years_on


def test_a_detail_page_has_a_box_for_the_day_to_show_it_on(client, seeded):
    now = client.get(PLAN)
    assert form_values(now, "day-form") == {"as_of": [""]}
    assert "As it stands now" not in main_text(now)  # it does
    # The form as a browser sends it, filled in: the page as it stood then.
    then = client.get(PLAN, {"as_of": "2014-06-30"})
    assert form_values(then, "day-form") == {"as_of": ["2014-06-30"]}
    text = main_text(then)
    assert "Status at the end of 30 June 2014" in text
    assert "As it stood on a day Show it as it stood at the end of" in text
    assert f'<a href="{PLAN}">As it stands now</a>' in then.content.decode()
    r1 = Recommendation.objects.get(reference="R1").get_absolute_url()
    assert form_values(client.get(r1), "day-form") == {"as_of": [""]}


def test_a_bad_day_on_a_detail_page_is_a_400_over_the_record_as_it_stands(client, seeded):
    response = client.get(f"{PLAN}?as_of=0001-01-01")
    assert response.status_code == 400
    text = main_text(response)
    assert "There is a problem with this address" in text
    assert "Choose a day on or after 1 January 1900." in text
    assert "Current status In progress" in text
    # The message links to the box where the day is given again.
    html = response.content.decode()
    assert '<a href="#id_as_of">Show it as it stood at the end of: Choose a day' in html
    assert form_values(response, "day-form") == {"as_of": ["0001-01-01"]}
    r1 = Recommendation.objects.get(reference="R1").get_absolute_url()
    recommendation = client.get(f"{r1}?as_of=yesterday")
    assert recommendation.status_code == 400
    assert "“yesterday” is not a date" in main_text(recommendation)


@pytest.mark.parametrize("listing", ["/", "/priorities/", "/recommendations/"])
def test_a_list_on_a_day_links_each_item_as_it_stood_that_day(client, seeded, listing):
    page = client.get(f"{listing}?as_of=2014-05-01").content.decode()
    # Each item's page; the status feed, linked too, is of no day.
    links = re.findall(r'href="(/(?:priorities|recommendations)/(?!feed/)[\w-]+/[^"]*)"', page)
    assert links and all(link.endswith("?as_of=2014-05-01") for link in links), links
    now = client.get(listing).content.decode()
    assert "?as_of=" not in "".join(
        re.findall(r'href="(/(?:priorities|recommendations)/[\w-]+/[^"]*)"', now)
    )


def test_a_person_s_page_links_their_statements_search_download_and_feed(client, seeded):
    page = client.get("/people/peter-hay/").content.decode()
    assert '<a href="/statements/?person=peter-hay">Search their statements</a>' in page
    assert 'href="/statements/?person=peter-hay&amp;format=csv" download>CSV</a>' in page
    feed = re.search(r'<a href="(/statements/feed/\?person=peter-hay)">Atom feed</a>', page)
    assert feed and client.get(feed.group(1)).status_code == 200


def test_every_page_names_the_site_s_icon(client, seeded):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg")


@pytest.mark.parametrize(
    ("address", "title"),
    [
        (PLAN, "A single and coherent improvement plan ·"),
        (
            f"{PLAN}?as_of=2014-06-30",
            "A single and coherent improvement plan, as it stood on 30 June 2014 ·",
        ),
        (f"{PLAN}?as_of=someday", "A single and coherent improvement plan (check the address) ·"),
        (f"{PLAN}?asof=2014-06-30", "A single and coherent improvement plan (check the address) ·"),
        ("/?as_of=2014-05-01", "The record on 1 May 2014 ·"),
        ("/?as_of=someday", "Dashboard (check the address) ·"),
        ("/priorities/?as_of=2014-05-01", "Priorities, as they stood on 1 May 2014 ·"),
        (
            "/recommendations/?as_of=2014-05-01&status=none",
            "Recommendations, as they stood on 1 May 2014 ·",
        ),
    ],
)
def test_a_page_s_title_says_the_day_it_shows_or_that_its_address_has_a_problem(
    client, seeded, address, title
):
    page = client.get(address).content.decode()
    assert f"<title>{title}" in page
