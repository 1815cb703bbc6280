import datetime

import pytest

from oversight.dates import PartialDate, parse_partial_date


@pytest.mark.parametrize(
    ("text", "shown", "last_day"),
    [
        ("2013", "2013", datetime.date(2013, 12, 31)),
        ("2012-01", "January 2012", datetime.date(2012, 1, 31)),
        ("2014-06", "June 2014", datetime.date(2014, 6, 30)),
        ("2014-03-27", "27 March 2014", datetime.date(2014, 3, 27)),
    ],
)
def test_partial_dates_keep_their_precision(text, shown, last_day):
    date = parse_partial_date(text)
    assert (str(date), date.last_day, date.iso) == (shown, last_day, text)


def test_an_unstated_date_says_so():
    assert str(parse_partial_date(None)) == "Date not stated"
    assert not PartialDate(None)


@pytest.mark.parametrize("text", ["2014-13", "March 2014", "2014-02-30", "2014-1-1-1"])
def test_a_malformed_date_is_refused(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("precision", "message"),
    [
        (
            "month",
            "This date is known to the month (June 2014), so it is written as the month's "
            "first day, 01/06/2014. To give 30/06/2014, set its precision to Day.",
        ),
        (
            "year",
            "This date is known to the year (2014), so it is written as 01/01/2014. "
            "To give 30/06/2014, set its precision to Day.",
        ),
    ],
)
def test_a_date_known_to_the_month_or_year_is_its_first_day_and_the_message_says_how(
    make_priority, precision, message
):
    from django.core.exceptions import ValidationError

    priority = make_priority(due_on=datetime.date(2014, 6, 30), due_on_precision=precision)
    with pytest.raises(ValidationError) as refused:
        priority.full_clean()
    assert refused.value.message_dict["due_on"] == [message]


def test_a_deadline_year_is_checked_where_the_deadline_is_given_and_only_there(make_priority):
    """An import or a form that leaves the deadline out saves what it does give, even for
    a priority whose deadline was stored before the years were checked."""
    from django.core.exceptions import ValidationError

    priority = make_priority(due_on=datetime.date(2014, 6, 1), due_on_precision="month")
    priority.due_on = datetime.date(1, 6, 1)
    with pytest.raises(ValidationError, match="1 June 1 cannot be this priority's deadline"):
        priority.full_clean()
    priority.title = "Renamed"
    priority.full_clean(exclude=["due_on"])
