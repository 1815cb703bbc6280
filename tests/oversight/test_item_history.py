"""An item's public page shows its history a page at a time, the latest page first."""

import datetime

import pytest

from oversight import views
from oversight.models import Priority
from tests.pages import main_text, section

DAY = datetime.date(2014, 6, 1)


@pytest.fixture
def long_history(seeded, make_status_update, monkeypatch):
    """The single improvement plan with seven more updates, three to a page of its history.

    Its seed update is dated 23 May 2014; the seven are dated 1 to 7 June, noted by day.
    """
    monkeypatch.setattr(views, "HISTORY_PER_PAGE", 3)
    priority = Priority.objects.get(slug="single-improvement-plan")
    for day in range(1, 8):
        make_status_update(
            priority,
            status="in_progress",
            as_of=DAY.replace(day=day),
            note=f"Update of {day} June.",
        )
    return priority


def notes(response):
    history = section(response, "Status history")
    return [day for day in range(1, 8) if f"Update of {day} June." in history]


def test_a_long_history_opens_on_its_latest_updates_oldest_first(client, long_history):
    response = client.get(long_history.get_absolute_url())
    assert notes(response) == [5, 6, 7]
    history = section(response, "Status history")
    assert history.index("5 June 2014") < history.index("7 June 2014")
    text = main_text(response)
    assert "Status history, oldest first: updates 6 to 8 of 8" in text
    assert "Page 1 of 3 of the history, 3 updates a page, the latest first." in text
    assert "Later updates" not in text


def test_earlier_updates_are_a_link_away_and_the_oldest_page_holds_the_rest(client, long_history):
    page = client.get(long_history.get_absolute_url()).content.decode()
    assert 'href="?history_page=2#history" rel="next">Earlier updates</a>' in page
    second = client.get(f"{long_history.get_absolute_url()}?history_page=2")
    assert notes(second) == [2, 3, 4]
    oldest = client.get(f"{long_history.get_absolute_url()}?history_page=3")
    assert notes(oldest) == [1]
    assert "23 May 2014" in section(oldest, "Status history")
    text = main_text(oldest)
    assert "updates 1 to 2 of 8" in text
    assert "Earlier updates" not in text and "Later updates" in text


def test_a_history_on_a_day_pages_through_the_updates_dated_by_then(client, long_history):
    address = f"{long_history.get_absolute_url()}?as_of=2014-06-04"
    response = client.get(address)
    assert notes(response) == [2, 3, 4]
    text = main_text(response)
    assert "the updates dated by 4 June 2014, updates 3 to 5 of 5" in text
    assert "3 later updates, dated after 4 June 2014, are not shown" in text
    page = response.content.decode()
    assert 'href="?as_of=2014-06-04&amp;history_page=2#history"' in page


@pytest.mark.parametrize("page", ["4", "0004", "99999999999999999999"])
def test_a_history_page_past_the_oldest_is_not_found_and_says_how_many_there_are(
    client, long_history, page
):
    response = client.get(f"{long_history.get_absolute_url()}?history_page={page}")
    assert response.status_code == 404
    text = main_text(response)
    assert f"There is no page {int(page):,} of this history: it has 3 pages." in text
    assert "may now be shorter" not in text  # a history only grows


def test_the_last_page_of_a_history_is_its_oldest(client, long_history):
    response = client.get(f"{long_history.get_absolute_url()}?history_page=last")
    assert notes(response) == [1]


@pytest.mark.parametrize("page", ["0", "1.5", "two"])
def test_a_history_page_that_is_no_number_is_a_400_over_the_latest_updates(
    client, long_history, page
):
    response = client.get(f"{long_history.get_absolute_url()}?history_page={page}")
    assert response.status_code == 400
    text = main_text(response)
    assert (
        f"The page of the history: “{page}” is not a page number: give a whole number from 1. "
        "The page shows the record as it stands now."
    ) in text
    assert notes(response) == [5, 6, 7]


def test_a_short_history_is_one_page_with_no_page_links(client, seeded):
    priority = Priority.objects.get(slug="single-improvement-plan")
    text = main_text(client.get(priority.get_absolute_url()))
    assert "Status history, oldest first As of" in text
    assert "of the history" not in text and "Earlier updates" not in text


def test_a_correction_links_the_update_it_corrects_only_where_the_page_shows_it(
    client, long_history, make_status_update
):
    first = long_history.updates.get(note="Update of 1 June.")
    correction = make_status_update(
        long_history, as_of=DAY.replace(day=7), note="Correcting the 1st.", corrects=first
    )
    page = client.get(long_history.get_absolute_url()).content.decode()
    assert f'id="status-update-{correction.pk}"' in page
    assert "Corrects the update dated 1 June 2014" in page
    assert f'href="#status-update-{first.pk}"' not in page  # it is on a page of its own


def test_a_corrected_update_says_which_update_corrects_it(client, long_history, make_status_update):
    sixth = long_history.updates.get(note="Update of 6 June.")
    correction = make_status_update(
        long_history,
        status="not_achieved",
        as_of=DAY.replace(day=6),
        note="The 6 June update was wrong.",
        corrects=sixth,
    )
    history = section(client.get(long_history.get_absolute_url()), "Status history")
    # On the corrected row, which the page shows, linked to the correction beside it.
    assert "Update of 6 June. Corrected by the update dated 6 June 2014 (Not achieved)." in (
        history
    )
    page = client.get(long_history.get_absolute_url()).content.decode()
    assert f'Corrected by <a href="#status-update-{correction.pk}">' in page
    assert "2014</a> (Not achieved).</span>" in page  # no break before the full stop


def test_a_correction_dated_later_is_said_where_it_is_in_the_record_shown(
    client, long_history, make_status_update
):
    fifth = long_history.updates.get(note="Update of 5 June.")
    make_status_update(
        long_history, as_of=DAY.replace(day=7), note="The 5th was wrong.", corrects=fifth
    )
    # Now: the 5 June update is on the second page, its correction on the first.
    page_two = section(client.get(f"{long_history.get_absolute_url()}?history_page=2"), "Status")
    assert "Update of 5 June. Corrected by the update dated 7 June 2014 (In progress)." in page_two
    # The record as it stood on 5 June: the correction, dated 7 June, is not in it.
    then = section(client.get(f"{long_history.get_absolute_url()}?as_of=2014-06-05"), "Status")
    assert "Update of 5 June." in then and "Corrected by" not in then


def test_a_bad_day_still_turns_the_history_s_pages(client, long_history):
    response = client.get(f"{long_history.get_absolute_url()}?as_of=someday&history_page=2")
    assert response.status_code == 400
    assert notes(response) == [2, 3, 4]


@pytest.mark.parametrize(
    "query", ["asof=2014-05-01&history_page=9", "as_of=2014-02-30&history_page=9"]
)
def test_a_bad_address_asking_a_page_past_the_oldest_shows_its_problem_not_a_404(
    client, long_history, query
):
    response = client.get(f"{long_history.get_absolute_url()}?{query}")
    assert response.status_code == 400
    assert "There is a problem with this address" in main_text(response)
    assert notes(response) == [5, 6, 7]
