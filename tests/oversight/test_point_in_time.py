"""The record as it stood on a day, read from the append-only history; overdue and stale."""

import datetime

import pytest
from django.utils import timezone

from oversight.models import Priority, Recommendation, StatusUpdate
from oversight.services import tracked_item_save
from tests.pages import main_text

MARCH = datetime.date(2014, 3, 27)
MAY = datetime.date(2014, 5, 23)
DAY = datetime.timedelta(days=1)


def shown(item, day):
    """Return (status, rag, as_of) that `item` showed at the end of `day`."""
    row = type(item).objects.as_of(day).get(pk=item.pk)
    return row.shown_status, row.shown_rag, row.shown_as_of


@pytest.fixture
def priority(make_priority, make_status_update):
    """A priority assessed not started in March and in progress in May."""
    priority = make_priority()
    make_status_update(priority, status="not_started", rag="red", as_of=MARCH)
    make_status_update(priority, status="in_progress", rag="amber", as_of=MAY)
    return priority


def test_before_any_update_no_status_is_shown(priority):
    assert shown(priority, MARCH - DAY) == ("", "", None)


def test_on_the_day_of_an_update_it_is_shown(priority):
    assert shown(priority, MARCH) == ("not_started", "red", MARCH)


def test_between_updates_the_earlier_one_is_shown(priority):
    assert shown(priority, MAY - DAY) == ("not_started", "red", MARCH)


def test_today_and_no_day_both_show_the_current_status(priority):
    assert shown(priority, timezone.localdate()) == ("in_progress", "amber", MAY)
    assert shown(priority, None) == ("in_progress", "amber", MAY)


def test_a_correction_recorded_later_changes_what_the_record_shows_for_that_day(
    priority, make_status_update
):
    """The history is read by the day each update describes, as it is known now."""
    original = priority.updates.get(as_of=MARCH)
    make_status_update(
        priority,
        status="in_progress",
        rag="amber",
        as_of=MARCH,
        note="Correction: work had started in March.",
        corrects=original,
    )
    assert shown(priority, MARCH + DAY)[0] == "in_progress"


def test_recommendations_are_read_the_same_way(make_recommendation, make_status_update):
    recommendation = make_recommendation()
    make_status_update(recommendation, status="achieved", rag="green", as_of=MARCH)
    assert shown(recommendation, MARCH - DAY) == ("", "", None)
    assert shown(recommendation, MAY) == ("achieved", "green", MARCH)


def test_the_deadline_is_the_last_day_of_the_period_the_source_gives(make_priority):
    by_june = make_priority(due_on=datetime.date(2014, 6, 1), due_on_precision="month")
    by_2015 = make_priority(due_on=datetime.date(2015, 1, 1), due_on_precision="year")
    undated = make_priority()
    assert by_june.due_by == datetime.date(2014, 6, 30)
    assert by_2015.due_by == datetime.date(2015, 12, 31)
    assert undated.due_by is None


def test_the_deadline_follows_an_officers_edit_of_the_due_date(make_priority):
    priority = make_priority(due_on=datetime.date(2014, 6, 1), due_on_precision="month")
    priority.due_on = datetime.date(2014, 9, 1)
    tracked_item_save(item=priority, fields=["due_on"], expected_version=priority.version)
    assert Priority.objects.get(pk=priority.pk).due_by == datetime.date(2014, 9, 30)


def flags(item, day, stale_after_days=30):
    row = (
        type(item)
        .objects.as_of(day)
        .with_flags(day=day, stale_after_days=stale_after_days)
        .get(pk=item.pk)
    )
    return row.is_overdue, row.is_stale


@pytest.fixture
def due_in_june(make_priority, make_status_update):
    priority = make_priority(due_on=datetime.date(2014, 6, 1), due_on_precision="month")
    make_status_update(priority, status="in_progress", as_of=MAY)
    return priority


def test_a_priority_is_not_overdue_on_its_deadline_but_is_the_day_after(due_in_june):
    deadline = datetime.date(2014, 6, 30)
    assert flags(due_in_june, deadline, stale_after_days=365)[0] is False
    assert flags(due_in_june, deadline + DAY, stale_after_days=365)[0] is True


@pytest.mark.parametrize("status", ["achieved", "superseded"])
def test_a_closed_priority_is_never_overdue_or_stale(due_in_june, make_status_update, status):
    make_status_update(due_in_june, status=status, rag="green", as_of=MAY + DAY)
    assert flags(due_in_june, datetime.date(2020, 1, 1)) == (False, False)


def test_not_achieved_past_its_deadline_is_still_overdue(due_in_june, make_status_update):
    make_status_update(due_in_june, status="not_achieved", rag="red", as_of=MAY + DAY)
    assert flags(due_in_june, datetime.date(2014, 7, 1), stale_after_days=365)[0] is True


def test_a_priority_with_no_deadline_is_never_overdue(make_priority):
    assert flags(make_priority(), datetime.date(2030, 1, 1))[0] is False


def test_stale_after_exactly_the_configured_days_and_not_before(due_in_june):
    assert flags(due_in_june, MAY + 30 * DAY)[1] is False
    assert flags(due_in_june, MAY + 31 * DAY)[1] is True


def test_a_priority_never_updated_is_stale(make_priority):
    assert flags(make_priority(), MAY)[1] is True


def test_an_item_is_not_stale_until_it_has_been_in_the_record_that_long(
    make_priority, make_document
):
    set_on = datetime.date(2014, 3, 27)
    priority = make_priority(source=make_document(published_on=set_on))
    assert flags(priority, set_on + DAY)[1] is False
    assert flags(priority, set_on + 30 * DAY)[1] is False
    assert flags(priority, set_on + 31 * DAY)[1] is True
    assert flags(priority, datetime.date(2010, 1, 1))[1] is False


def test_an_item_whose_source_is_undated_is_stale_without_an_update(make_priority, make_document):
    undated = make_priority(source=make_document(published_on=None))
    assert flags(undated, MAY)[1] is True


def test_options_the_review_ruled_out_are_never_stale(make_recommendation):
    ruled_out = make_recommendation(outcome=Recommendation.Outcome.RULED_OUT)
    recommended = make_recommendation()
    assert flags(ruled_out, MAY) == (False, False)
    assert flags(recommended, MAY) == (False, True)


def test_overdue_is_judged_from_the_status_on_the_day(due_in_june, make_status_update):
    """Achieved in August: on 1 July it was still overdue, and the record says so."""
    make_status_update(due_in_june, status="achieved", rag="green", as_of=datetime.date(2014, 8, 1))
    assert flags(due_in_june, datetime.date(2014, 7, 1), stale_after_days=365)[0] is True
    assert flags(due_in_june, datetime.date(2014, 8, 1), stale_after_days=365)[0] is False


def test_each_change_knows_the_status_it_replaced(priority, make_status_update):
    make_status_update(priority, status="in_progress", rag="green", as_of=MAY)
    changes = StatusUpdate.objects.filter(priority=priority).with_previous_status()
    assert [(u.previous_status, u.status, u.rag) for u in changes] == [
        ("", "not_started", "red"),
        ("not_started", "in_progress", "amber"),
        ("in_progress", "in_progress", "green"),
    ]


def test_changes_since_a_day_are_those_dated_on_or_after_it(priority):
    since = StatusUpdate.objects.filter(priority=priority).since(MAY)
    assert [update.as_of for update in since] == [MAY]


def test_a_back_dated_update_recorded_since_a_day_is_listed_apart(make_priority):
    """Recorded after the meeting but dated before it: still news to that meeting."""
    priority = make_priority()
    meeting = datetime.date(2014, 6, 10)

    def recorded(as_of, on):
        at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        return StatusUpdate.objects.create(
            priority=priority,
            status="in_progress",
            rag="amber",
            as_of=as_of,
            note="Seen.",
            recorded_at=at,
        )

    seen = recorded(MAY, on=MAY)
    late = recorded(MAY + DAY, on=meeting)
    fresh = recorded(meeting, on=meeting)
    history = StatusUpdate.objects.filter(priority=priority)
    assert list(history.since(meeting)) == [fresh]
    assert list(history.backdated_since(meeting)) == [late]
    assert seen not in history.backdated_since(MAY + DAY)
    assert list(history.backdated_since(meeting + DAY)) == []


def test_the_seeded_improvement_plan_is_due_by_the_end_of_june_2014(seeded):
    assert Priority.objects.get(slug="single-improvement-plan").due_by == datetime.date(2014, 6, 30)


def move_deadline(priority, day, precision="month", today=None):
    """Move `priority`'s deadline as an officer's edit does, on `today` (the real today if
    None)."""
    priority.due_on, priority.due_on_precision = day, precision
    tracked_item_save(
        item=priority, fields=["due_on", "due_on_precision"], expected_version=priority.version
    )
    if today:  # the day the deadline was moved: as if done then
        priority.deadline_changes.update(changed_on=today)


def test_a_moved_deadline_is_judged_by_the_deadline_of_the_day_shown(due_in_june):
    august = datetime.date(2014, 8, 1)
    move_deadline(due_in_june, datetime.date(2014, 12, 1), today=datetime.date(2014, 9, 1))

    # On 1 August the deadline was June's, and the priority was overdue.
    then = Priority.objects.as_of(august).get(pk=due_in_june.pk)
    assert str(then.due) == "June 2014" and then.deadline_day == datetime.date(2014, 6, 30)
    assert flags(due_in_june, august, stale_after_days=365)[0] is True
    # From the day it was moved, December's stands.
    moved = datetime.date(2014, 9, 1)
    assert str(Priority.objects.as_of(moved).get(pk=due_in_june.pk).due) == "December 2014"
    assert flags(due_in_june, moved, stale_after_days=365)[0] is False
    # The deadline it replaced is kept, with the day it was moved.
    [change] = due_in_june.deadline_changes.all()
    assert (change.due_by, change.changed_on) == (datetime.date(2014, 6, 30), moved)


def test_a_deadline_moved_twice_stood_as_each_move_left_it(due_in_june):
    move_deadline(due_in_june, datetime.date(2014, 9, 1), today=datetime.date(2014, 7, 10))
    due_in_june.refresh_from_db()
    move_deadline(due_in_june, datetime.date(2014, 12, 1))  # today
    due_in_june.deadline_changes.filter(due_on__month=9).update(
        changed_on=datetime.date(2014, 10, 5)
    )
    shown = {
        day: str(Priority.objects.as_of(day).get(pk=due_in_june.pk).due)
        for day in (
            datetime.date(2014, 7, 1),
            datetime.date(2014, 8, 1),
            datetime.date(2014, 11, 1),
        )
    }
    assert shown == {
        datetime.date(2014, 7, 1): "June 2014",
        datetime.date(2014, 8, 1): "September 2014",
        datetime.date(2014, 11, 1): "December 2014",
    }
    assert str(Priority.objects.as_of(None).get(pk=due_in_june.pk).due) == "December 2014"


def test_an_edit_that_leaves_the_deadline_as_it_was_keeps_no_move(due_in_june):
    due_in_june.title = "Renamed"
    tracked_item_save(item=due_in_june, fields=["title"], expected_version=due_in_june.version)
    due_in_june.refresh_from_db()
    move_deadline(due_in_june, datetime.date(2014, 6, 1))  # as it was
    assert not due_in_june.deadline_changes.exists()


def test_the_lists_and_the_page_show_the_deadline_of_the_day_and_when_it_moved(client, seeded):
    priority = Priority.objects.get(slug="single-improvement-plan")
    assert str(priority.due) == "June 2014"
    move_deadline(priority, datetime.date(2014, 12, 1), today=datetime.date(2014, 9, 1))

    # The scrutiny member's question of the August meeting: overdue then, as it was.
    august = {"as_of": "2014-08-01", "overdue": "yes"}
    listed = client.get("/priorities/", august | {"format": "csv"}).content.decode()
    assert "single-improvement-plan" in listed and "2014-06" in listed
    page = main_text(client.get(priority.get_absolute_url(), {"as_of": "2014-08-01"}))
    assert "By June 2014: the deadline passed 32 days before 1 August 2014" in page
    assert "Moved on 1 September 2014 from by June 2014 to by December 2014." in page
    now = main_text(client.get(priority.get_absolute_url()))
    assert "By December 2014" in now
    assert "Moved on 1 September 2014 from by June 2014 to by December 2014." in now
    # Filtered by the deadline, the list reads the deadline of the day too.
    before_july = client.get(
        "/priorities/", {"as_of": "2014-08-01", "due_before": "2014-07-01", "format": "csv"}
    )
    assert "single-improvement-plan" in before_july.content.decode()
