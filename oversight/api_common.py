"""Pieces the JSON API's modules share; DRF imports the pagination while building views."""

import django_filters
from django.core.paginator import EmptyPage
from django.http import Http404, QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

from oversight.filters import several_values
from oversight.pagination import RecordCountPaginator

# Asked of every list by DRF (pagination) rather than by its filters.
LIST_PARAMETERS = {"page", "page_size", "format"}
# The filters that say how one row is shown rather than which rows: a priority `as_of` a day.
ROW_PARAMETERS = {"as_of"}


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, answering a `format` it has no renderer for with a 400 that says
    what it takes, not a 404 that says the row is not there."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            asked = format_suffix or request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
            raise ValidationError(
                {
                    "format": [
                        f"The API answers in JSON only, not “{asked}”: leave format out, or "
                        "give format=json. The statements page downloads a search as CSV "
                        "(/statements/?format=csv)."
                    ]
                }
            ) from None


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing a parameter the list does not take: a misspelt
    filter (`said_from` for `date_from`) would return the whole list as if applied.

    One row, found by its address, takes only the filters that say how it is shown
    (ROW_PARAMETERS): a list's filters would make it a 404, and are let be. So are other
    parameters (a link's `utm_source`), but on a row shown as of a day: there a misspelt
    `as_of` (`asof`) would give today's status as if it were that day's.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        known = LIST_PARAMETERS | set(filterset.filters)
        if self.is_list(view):
            taken = ", ".join(sorted(known))
            refusal = f"This list takes no “{{name}}”: it takes {taken}."
        elif shown_by := ROW_PARAMETERS & known:
            taken = " or ".join(sorted(shown_by))
            refusal = f"This item takes no “{{name}}”: it takes {taken}, the day to show it on."
            known |= {name for name in request.query_params if name.startswith("utm_")}
        else:
            refusal = None
        if refusal and (unknown := sorted(set(request.query_params) - known)):
            raise ValidationError({name: [refusal.format(name=name)] for name in unknown})
        if not filterset.is_valid():
            # Each message as Django shows it: django-filter's own translation reads a "%"
            # in a message ("No document has the title “50%”") as a format and fails.
            errors = filterset.errors.as_data()
            raise ValidationError(
                {
                    name: [
                        ErrorDetail(message, code=error.code)
                        for error in found
                        for message in error
                    ]
                    for name, found in errors.items()
                }
            )
        return filterset.qs

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if not self.is_list(view):
            data = QueryDict(mutable=True)
            for name in ROW_PARAMETERS & set(kwargs["data"]):
                data.setlist(name, kwargs["data"].getlist(name))
            kwargs["data"] = data
        return kwargs

    @staticmethod
    def is_list(view):
        return getattr(view, "action", None) == "list"


# What Django's <slug:...> converter matches. DRF's default, [^/.]+, lets a NUL through to
# the query, which PostgreSQL refuses with an error: an unknown address must be a 404.
SLUG_REGEX = "[-a-zA-Z0-9_]+"


class CountedPagesPaginator(RecordCountPaginator):
    """A paginator whose page past the end says how many pages there are, as the site's
    lists do, where Django's says "That page contains no results" (DRF: "Invalid page.")."""

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            last = self.num_pages
            pages = "1 page" if last == 1 else f"{last:,} pages"
            raise EmptyPage(f"There is no page {number:,} of this list: it has {pages}.") from None


class Pagination(PageNumberPagination):
    """Pages of 20 by default; `page_size` up to 100; counts kept until the record changes.

    DRF answers `page_size=abc` with the default size, as if it had been honoured, and
    `page=abc` with a 404: each is a 400 naming the parameter here. A `page_size` over 100
    gets 100, as the schema says; a page past the end is still a 404, which says how many
    pages there are.
    """

    django_paginator_class = CountedPagesPaginator
    invalid_page_message = "{message}"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                last = {"type": "string", "enum": ["last"]}
                parameter["schema"] = {"oneOf": [{"type": "integer", "minimum": 1}, last]}
                parameter["description"] = "A page number from 1, or `last`."
            elif parameter["name"] == self.page_size_query_param:
                # No `maximum`: a larger size is taken, and served capped, not refused.
                parameter["schema"] |= {"minimum": 1}
                parameter["description"] = (
                    f"Results a page, {self.page_size} unless given; more than "
                    f"{self.max_page_size} gets {self.max_page_size}."
                )
        return parameters

    def get_page_size(self, request):
        value = one_value(request, self.page_size_query_param)
        if not value:
            return self.page_size
        return min(whole_number_from_one(self.page_size_query_param, value), self.max_page_size)

    def get_next_link(self):
        return self.with_size_served(super().get_next_link())

    def get_previous_link(self):
        return self.with_size_served(super().get_previous_link())

    def with_size_served(self, url):
        """Return the link `url` asking the page size served: `page_size=500` got 100, and
        a script reading the link should see the page size it will get."""
        if url is None or self.page_size_query_param not in self.request.query_params:
            return url
        return replace_query_param(url, self.page_size_query_param, self.page.paginator.per_page)

    def get_page_number(self, request, paginator):
        value = one_value(request, self.page_query_param) or "1"
        if value in self.last_page_strings:
            return paginator.num_pages
        return whole_number_from_one(self.page_query_param, value)


def one_value(request, parameter):
    """Return the value of `parameter`, or raise a 400 if the request gives two."""
    if problem := several_values(parameter, request.query_params.getlist(parameter)):
        raise ValidationError({parameter: [problem]})
    return request.query_params.get(parameter)


def whole_number_from_one(parameter, value):
    """Return `value` as a whole number of at least 1, or raise a 400 naming `parameter`."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError({parameter: [f"Give a whole number from 1, not “{value}”."]})
    return number


@extend_schema_field({"type": "string", "nullable": True})
class PartialDateField(serializers.Field):
    """A date at the precision the source gives: "2013", "2013-07" or "2013-07-19"; null if none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text", "At the precision the source gives: 2013, 2013-07 or 2013-07-19."
        )
        super().__init__(**kwargs)

    def to_representation(self, partial_date):
        return partial_date.iso or None


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """A row named by its slug: one the record does not hold is a 400 that says so, not an
    empty list that looks like an answer."""

    def __init__(self, *, queryset, **kwargs):
        noun = queryset.model._meta.verbose_name
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault(
            "error_messages", {"invalid_choice": f"No {noun} has the slug “%(value)s”."}
        )
        super().__init__(queryset=queryset, **kwargs)


FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["json"]},
    "description": "The API answers in JSON only; any other format is a 400.",
}

ERROR_SCHEMAS = {
    "FilterErrors": {
        "type": "object",
        "description": "Each parameter whose value does not validate, with its messages.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    "NotFound": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "Unreadable": {
        "type": "object",
        "description": "What made the request unreadable, where no one parameter did.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
}
# Where a filter's help, written for its page's form, does not say what the API takes.
API_DESCRIPTIONS = {
    "as_of": "The record as it stood at the end of this day (year-month-day), from "
    "1900-01-01 to today; left out, the record as it stands now.",
}


def document_error_responses(result, generator, request, public):
    """Add the answers every read of the API may give besides a 200 to its description:
    a 400 naming the filters that do not validate (lists) and a 404 (no such row, or a
    page past the end). A postprocessing hook of drf-spectacular."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    paths = result.get("paths", {})
    filters = filters_by_path(generator)
    for path, operations in paths.items():
        get = operations.get("get")
        if get is None or not path.startswith("/api/") or path == "/api/":
            continue
        parameters = get.setdefault("parameters", [])
        describe(parameters, filters.get(path, {}))
        parameters.append(FORMAT_PARAMETER)
        not_found = "No such page: the list has fewer; the answer says how many."
        if path.rstrip("/").endswith("}"):
            # A row takes the filters that say how it is shown (FilterBackend).
            listed = paths.get(path.rstrip("/").rsplit("/", 1)[0] + "/", {}).get("get", {})
            parameters += [
                parameter
                for parameter in listed.get("parameters", [])
                if parameter["name"] in ROW_PARAMETERS
            ]
            not_found = "No such row."
            if any(parameter["name"] == "as_of" for parameter in parameters):
                not_found += (
                    " Or, as_of a day before the document setting it out was published, not"
                    " yet in the record: the answer says when it was set out."
                )
        for parameter in parameters:
            if parameter["name"] in API_DESCRIPTIONS:
                parameter["description"] = API_DESCRIPTIONS[parameter["name"]]
        responses = get.setdefault("responses", {})
        responses.setdefault(
            "400",
            error_response(
                "A filter, page or page_size value does not validate, or a parameter is "
                "not one the list takes (FilterErrors); or the request itself could not be "
                "read: more than 1,000 parameters, say (Unreadable).",
                "FilterErrors",
                "Unreadable",
            ),
        )
        responses.setdefault("404", error_response(not_found, "NotFound"))
    return result


def filters_by_path(generator):
    """Return {path: {name: filter}} for each read of the API that has a FilterSet."""
    found = {}
    for path, _, method, view in getattr(generator, "endpoints", None) or ():
        filterset_class = getattr(getattr(view, "cls", None), "filterset_class", None)
        if method == "GET" and filterset_class is not None:
            found[path] = filterset_class.base_filters
    return found


def describe(parameters, filters):
    """Give each parameter its filter's help text (or label) where it has no description:
    a filter typed by extend_schema_field (a slug, a person's name) loses it otherwise."""
    for parameter in parameters:
        found = filters.get(parameter["name"])
        if found is None or parameter.get("description"):
            continue
        if text := found.extra.get("help_text") or found.label:
            parameter["description"] = str(text)


def error_response(description, *schemas):
    """Return a response of `description` whose body is one of the named `schemas`."""
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in schemas]
    schema = refs[0] if len(refs) == 1 else {"oneOf": refs}
    return {"description": description, "content": {"application/json": {"schema": schema}}}
