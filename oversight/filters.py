"""Filters for the public lists of the oversight record, and the point-in-time form.

Every filter is a GET parameter, so a filtered view is a shareable address. Values that do
not validate are reported by the form and answered with a 400 (see `FilteredListView`).
"""

import datetime
import difflib
import functools
import importlib

import django_filters
import django_filters.constants
import django_filters.fields
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from drf_spectacular.utils import extend_schema_field

from oversight.dates import DayField, PartialDate, Precision, YearField
from oversight.models import Priority, Recommendation, Status, TimelineEvent
from oversight.record_cache import RecordCache
from oversight.widgets import DatePicker, NumberPicker, QuickSelect
from people.models import Person

NO_STATUS = "none"
STATUS_CHOICES = [*Status.choices, (NO_STATUS, "No status recorded")]
YES_NO = [("yes", "Yes"), ("no", "No")]


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is made once, not again for every request.

    django-filter makes a Form class from the filters' form fields for each FilterSet it
    builds. None of ours depends on the request, and each form deep-copies its class's
    fields, so one class serves every request (about 1 ms of a search page's CPU).
    """

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            if not issubclass(form_class, FilterForm):
                form_class = type(form_class.__name__, (FilterForm, form_class), {})
            type(self)._form_class = form_class
        return form_class


class LabelledChoiceField(django_filters.fields.ChoiceField):
    """A choice that, given the label a page shows for a value (`In progress`), says which
    value to give (`in_progress`), where Django's message says only that it is no choice."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError:
            for choice, label in self.choices:
                if choice and str(label).casefold() == str(value).strip().casefold():
                    raise ValidationError(
                        f"“{value}” is how the site shows {choice}: give {choice}.",
                        code="invalid_choice",
                    ) from None
            raise


class ChoiceFilter(django_filters.ChoiceFilter):
    """A choice in a QuickSelect: the same markup, drawn without a template per option.

    A value that is not one of a fixed list of choices is answered with the list: a
    script's author typing `kind=Direct quote` learns to send `direct_quote`.
    """

    field_class = LabelledChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        choices = kwargs.get("choices")
        if isinstance(choices, list | tuple) and choices:
            values = ", ".join(str(value) for value, _ in choices)
            kwargs.setdefault(
                "error_messages",
                {"invalid_choice": f"Select a valid choice: “%(value)s” is not one of {values}."},
            )
        else:  # the record's own list, too long to repeat
            kwargs.setdefault("error_messages", not_listed(kwargs.get("empty_label")))
        super().__init__(*args, **kwargs)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of rows in a QuickSelect."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        kwargs.setdefault("error_messages", not_listed(kwargs.get("empty_label")))
        super().__init__(*args, **kwargs)


def not_listed(empty_label):
    """Return the error messages of a choice among the record's rows, which says what to do
    where Django's says only that the choice is not valid."""
    instead = f", or “{empty_label}”" if empty_label else ""
    return {
        "invalid_choice": f"“%(value)s” is not in this filter's list: choose one listed{instead}."
    }


class DayFilter(django_filters.DateFilter):
    """A day; one that does not read is named in the message (`DayField`)."""

    field_class = DayField


class DateFilter(DayFilter):
    """A day, in a native date picker."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DatePicker())
        super().__init__(*args, **kwargs)


class ReachingDayMixin:
    """A day that a partial date's period must reach: a date known only to its month or
    year is in if its month or year ends on or after the day, since it may fall then.

    For "said on or after": words of "March 2014" may have been said on 20 March.
    `field_name` is the date, `precision_field` the column that says how it is known.
    """

    def __init__(self, *args, precision_field, **kwargs):
        super().__init__(*args, **kwargs)
        self.precision_field = precision_field

    def filter(self, queryset, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return queryset
        return queryset.filter(reaching(self.field_name, self.precision_field, value))


def reaching(field, precision_field, day):
    """Return the condition: the period `field` (at `precision_field`) names ends on or
    after `day`. Each date is its period's first day (oversight.dates.check_period_start)."""
    return (
        Q(**{f"{field}__gte": day})
        | Q(**{precision_field: Precision.MONTH, f"{field}__gte": day.replace(day=1)})
        | Q(**{precision_field: Precision.YEAR, f"{field}__gte": day.replace(month=1, day=1)})
    )


class ReachingDayFilter(ReachingDayMixin, DayFilter):
    pass


class ReachingDateFilter(ReachingDayMixin, DateFilter):
    pass


@extend_schema_field({"type": "integer", "minimum": 1000, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    """A four-digit year: a whole number the database's date functions can take."""

    field_class = YearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", NumberPicker())
        super().__init__(*args, **kwargs)


def reference_day(as_of):
    """Return the day overdue and stale are judged from: `as_of`, or today."""
    return as_of or timezone.localdate()


# No record the site holds goes back further; it also keeps "stale" (a number of days
# before the chosen day) inside the dates Python and the databases can count.
EARLIEST_RECORD_DAY = datetime.date(1900, 1, 1)


def validate_record_day(day):
    """Refuse a day the record cannot be shown for: before 1900, or still to come."""
    if day < EARLIEST_RECORD_DAY:
        raise ValidationError("Choose a day on or after 1 January 1900.", code="too_early")
    today = timezone.localdate()
    if day > today:
        raise ValidationError(
            f"Choose a day no later than today, {PartialDate(today)}: "
            "the record cannot be shown for a day still to come.",
            code="future",
        )


class FilterForm(forms.Form):
    """A filters' form (or a page's `as_of`) that takes one value for each field, and says
    so when an address gives a parameter the page does not take but seems to mean one.

    An address that gives a filter twice with two values (`?kind=direct_quote&kind=reported`,
    made by hand or by a script) would otherwise be read with its last value and nothing
    said: a list that is not the one the address seems to ask for. The same value twice,
    or an empty one beside a value, means one value and is taken.

    So would an address with a parameter the page does not take (fields and `also_takes`)
    but which reads as a filter: today's status, or the whole list, as if for the day or
    filter asked. Such a parameter is refused (unknown_parameter): the page's own name
    written otherwise (`asOf`), a filter of another page of the site (`overdue` on the
    recommendations, `as_of` on the timeline) or a name alike one the page takes (`stauts`).
    Any other is let be: a shared link's `fbclid` is no filter.
    """

    # What the page takes besides the form's fields: a list's page, the API's page size.
    also_takes = frozenset({"page", "page_size", "format"})

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)  # a plain dict gives one value each
        for name in self.fields if getlist else ():
            if problem := several_values(name, getlist(name)):
                self.add_error(name, problem)
        taken = [*self.fields, *self.also_takes]
        # One given empty (a form sent with a box it no longer has) is no filter.
        for given in given_a_value(self.data):
            if given not in taken and (problem := unknown_parameter(given, taken, self.fields)):
                field, message = problem
                self.add_error(field, message)
        return cleaned


def given_a_value(data):
    """Return the names `data` (a QueryDict or a dict) gives a value: one given empty
    (`?sort=`, as a form sends a box left empty) asks for nothing."""
    getlist = getattr(data, "getlist", lambda name: [data[name]])
    return [name for name in data if any(getlist(name))]


def letters(name):
    """Return a parameter name as its letters alone: `asOf` and `as-of` are `asof`."""
    return name.lower().replace("_", "").replace("-", "")


# Names a person or a script may well write for a filter (as their letters alone), and the
# filters each means, on the pages that take one: told "did you mean", as the page's own
# name written otherwise is. On a page that takes none, they are refused all the same.
# Not `s`: a shared post's link carries it (`?s=20`).
OTHER_NAMES = {
    "query": ("q",),
    "search": ("q",),
    "keywords": ("q",),
    "speaker": ("person",),
    "saidby": ("person",),
    "date": ("as_of",),
    "day": ("as_of",),
    "from": ("date_from", "published_from", "year_from"),
    "to": ("date_to", "published_to", "year_to"),
}


def unknown_parameter(given, taken, fields):
    """Return (field or None, message) refusing the parameter `given` to a page that takes
    `taken` (its form's `fields` first), or None to let it be (see FilterForm).

    A name that is one of `taken` written otherwise is told which, on its field. Any other
    refused is told what the page takes, not a guess: alike names are often not meant
    (`published` is not `publisher`, `state` not `stale`).
    """
    by_letters = {letters(name): name for name in taken}
    meant = by_letters.get(letters(given))
    other_name = OTHER_NAMES.get(letters(given), ())
    meant = meant or next((name for name in other_name if name in taken), None)
    if meant is not None:
        field = meant if meant in fields else None
        return field, f"This address takes no “{given}”: did you mean {meant}?"
    if given.startswith("utm_") or len(given) > 100:
        return None
    alike = difflib.get_close_matches(letters(given), by_letters, n=1, cutoff=0.8)
    if given in site_filter_names() or other_name or alike:
        shown = Truncator(given).chars(40)
        return None, f"This address takes no “{shown}”: it takes {', '.join(fields)}."
    return None


@functools.cache
def site_filter_names():
    """Return the name of every filter of the site's pages and API, and the days the
    dashboard takes: a parameter no page takes is no filter (a shared link's `fbclid`)."""

    def subclasses(cls):
        for subclass in cls.__subclasses__():
            yield subclass
            yield from subclasses(subclass)

    importlib.import_module(settings.ROOT_URLCONF)  # every page's and the API's filters
    names = {"as_of", "since"}
    for filterset in subclasses(django_filters.FilterSet):
        names |= set(filterset.base_filters)
    return frozenset(names)


def several_values(name, values):
    """Return what is wrong with an address giving `name` the `values`, if they are two
    or more: None for one value, the same value twice or an empty one beside a value."""
    values = list(dict.fromkeys(value for value in values if value != ""))
    if len(values) < 2:
        return None
    given = ", ".join(f"“{Truncator(value).chars(40)}”" for value in values)
    return f"This address gives {name} {len(values)} values ({given}): give one."


class RangeForm(FilterForm):
    """A filter form whose `ranges`, pairs of (first, last) field names, must be in order.

    A range given backwards can match nothing: rather than an empty list, the form says so.
    """

    ranges = []

    def clean(self):
        cleaned = super().clean()
        for first, last in self.ranges:
            start, end = cleaned.get(first), cleaned.get(last)
            if start is not None and end is not None and start > end:
                shown = PartialDate(start) if isinstance(start, datetime.date) else start
                noun = "date" if isinstance(start, datetime.date) else "year"
                label = self.fields[first].label
                self.add_error(last, f"Choose a {noun} on or after {shown}, as given in “{label}”.")
        return cleaned


class AsOfForm(FilterForm):
    """A priority's or recommendation's page as it stood at the end of a day."""

    also_takes = frozenset({"history_page"})

    as_of = DayField(
        required=False,
        label="Show it as it stood at the end of",
        help_text="Leave empty for the record as it stands now.",
        widget=DatePicker(),
        validators=[validate_record_day],
    )


class PointInTimeForm(FilterForm):
    """The dashboard's `as_of` and `since`: the record on a day, and changes since one."""

    also_takes = frozenset()

    as_of = DayField(
        required=False,
        label="Show the record as it stood at the end of",
        help_text="Leave empty for the record as it stands now.",
        widget=DatePicker(),
        validators=[validate_record_day],
    )
    since = DayField(
        required=False,
        label="List status changes since",
        help_text="For example, the date of the last committee meeting.",
        widget=DatePicker(),
        validators=[validate_record_day],
    )

    def clean(self):
        cleaned = super().clean()
        as_of, since = cleaned.get("as_of"), cleaned.get("since")
        if as_of and since and since > as_of:
            self.add_error("since", "Choose a date on or before the record's date.")
        return cleaned


class TrackedItemFilterSet(FilterSet):
    """Filters shared by priorities and recommendations, on the status shown for `as_of`."""

    as_of = DateFilter(
        label="Show the record as it stood at the end of",
        method="filter_as_of",
        help_text="Leave empty for the record as it stands now.",
        validators=[validate_record_day],
    )
    status = ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", empty_label="Any status")

    def filter_queryset(self, queryset):
        # Every other filter reads the status the item had on the chosen day.
        as_of = self.form.cleaned_data.get("as_of")
        if as_of:
            queryset = queryset.set_out_by(as_of)
        queryset = queryset.as_of(as_of).with_flags(
            day=reference_day(as_of), stale_after_days=settings.OVERSIGHT_STALE_AFTER_DAYS
        )
        return super().filter_queryset(queryset)

    def filter_as_of(self, queryset, name, value):
        return queryset  # Applied first, in filter_queryset.

    def filter_status(self, queryset, name, value):
        return queryset.filter(shown_status="" if value == NO_STATUS else value)

    def filter_flag(self, queryset, name, value):
        """Overdue or stale, as judged on the day shown (filter_queryset's flags)."""
        return queryset.filter(**{f"is_{name}": value == "yes"})


def commissioners():
    """Return (slug, name) for each person who commissions a priority, by name."""
    people = Person.objects.filter(priorities__isnull=False).distinct().order_by("name")
    return [(person.slug, str(person)) for person in people]


class PriorityRangeForm(RangeForm):
    ranges = [("due_after", "due_before")]


class PriorityFilterForm(PriorityRangeForm):
    """The priority filters' form: its commissioners from the cache until the record changes.

    Listing them was a DISTINCT over every priority on every page of the list.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_cache = RecordCache()
        self.fields["commissioner"].choices = lambda: self.record_cache.get(
            "priority-commissioners", commissioners
        )


class PriorityFilterSet(TrackedItemFilterSet):
    rag = ChoiceFilter(
        label="RAG confidence",
        choices=Priority.Rag.choices,
        field_name="shown_rag",
        empty_label="Any confidence",
    )
    overdue = ChoiceFilter(
        label="Overdue", choices=YES_NO, method="filter_flag", empty_label="Either"
    )
    stale = ChoiceFilter(label="Stale", choices=YES_NO, method="filter_flag", empty_label="Either")
    commissioner = ChoiceFilter(
        label="Commissioner",
        choices=(),  # PriorityFilterForm fills them in
        field_name="commissioner__slug",
        empty_label="Any commissioner",
    )
    # The deadline as it stood on the day shown (TrackedItemQuerySet.deadline_as_of).
    due_after = DateFilter(
        label="Deadline on or after", field_name="shown_due_by", lookup_expr="gte"
    )
    due_before = DateFilter(
        label="Deadline on or before", field_name="shown_due_by", lookup_expr="lte"
    )

    class Meta:
        model = Priority
        fields = []
        form = PriorityFilterForm


class RecommendationFilterSet(TrackedItemFilterSet):
    outcome = ChoiceFilter(choices=Recommendation.Outcome.choices, empty_label="Any outcome")
    rag = ChoiceFilter(
        label="RAG confidence",
        choices=Recommendation.Rag.choices,
        field_name="shown_rag",
        empty_label="Any confidence",
    )
    stale = ChoiceFilter(label="Stale", choices=YES_NO, method="filter_flag", empty_label="Either")

    class Meta:
        model = Recommendation
        fields = []

    def filter_status(self, queryset, name, value):
        # An option the review ruled out has no status either, but is not tracked: it is
        # not one of those still waiting for their first.
        if value == NO_STATUS:
            queryset = queryset.filter(Recommendation.tracked_q())
        return super().filter_status(queryset, name, value)


class YearRangeForm(RangeForm):
    ranges = [("year_from", "year_to")]


class TimelineEventFilterSet(FilterSet):
    kind = ChoiceFilter(
        label="Kind of event", choices=TimelineEvent.Kind.choices, empty_label="Any kind"
    )
    year_from = YearFilter(label="From year", method="filter_year_from")
    year_to = YearFilter(label="To year", field_name="occurred_on", lookup_expr="year__lte")

    class Meta:
        model = TimelineEvent
        fields = []
        form = YearRangeForm

    def filter_year_from(self, queryset, name, year):
        # An event that spans years (2002 to 2005) is in every year it spans.
        return queryset.filter(Q(occurred_on__year__gte=year) | Q(ended_on__year__gte=year))
