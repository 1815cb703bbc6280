"""The Atom feeds of status changes: every item's, and each one's."""

import datetime
import html
from xml.etree import ElementTree

from django.urls import reverse

from oversight.models import Priority, Recommendation, StatusUpdate
from oversight.services import status_update_record
from tests.pages import main_text

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(client):
    response = client.get(reverse("oversight:status_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


def test_status_feed_lists_each_recorded_status_with_its_note(client, seeded):
    entries = feed_entries(client)
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert len(entries) == StatusUpdate.objects.count()
    assert "Strengthen senior management capacity: In progress (Amber)" in titles
    assert len({entry.find(f"{ATOM}id").text for entry in entries}) == len(entries)
    # A recommendation the review wrote as a sentence's end is named as the pages name it.
    r1 = Recommendation.objects.get(reference="R1")
    assert r1.text.startswith("a commissioner")
    assert any(title.startswith("R1: A commissioner") for title in titles)


def record(slug, status, rag, note):
    """Record a status for the priority `slug` on the day it was set out, citing its source."""
    priority = Priority.objects.get(slug=slug)
    status_update_record(
        item=priority,
        status=status,
        rag=rag,
        as_of=priority.source.published_on,
        note=note,
        documents=[priority.source],
    )
    return priority


def test_a_new_status_comes_first_in_the_feed(client, seeded):
    priority = record("single-improvement-plan", "achieved", "green", "The Minister is satisfied.")
    first = feed_entries(client)[0]
    assert first.find(f"{ATOM}title").text == f"{priority}: Achieved (Green)"
    assert "The Minister is satisfied." in first.find(f"{ATOM}summary").text
    update = priority.updates.order_by("-recorded_at", "-pk").first()
    row = f"http://testserver{priority.get_absolute_url()}#status-update-{update.pk}"
    assert first.find(f"{ATOM}link").get("href") == row
    assert first.find(f"{ATOM}id").text == row


def test_each_entry_is_an_absolute_address_of_a_row_on_its_items_page(client, seeded):
    for entry in feed_entries(client):
        address = entry.find(f"{ATOM}id").text
        assert address.startswith("http://testserver/"), address
        page, row = address.removeprefix("http://testserver").split("#")
        assert f'<tr id="{row}">' in client.get(page).content.decode(), address


def test_status_feed_query_count_does_not_grow_with_the_data(
    client, seeded, django_assert_num_queries, make_priority
):
    # The updates with their items.
    queries = 1
    with django_assert_num_queries(queries):
        feed_entries(client)
    for _ in range(20):
        priority = make_priority()
        status_update_record(
            item=priority,
            status="in_progress",
            rag="amber",
            as_of=priority.source.published_on,
            note="Started.",
            documents=[priority.source],
        )
    with django_assert_num_queries(queries):
        entries = feed_entries(client)
    assert len(entries) == StatusUpdate.objects.count()


def test_a_note_is_text_in_the_feed_not_markup(client, seeded):
    record("five-year-budget", "in_progress", "amber", 'Spend 5 < 6 <b>million</b> & "more".')
    summary = feed_entries(client)[0].find(f"{ATOM}summary")
    # The summary is HTML: the note's own characters arrive escaped, to be shown as typed.
    assert summary.get("type") == "html"
    assert "Spend 5 &lt; 6 &lt;b&gt;million&lt;/b&gt; &amp; &quot;more&quot;." in summary.text


def test_a_note_s_line_breaks_stay_breaks_in_the_feed(client, seeded):
    record("five-year-budget", "in_progress", "amber", "Budget agreed.\nSavings <due> in May.")
    summary = feed_entries(client)[0].find(f"{ATOM}summary").text
    assert summary.endswith("Budget agreed.<br>Savings &lt;due&gt; in May.")


def test_the_dashboard_and_the_lists_lead_to_the_status_feed(client, seeded):
    feed = reverse("oversight:status_feed")
    for url in ["/", "/priorities/", "/recommendations/"]:
        page = client.get(url).content.decode()
        assert f'type="application/atom+xml" title="Status changes" href="{feed}"' in page
    assert "Follow every new status in a feed reader" in client.get("/").content.decode()


def test_the_feed_refuses_a_filter_it_would_otherwise_ignore(client, seeded):
    response = client.get(reverse("oversight:status_feed"), {"status": "overdue", "as_of": "x"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    message = response.content.decode()
    assert message.startswith("Bad address: this feed takes no parameters (“as_of”, “status”).")
    assert "the 50 statuses recorded latest, for every priority and recommendation" in message


def item_feed(client, item):
    response = client.get(f"{item.get_absolute_url()}feed/")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def test_a_priority_s_feed_follows_its_statuses_alone_the_latest_first(client, seeded):
    record("five-year-budget", "in_progress", "amber", "A budget, not the plan.")
    priority = record("single-improvement-plan", "achieved", "green", "The Minister is satisfied.")
    feed = item_feed(client, priority)
    assert feed.find(f"{ATOM}title").text == f"Status changes: {priority}"
    page = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert page == f"http://testserver{priority.get_absolute_url()}"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == priority.updates.count() == 2
    assert entries[0].find(f"{ATOM}title").text == f"{priority}: Achieved (Green)"
    summaries = [entry.find(f"{ATOM}summary").text for entry in entries]
    assert not any("A budget, not the plan." in summary for summary in summaries)


def test_a_recommendation_s_feed_follows_its_statuses(client, seeded):
    recommendation = Recommendation.objects.filter(updates__isnull=False).first()
    entries = item_feed(client, recommendation).findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}id").text for entry in entries] == [
        f"http://testserver{update.get_absolute_url()}"
        for update in recommendation.updates.order_by("-recorded_at", "-pk")
    ]


def test_an_item_not_in_the_record_has_no_feed(client, seeded):
    assert client.get("/priorities/no-such-priority/feed/").status_code == 404
    assert client.get("/recommendations/99999/feed/").status_code == 404


def test_an_option_the_review_ruled_out_has_no_feed_and_its_page_offers_none(client, seeded):
    option = Recommendation.objects.get(reference="O1")
    assert not option.is_tracked
    response = client.get(f"{option.get_absolute_url()}feed/")
    assert response.status_code == 404
    assert "is an option the review did not recommend: it has no status to track" in (
        main_text(response)
    )
    page = client.get(option.get_absolute_url())
    assert "Not tracked: the review did not recommend it" in main_text(page)
    markup = page.content.decode()
    assert "application/atom+xml" not in markup
    # Nor a day to see its status on, nor a history that can never have a row.
    assert 'id="day-form"' not in markup and 'id="history"' not in markup


def test_an_item_s_feed_refuses_a_filter_it_would_otherwise_ignore(client, seeded):
    response = client.get("/priorities/five-year-budget/feed/", {"as_of": "2014-05-01"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "It lists the 50 statuses recorded latest, for this priority." in (
        response.content.decode()
    )


def test_an_item_s_page_leads_to_its_feed(client, seeded):
    for item in [Priority.objects.first(), Recommendation.objects.filter(outcome="recommended")[0]]:
        feed = f"{item.get_absolute_url()}feed/"
        page = client.get(item.get_absolute_url()).content.decode()
        assert f'title="Status changes: {html.escape(str(item))}" href="{feed}"' in page
        assert f'<a href="{feed}">Follow each new status recorded here in a feed reader</a>' in page


def test_an_item_s_feed_may_be_read_by_a_page_on_another_site(client, seeded):
    response = client.get("/priorities/five-year-budget/feed/")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_item_s_feed_query_count_does_not_grow_with_its_history(
    client, seeded, django_assert_num_queries
):
    priority = Priority.objects.get(slug="five-year-budget")
    # The item, then its updates.
    with django_assert_num_queries(2):
        item_feed(client, priority)
    for number in range(20):
        record("five-year-budget", "in_progress", "amber", f"Update {number}.")
    with django_assert_num_queries(2):
        entries = item_feed(client, priority).findall(f"{ATOM}entry")
    assert len(entries) == priority.updates.count()


def test_a_correction_says_what_it_corrects_in_the_feed_and_the_lists_of_changes(client, seeded):
    priority = Priority.objects.get(slug="single-improvement-plan")
    day = priority.source.published_on
    week_on = day + datetime.timedelta(days=7)
    evidence = {"documents": [priority.source]}
    wrong = status_update_record(
        item=priority,
        status="not_achieved",
        rag="red",
        note="Typed in haste.",
        as_of=day,
        **evidence,
    )
    status_update_record(
        item=priority,
        status="in_progress",
        rag="amber",
        note="The last update was wrong.",
        as_of=week_on,
        corrects=wrong,
        **evidence,
    )

    first = feed_entries(client)[0]
    assert first.find(f"{ATOM}title").text == f"{priority}: In progress (Amber), a correction"
    assert (
        f"This corrects the update as of {day:%-d %B %Y} (Not achieved), which no longer counts."
    ) in first.find(f"{ATOM}summary").text

    # The dashboard's list of the latest changes marks both, each in its own row.
    def marks(response):
        return {
            update.note: (update.corrects_id is not None, update.corrected)
            for update in response.context["latest_changes"]
            if update.priority_id == priority.pk
        }

    latest = client.get("/")
    assert marks(latest)["Typed in haste."] == (False, True)
    assert marks(latest)["The last update was wrong."] == (True, False)
    text = main_text(latest)
    assert f"A correction of the update as of {day:%-d %B %Y} (Not achieved)." in text
    assert "Corrected since: it no longer counts." in text
    # On a day before the correction was dated, the update stood uncorrected.
    before = client.get("/", {"as_of": (week_on - datetime.timedelta(days=1)).isoformat()})
    assert marks(before) == {"Typed in haste.": (False, False)}
    assert "Corrected since" not in main_text(before)
