"""The address of one object's page, as reverse() gives it, reversed once per pattern.

reverse() matches its arguments against the named pattern again on every call: about
30 µs, and a page of twenty search results links to sixty pages, a fiftieth-row list to
a hundred. For a view that takes one plain argument (a pk or a slug), `address` reverses
the pattern once with a stand-in value and puts the real value in its place after.
"""

import re
from functools import lru_cache

from django.urls import get_script_prefix, reverse

# What every path converter (int, slug, str, path) takes and writes as it is: the only
# values put in place of the stand-in. Anything else goes through reverse().
PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
# Stand-ins for a value of digits (which int and slug patterns take) and one of letters
# too (which an int pattern refuses, as it would refuse the real value).
STAND_INS = {True: "918273645546372819", False: "stand-in-9f3a"}


def address(viewname, **kwargs):
    """Return reverse(viewname, kwargs=kwargs) for a view of one argument."""
    ((name, value),) = kwargs.items()
    text = str(value)
    if not PLAIN.fullmatch(text):
        return reverse(viewname, kwargs=kwargs)
    head, tail = around_the_value(viewname, name, text.isdigit(), get_script_prefix())
    return f"{head}{text}{tail}"


@lru_cache(maxsize=128)
def around_the_value(viewname, name, digits, script_prefix):
    """Return the text before and after the argument in the pattern's address.

    The script prefix is part of the key: reverse() starts every address with it, and a
    site served under a path (SCRIPT_NAME) sets it for each request. The URLconf is not:
    the site has one (no middleware sets request.urlconf).
    """
    stand_in = STAND_INS[digits]
    head, tail = reverse(viewname, kwargs={name: stand_in}).split(stand_in)
    return head, tail
