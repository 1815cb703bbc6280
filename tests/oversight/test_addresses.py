"""Addresses of object pages: the same as reverse() gives, built without it each time."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from oversight.addresses import address

CASES = [
    ("documents:statement", "pk", 7),
    ("documents:statement", "pk", 1234567890),
    ("documents:detail", "slug", "le-grand-review-2014"),
    ("documents:detail", "slug", "2014"),
    ("people:detail", "slug", "peter_hay"),
    ("oversight:priority", "slug", "p-1"),
    ("oversight:recommendation", "pk", "42"),
]


@pytest.mark.parametrize(("viewname", "name", "value"), CASES)
def test_an_address_is_what_reverse_gives(viewname, name, value):
    assert address(viewname, **{name: value}) == reverse(viewname, kwargs={name: value})


@pytest.mark.parametrize(("viewname", "name", "value"), CASES)
def test_a_site_served_under_a_path_is_addressed_under_it(viewname, name, value):
    set_script_prefix("/tracker/")
    try:
        expected = reverse(viewname, kwargs={name: value})
        assert expected.startswith("/tracker/")
        assert address(viewname, **{name: value}) == expected
    finally:
        set_script_prefix("/")
    assert not address(viewname, **{name: value}).startswith("/tracker/")


@pytest.mark.parametrize("value", ["", "two words", "slash/ed", "ünïcode"])
def test_a_value_a_pattern_might_refuse_is_left_to_reverse(value):
    with pytest.raises(NoReverseMatch):
        reverse("documents:detail", kwargs={"slug": value})
    with pytest.raises(NoReverseMatch):
        address("documents:detail", slug=value)


def test_a_slug_where_a_number_belongs_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        address("documents:statement", pk="not-a-number")
