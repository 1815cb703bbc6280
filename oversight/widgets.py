"""Form widgets whose HTML stays valid whatever value they are given back.

A filter form is shown again, with its error message, when a value does not validate. A
native date or number input may only carry a value of its own type (the HTML standard;
the Nu HTML Checker holds us to it), and a browser shows any other value as empty anyway,
so these put back only what their input can hold; the message says what was wrong.
"""

import datetime
import re

from django import forms

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# HTML's "valid floating-point number".
NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?")


class DatePicker(forms.DateInput):
    """A native date picker that shows and accepts ISO dates (2014-05-01)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        if value is None or not ISO_DATE.fullmatch(value):
            return None
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return None
        return value


class NumberPicker(forms.NumberInput):
    """A native number input that puts back only a number."""

    def format_value(self, value):
        value = super().format_value(value)
        return value if value is not None and NUMBER.fullmatch(str(value)) else None
