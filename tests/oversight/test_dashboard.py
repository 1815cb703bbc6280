"""The scrutiny dashboard: status at a glance, overdue and stale, changes, the record on a day."""

import datetime
import re

import pytest
from django.utils import timezone

from oversight.dashboard import axis
from oversight.models import Priority, Recommendation
from oversight.services import status_update_record
from tests.pages import accessibility_problems, main_text, section


def test_dashboard_shows_every_priority_and_recommendation_with_status_and_confidence(
    client, seeded
):
    response = client.get("/")
    priorities = section(response, "The Commissioner's priorities")
    for priority in Priority.objects.all():
        assert priority.title in priorities
    assert (
        "A single and coherent improvement plan Overdue Stale Lord Norman Warner In progress Amber"
        in (priorities)
    )
    assert "By June 2014 23 May 2014" in priorities
    recommendations = section(response, "The Le Grand review's recommendations")
    assert "R1 A commissioner is appointed" in recommendations
    assert "Achieved Green confidence 27 March 2014" in recommendations
    assert "Ruled out Not tracked" in recommendations


def test_counts_by_status_link_to_the_filtered_lists(client, seeded):
    response = client.get("/")
    counts = section(response, "Items by status")
    assert "Not started 1 0 1" in counts
    assert "In progress 3 2 5" in counts
    assert "Achieved 0 1 1" in counts
    assert "No status recorded 0 0 0" in counts
    assert 'href="/priorities/?status=in_progress"' in response.content.decode()


def test_each_count_link_says_what_it_counts_to_a_screen_reader(client, seeded):
    """A screen reader's list of links would otherwise read "1", "1", "3" and "2"."""
    page = client.get("/").content.decode()
    assert 'aria-label="3 priorities: In progress">3</a>' in page
    assert 'aria-label="1 priority: Not started">1</a>' in page
    assert 'aria-label="1 recommendation: Achieved">1</a>' in page


def test_days_since_the_last_update_count_from_today(client, seeded, settings):
    response = client.get("/?as_of=2014-06-02")
    priorities = section(response, "The Commissioner's priorities")
    # 23 May to 2 June 2014.
    assert (
        "A five-year budget Lord Norman Warner Not started Amber confidence "
        "No date set 23 May 2014 10" in priorities
    )


def test_the_priority_past_its_deadline_is_overdue_today(client, seeded):
    overdue = section(client.get("/"), "Overdue")
    assert "3. A single and coherent improvement plan By June 2014 In progress" in overdue
    assert "Analyse children at risk" not in overdue


def test_nothing_is_overdue_on_the_deadline_itself(client, seeded):
    assert "Nothing is overdue on 30 June 2014" in section(
        client.get("/?as_of=2014-06-30"), "Overdue"
    )
    overdue = section(client.get("/?as_of=2014-07-01"), "Overdue")
    assert "A single and coherent improvement plan By June 2014 In progress Amber confidence 1" in (
        overdue
    )


def test_stale_items_are_those_not_updated_for_longer_than_the_setting(client, seeded, settings):
    settings.OVERSIGHT_STALE_AFTER_DAYS = 30
    on_the_day = section(client.get("/?as_of=2014-06-22"), "Stale")
    assert "Priority" not in on_the_day.split("Days since", 1)[1]
    assert "Recommendation R2 In progress Amber confidence 27 March 2014 87" in on_the_day
    day_after = section(client.get("/?as_of=2014-06-23"), "Stale")
    assert "Priority 1: Analyse children at risk" in day_after
    assert "23 May 2014 31" in day_after
    assert "Recommendation R1" not in day_after  # achieved: nothing more to do


def test_as_of_before_the_items_were_set_out_lists_none_and_says_whose_record_it_is(client, seeded):
    # The priorities and recommendations were set out on 27 March 2014. The day before, the
    # record held none of them: not seven items with "No status recorded".
    response = client.get("/?as_of=2014-03-26")
    text = main_text(response)
    assert "The record as it stood at the end of 26 March 2014" in text
    assert "No status recorded 0 0 0" in section(response, "Items by status")
    assert "No priority had been set out by the end of 26 March 2014" in text
    assert "No recommendation had been set out by the end of 26 March 2014" in text
    assert "Deadline:" not in section(response, "Deadlines and the latest events")
    assert "No status update is dated on or before 26 March 2014" in text
    assert "No status update is recorded yet" in section(response, "The ten most recent")


def test_items_are_listed_from_the_day_they_were_set_out(client, seeded):
    response = client.get("/?as_of=2014-03-27")
    priorities = section(response, "The Commissioner's priorities")
    assert all(priority.title in priorities for priority in Priority.objects.all())
    recommendations = section(response, "The Le Grand review's recommendations")
    assert all(f" {item.reference} " in recommendations for item in Recommendation.objects.all())


def test_as_of_between_updates_shows_the_status_then(client, seeded):
    response = client.get("/?as_of=2014-04-01")
    counts = section(response, "Items by status")
    assert "In progress 0 1 1" in counts and "Achieved 0 1 1" in counts
    assert "No status recorded 4 1 5" in counts
    latest = section(response, "The ten most recent")
    assert "Recommendation R1 No status to Achieved" in latest
    assert "Priority" not in latest.split("Recorded", 1)[1]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("", "Dashboard"),
        ("as_of=2014-05-01", "The record on 1 May 2014"),
        ("since=2014-05-01", "Dashboard: what changed since 1 May 2014"),
        ("as_of=2014-05-30&since=2014-05-01", "The record on 30 May 2014: what changed since"),
    ],
)
def test_the_window_title_says_which_day_and_which_changes_are_shown(client, seeded, query, title):
    page = client.get(f"/?{query}").content.decode()
    assert re.search(r"<title>(.*?)</title>", page, re.S)[1].startswith(title)


def test_nothing_is_stale_the_day_after_the_priorities_were_set(client, seeded):
    stale = section(client.get("/?as_of=2014-03-28"), "Stale")
    assert "Nothing is stale on 28 March 2014." in stale
    response = client.get("/priorities/?stale=yes&as_of=2014-03-28")
    assert list(response.context["object_list"]) == []


def test_as_of_today_is_the_record_as_it_stands(client, seeded):
    today = timezone.localdate().isoformat()
    for caption in ["Items by status", "The Commissioner's priorities", "Overdue", "Stale"]:
        now = section(client.get("/"), caption, with_caption=False)
        then = section(client.get(f"/?as_of={today}"), caption, with_caption=False)
        assert then == now


def test_since_lists_every_change_dated_on_or_after_the_day(client, seeded):
    response = client.get("/?since=2014-05-01")
    assert "What changed since 1 May 2014" in main_text(response)
    since = section(response, "Status updates dated on or after 1 May 2014")
    for title in ["Analyse children at risk", "Strengthen senior", "A five-year budget"]:
        assert title in since
    assert "Priority 4: A five-year budget No status to Not started Amber confidence" in since
    assert "Recommendation R3" in since
    assert "Recommendation R1" not in since


def test_since_also_lists_back_dated_updates_recorded_after_the_day(client, seeded):
    # The seed assessments were recorded when the record was loaded, today.
    backdated = section(client.get("/?since=2014-05-01"), "Back-dated")
    assert "Recommendation R1" in backdated and "Recommendation R2" in backdated
    assert "Seed record" in backdated


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "as_of=2014-02-30",
            "“2014-02-30” is not a date: write it as year-month-day, for example 2014-05-23.",
        ),
        ("as_of=yesterday", "“yesterday” is not a date"),
        ("since=99999-01-01", "“99999-01-01” is not a date"),
        ("as_of=0001-01-01", "Choose a day on or after 1 January 1900."),
        ("as_of=0001-03-31", "Choose a day on or after 1 January 1900."),
        ("as_of=9999-12-31", "the record cannot be shown for a day still to come"),
        ("since=1899-12-31", "Choose a day on or after 1 January 1900."),
        ("as_of=2014-04-01&since=2014-05-01", "Choose a date on or before the record"),
    ],
)
def test_a_bad_date_is_a_400_with_the_forms_message(client, seeded, query, message):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    text = main_text(response)
    assert "There is a problem with the dates" in text
    assert message in text
    assert "At a glance" not in text


def test_the_chart_draws_one_column_per_update_date_with_its_figures(client, seeded):
    response = client.get("/")
    svg = re.search(r"<svg.*?</svg>", response.content.decode(), re.S).group()
    assert svg.count("<g>") == 2
    assert "27 Mar 2014: 5 no status recorded" in svg
    assert "23 May 2014: 5 in progress" in svg
    figures = section(response, "The chart's figures")
    assert "27 March 2014 0 1 1 0 0 5" in figures
    assert "23 May 2014 1 5 1 0 0 0" in figures


def test_a_mistyped_year_put_right_leaves_no_trace_in_the_counts_or_the_chart(client, seeded):
    priority = Priority.objects.get(number=1)
    before = priority.status
    officer = {"no_evidence_reason": "Not yet published.", "rag": "green", "note": "Done."}
    wrong = status_update_record(
        item=priority, status="achieved", as_of=datetime.date(2024, 8, 1), **officer
    )
    status_update_record(
        item=priority,
        **officer | {"rag": "red", "note": "Meant 2014: not achieved."},
        status="not_achieved",
        as_of=datetime.date(2014, 8, 1),
        corrects=wrong,
    )

    for query in ({}, {"as_of": "2025-01-01"}):
        response = client.get("/", query)
        shown = {item.pk: item.shown_status for item in response.context["priorities"]}
        assert shown[priority.pk] == "not_achieved"
        svg = re.search(r"<svg.*?</svg>", response.content.decode(), re.S).group()
        assert "1 Aug 2014" in svg and "2024" not in svg
    # The mistyped update is listed as it came: from the status before it, not from the
    # correction dated before it.
    [listed] = [u for u in response.context["latest_changes"] if u.pk == wrong.pk]
    assert (listed.previous_status, listed.corrected) == (before, True)


def test_the_chart_s_axis_is_labelled_at_or_above_its_tallest_column(client, seeded):
    svg = re.search(r"<svg.*?</svg>", client.get("/").content.decode(), re.S).group()
    ticks = re.findall(r'<text class="chart-tick" x="34" y="([\d.]+)" dy="4"[^>]*>(\d+)<', svg)
    labels = {float(y): int(count) for y, count in ticks}
    recommended = Recommendation.objects.filter(outcome="recommended").count()
    tracked = Priority.objects.count() + recommended
    assert max(labels.values()) >= tracked == 7  # every column counts every tracked item
    top_line = min(labels)  # SVG's y grows downwards
    segment = r'<rect class="chart-[^"]*" x="[\d.]+" y="([\d.]+)"'
    column_tops = [float(y) for y in re.findall(segment, svg)]
    assert column_tops and min(column_tops) >= top_line


@pytest.mark.parametrize(
    ("items", "lines"),
    [(1, [0, 1]), (4, [0, 1, 2, 3, 4]), (7, [0, 2, 4, 6, 8]), (9, [0, 5, 10]), (99, [0, 50, 100])],
)
def test_the_chart_s_gridlines_are_round_numbers_up_to_the_first_past_the_count(items, lines):
    step, top = axis(items)
    assert list(range(0, top + 1, step)) == lines


def test_latest_statements_show_the_role_each_speaker_held_that_day(client, seeded):
    text = main_text(client.get("/"))
    statements = text.split("Latest statements", 1)[1].split("Key dates", 1)[0]
    assert "Peter Hay, Director of People, Birmingham City Council. 23 May 2014" in statements
    assert statements.index("23 May 2014") < statements.index("27 March 2014")


def test_key_dates_show_deadlines_and_inspection_ratings(client, seeded, make_timeline_event):
    dates = section(client.get("/"), "Deadlines and the latest events")
    assert "By June 2014 Deadline: A single and coherent improvement plan" in dates
    # A rating its event's title already gives is not given twice.
    assert "23 May 2014 Ofsted report published: inadequate" in dates
    assert "(rated" not in dates
    make_timeline_event(
        title="Ofsted inspection of children's services",
        rating="Requires improvement",
        occurred_on=datetime.date(2014, 6, 2),
        occurred_on_precision="day",
    )
    dates = section(client.get("/"), "Deadlines and the latest events")
    assert "2 June 2014 Ofsted inspection of children's services (rated Requires improvement)" in (
        dates
    )


def test_dashboard_markup_is_accessible(client, seeded):
    for url in ["/", "/?as_of=2014-04-01&since=2014-03-01", "/?as_of=bad"]:
        assert accessibility_problems(client.get(url)) == [], url


# The record version; priorities, recommendations, latest changes, statements, their
# speakers with their posts, key events, the chart's history.
DASHBOARD_QUERIES = 8
# Since adds the changes since the day and the back-dated ones.
DASHBOARD_SINCE_QUERIES = DASHBOARD_QUERIES + 2
# A page cached at the current record version: the version alone.
DASHBOARD_CACHED_QUERIES = 1


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, seeded, grow_the_record, django_assert_num_queries
):
    urls = {"/": DASHBOARD_QUERIES, "/?as_of=2014-05-01&since=2014-04-01": DASHBOARD_SINCE_QUERIES}
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            client.get(url)
    grow_the_record(50)
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            response = client.get(url)
    assert len(response.context["priorities"]) == 4 + 4 * 50


def test_a_repeated_dashboard_is_served_from_the_cache_at_any_size(
    client, seeded, grow_the_record, django_assert_num_queries
):
    grow_the_record(50)
    first = client.get("/")
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        again = client.get("/")
    assert again.content == first.content
    assert "Bulk priority" in section(again, "The Commissioner's priorities")


def test_long_tables_show_their_first_rows_and_link_to_the_whole_list(
    client, seeded, grow_the_record
):
    grow_the_record(50)
    response = client.get("/")
    priorities = section(response, "The Commissioner's priorities")
    assert priorities.count("Bulk priority") == 50 - 4
    text = main_text(response)
    assert f"The first 50 of {Priority.objects.count()}: every priority." in text
    assert f"The first 50 of {Recommendation.objects.count()}: every recommendation." in text
    assert 'href="/priorities/">every priority</a>' in response.content.decode()


def test_counts_of_days_past_a_thousand_group_their_thousands(client, seeded):
    """Read aloud or at a glance, 1,134 is a number of days; 1134 looks like a year."""
    response = client.get("/?as_of=2017-06-30")
    assert (
        "A single and coherent improvement plan By June 2014 In progress Amber confidence 1,096"
        in (section(response, "Overdue"))
    )
    assert "Recommendation R2 In progress Amber confidence 27 March 2014 1,191" in section(
        response, "Stale"
    )
    priorities = section(response, "The Commissioner's priorities")
    assert "A five-year budget Stale Lord Norman Warner Not started Amber confidence " in priorities
    assert priorities.endswith("No date set 23 May 2014 1,134")
