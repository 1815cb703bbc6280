"""An address that misspells a parameter (`?asof=`, `?stauts=`) is refused, naming the one
meant: read without it, the page would show today's record, or the whole list, as if for
the day or filter asked. A parameter that misspells none (a shared link's `fbclid`) is let
be."""

import pytest

from tests.pages import main_text

PLAN = "/priorities/single-improvement-plan/"


@pytest.mark.parametrize(
    ("address", "given", "meant"),
    [
        (f"{PLAN}?asof=2014-04-01", "asof", "as_of"),
        (f"{PLAN}?asOf=2014-04-01", "asOf", "as_of"),
        (f"{PLAN}?as-of=2014-04-01&history_page=1", "as-of", "as_of"),
        ("/?as_of=2014-05-01&snice=2014-04-01", "snice", "since"),
        ("/priorities/?stauts=achieved", "stauts", "status"),
        ("/statements/?q=children&date_form=2014-01-01", "date_form", "date_from"),
        ("/statements/?Q=children", "Q", "q"),
        ("/timeline/?yearFrom=2013", "yearFrom", "year_from"),
        ("/documents/?kinds=report", "kinds", "kind"),
    ],
)
def test_a_misspelt_parameter_is_a_400_that_names_the_one_meant(
    client, seeded, address, given, meant
):
    response = client.get(address)
    assert response.status_code == 400
    assert f"This page takes no “{given}”: did you mean {meant}?" in main_text(response)


def test_a_misspelt_day_on_an_item_says_so_on_the_box_and_shows_the_record_now(client, seeded):
    response = client.get(f"{PLAN}?asof=2014-04-01")
    text = main_text(response)
    assert (
        "Show it as it stood at the end of: This page takes no “asof”: did you mean as_of? "
        "The page shows the record as it stands now."
    ) in text
    assert "Current status In progress" in text
    html = response.content.decode()
    assert '<p class="error-message" id="id_as_of_error">This page takes no “asof”' in html


@pytest.mark.parametrize(
    "address",
    [
        f"{PLAN}?fbclid=IwAR0abc&utm_source=newsletter",
        f"{PLAN}?as_of=2014-06-30&utm_campaign=scrutiny",
        "/?gclid=abc",
        "/statements/?q=children&ref=twitter",
        "/priorities/?status=in_progress&mc_cid=1",
    ],
)
def test_a_parameter_that_misspells_none_is_let_be(client, seeded, address):
    assert client.get(address).status_code == 200
