"""Dates known only to a year, a month or a day, as the sources give them.

A partial date is stored as two columns: the first day of the period it names and its
precision ("2013" is 2013-01-01 at year precision). Spans of time are half-open: a role
that ended "December 2013" is held until December begins, so for any day of that month
`role_on` gives the post its holder started "December 2013".
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


def precision_field(**kwargs):
    """Return the column that says how precisely its companion date is known."""
    kwargs.setdefault("max_length", 5)
    kwargs.setdefault("choices", Precision.choices)
    kwargs.setdefault("default", Precision.DAY)
    kwargs.setdefault("help_text", "How precisely the source gives the date.")
    return models.CharField(**kwargs)


def check_period_start(value, precision, field):
    """Raise ValidationError unless `value` is the first day of its stated period."""
    if value is None:
        return
    typed = f"{value:%d/%m/%Y}"  # as the admin's date boxes take it
    if precision == Precision.MONTH and value.day != 1:
        raise ValidationError(
            {
                field: f"This date is known to the month ({value:%B %Y}), so it is written as "
                f"the month's first day, {value.replace(day=1):%d/%m/%Y}. To give {typed}, "
                "set its precision to Day."
            }
        )
    if precision == Precision.YEAR and (value.month, value.day) != (1, 1):
        raise ValidationError(
            {
                field: f"This date is known to the year ({value.year}), so it is written as "
                f"01/01/{value.year}. To give {typed}, set its precision to Day."
            }
        )


@dataclass(frozen=True)
class PartialDate:
    """A date together with how precisely it is known."""

    value: datetime.date | None
    precision: str = Precision.DAY

    def __bool__(self):
        return self.value is not None

    def __str__(self):
        if self.value is None:
            return "Date not stated"
        if self.precision == Precision.YEAR:
            return str(self.value.year)
        if self.precision == Precision.MONTH:
            return self.value.strftime("%B %Y")
        return f"{self.value.day} {self.value:%B %Y}"

    @property
    def last_day(self):
        """Return the last day of the period: "by June 2014" means by 30 June 2014."""
        if self.value is None:
            return None
        if self.precision == Precision.YEAR:
            return self.value.replace(month=12, day=31)
        if self.precision == Precision.MONTH:
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=days)
        return self.value

    @property
    def iso(self):
        """Return the ISO form at the known precision: 2013, 2012-01 or 2014-03-27."""
        if self.value is None:
            return ""
        if self.precision == Precision.YEAR:
            return f"{self.value:%Y}"
        if self.precision == Precision.MONTH:
            return f"{self.value:%Y-%m}"
        return self.value.isoformat()


def parse_partial_date(text):
    """Return a PartialDate for "2013", "2012-01", "2014-03-27" or None/"" (not stated)."""
    if not text:
        return PartialDate(None)
    parts = text.split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(parts) == 1:
            return PartialDate(datetime.date(numbers[0], 1, 1), Precision.YEAR)
        if len(parts) == 2:
            return PartialDate(datetime.date(numbers[0], numbers[1], 1), Precision.MONTH)
        if len(parts) == 3:
            return PartialDate(datetime.date(*numbers), Precision.DAY)
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date like 2013, 2013-07 or 2013-07-19.")


# A day whose year has two digits: 2/7/14, 02-07-14, 02.07.14.
TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")


class DayField(forms.DateField):
    """A day typed in a form or a query string; one it cannot read is named in the message,
    with how to write it ("Enter a valid date." said neither): `written_as`, as the box
    shows days (the admin's calendar writes day/month/year)."""

    def __init__(self, *, written_as="year-month-day, for example 2014-05-23", **kwargs):
        super().__init__(**kwargs)
        self.written_as = written_as

    def to_python(self, value):
        shown = Truncator(str(value).strip()).chars(30)
        try:
            day = super().to_python(value)
        except ValidationError as error:
            # The value as a parameter: messages are %-formatted, and it may hold a "%".
            raise ValidationError(
                "“%(value)s” is not a date: write it as %(written_as)s.",
                code="invalid",
                params={"value": shown, "written_as": self.written_as},
            ) from error
        if isinstance(value, str) and TWO_DIGIT_YEAR.fullmatch(value.strip()):
            # The British formats read 02/07/14 as 2014, and 02/07/24 as 2024: one key
            # from a day that would stand in the record for good.
            raise ValidationError(
                "“%(value)s” gives the year in two digits: write it in full, as %(written_as)s.",
                code="two_digit_year",
                params={"value": shown, "written_as": self.written_as},
            )
        return day


class YearField(forms.IntegerField):
    """A year of four digits, from 1000 to 9999 (what the databases' date functions take);
    a value that is none is named in the message, where Django's said "Enter a whole
    number." or "Ensure this value is greater than or equal to 1000."."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1000, max_value=9999, **kwargs)

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text and not (len(text) == 4 and text.isascii() and text.isdigit() and text[0] != "0"):
            raise ValidationError(
                "“%(value)s” is not a year: give one from 1000 to 9999, for example 2008.",
                code="invalid",
                params={"value": Truncator(text).chars(30)},
            )
        return super().to_python(text)
