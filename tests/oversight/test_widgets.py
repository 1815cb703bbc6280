"""QuickSelect draws the same list a person sees from Django's own Select, faster."""

import re

import pytest
from django import forms

from oversight.widgets import QuickSelect

CHOICES = [
    ("", "Any organisation"),
    ("bcc", "Birmingham City Council"),
    ("a&b", 'Smith & <Sons> "Ltd"'),
    ("Departments", [("dfe", "Department for Education"), ("dclg", "DCLG")]),
    ("bcc", "Birmingham City Council, again"),
]


def between_tags(html):
    """Return `html` without the whitespace between tags, which no browser shows."""
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("value", ["", "bcc", "a&b", "dclg", None, "unknown", ["dfe"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_org", "aria-describedby": "id_org_helptext", "required": True}]
)
def test_quick_select_draws_what_djangos_select_draws(value, attrs):
    expected = forms.Select(choices=CHOICES).render("organisation", value, attrs)
    drawn = QuickSelect(choices=CHOICES).render("organisation", value, attrs)
    assert between_tags(drawn) == between_tags(expected)


def test_quick_select_escapes_and_selects_the_first_match_only():
    html = QuickSelect(choices=CHOICES).render("organisation", "bcc", {"disabled": False})
    assert '<option value="a&amp;b">Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;</option>' in html
    assert html.count(" selected") == 1
    assert '<option value="bcc" selected>Birmingham City Council</option>' in html
    assert "disabled" not in html


def test_a_filter_form_keeps_the_chosen_value_selected(client, seeded):
    page = client.get("/priorities/", {"status": "in_progress"}).content.decode()
    assert '<option value="in_progress" selected>' in page
