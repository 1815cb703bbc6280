"""The public page that says what each status, flag and date of the record means."""

import datetime

import pytest

from oversight.models import CLOSED_STATUSES, Priority, Status
from tests.pages import main_text, section

ADDRESS = "/how-to-read/"


def test_every_status_is_explained_and_says_whether_it_closes_an_item(client, db):
    statuses = section(client.get(ADDRESS), "The statuses an item can have")
    rows = statuses.split("What it means Open or closed ")[1]
    for status, label in Status.choices:
        after = rows.split(label, 1)[1]
        closes = "Closed: never overdue or stale" if status in CLOSED_STATUSES else "Open"
        assert after.split(".", 1)[1].lstrip().startswith(closes), label
    none = "No update has been recorded yet, or on a past day, none dated by then. Open"
    assert f"No status recorded {none}" in rows


def test_not_achieved_is_said_to_stay_open(client, db):
    text = main_text(client.get(ADDRESS))
    assert "“Not achieved” is an assessment, not an ending: the item stays open" in text


@pytest.mark.parametrize("days", [30, 90])
def test_stale_is_explained_with_the_days_the_site_counts(client, db, settings, days):
    settings.OVERSIGHT_STALE_AFTER_DAYS = days
    text = main_text(client.get(ADDRESS))
    assert f"An open item with no update dated in the last {days} days" in text


def test_the_dashboard_and_every_page_s_footer_link_to_it(client, seeded):
    dashboard = client.get("/").content.decode()
    assert '<a href="/how-to-read/">how to read the record</a>' in dashboard
    for address in ["/priorities/", "/statements/", "/people/peter-hay/"]:
        page = client.get(address).content.decode()
        assert '<a href="/how-to-read/">How to read the record</a>' in page, address


def test_what_it_says_of_an_update_recorded_late_is_what_an_item_s_page_does(
    client, seeded, make_status_update
):
    text = main_text(client.get(ADDRESS))
    assert "An item's status is that of its update dated latest, whenever it was recorded" in text
    priority = Priority.objects.get(slug="children-at-risk-unknown")  # latest dated 23 May
    make_status_update(
        priority, status="achieved", rag="green", as_of=datetime.date(2014, 4, 1), note="Late."
    )
    page = main_text(client.get(priority.get_absolute_url()))
    assert "Current status In progress Amber confidence" in page


def test_it_says_which_pages_show_a_past_day_and_the_others_take_no_as_of(client, seeded):
    text = main_text(client.get(ADDRESS))
    assert "The timeline, the documents, the people and the statement search always show" in text
    assert "use their date filters" not in text  # the people have none
    for address in ["/timeline/", "/documents/", "/people/", "/statements/?q=children"]:
        assert client.get(address, {"as_of": "2010-01-01"}).status_code == 400, address
