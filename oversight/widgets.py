"""Form widgets whose HTML stays valid whatever value they are given back.

A filter form is shown again, with its error message, when a value does not validate. A
native date or number input may only carry a value of its own type (the HTML standard;
the Nu HTML Checker holds us to it), and a browser shows any other value as empty anyway,
so these put back only what their input can hold; the message says what was wrong.
"""

import contextlib
import datetime
import re
from html import escape as html_escape

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# HTML's "valid floating-point number".
NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?")


class DatePicker(forms.DateInput):
    """A native date picker that shows and accepts ISO dates (2014-05-01).

    A day the field read in another of the forms it takes (01/05/2014 in an address, as
    day/month/year) is shown as the day it was read as, so that the filter in force shows.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            # Not a day: left empty below, beside the field's message.
            with contextlib.suppress(ValidationError):
                value = forms.DateField().to_python(value) or value
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


def html_attributes(attrs):
    """Return attributes as Django's attrs.html writes them: True bare, False left out.

    Not django.forms.utils.flatatt, which orders them otherwise and leaves out None.
    """
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def escape(text):
    """Escape as Django's templates do (it is html.escape), without making a SafeString."""
    return html_escape(str(text))


class QuickSelect(forms.Select):
    """A `<select>` written in Python, with the same markup as Django's own.

    Django draws each option through a template of its own, which for a list of 300
    organisations was half of the statement search page's time (10 ms against 0.3 ms).
    Options are escaped as the templates escape them; as in Django, only the first option
    holding the value is selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        values = set(self.format_value(value))
        lines = [f'<select name="{escape(name)}"{html_attributes(attrs)}>']
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                lines.append(f'<optgroup label="{escape(group_value)}">')
                lines.extend(self.option(*choice, values) for choice in group_label)
                lines.append("</optgroup>")
            else:
                lines.append(self.option(group_value, group_label, values))
        lines.append("</select>")
        return mark_safe("\n".join(lines))

    @staticmethod
    def option(value, label, values):
        value = "" if value is None else str(value)
        selected = value in values
        if selected:
            values.clear()  # the first match only, as Django's optgroups()
        return (
            f'<option value="{escape(value)}"{" selected" if selected else ""}>'
            f"{escape(label)}</option>"
        )
