"""An address with a parameter the page does not take, but which reads as a filter, is
refused: read without it, the page would show today's record, or the whole list, as if
for the day or filter asked. Such a parameter is the page's own written otherwise
(`?asOf=`), a filter of another page (`?overdue=` on the recommendations) or a name alike
one the page takes (`?stauts=`). Any other (a shared link's `fbclid`) is let be."""

import pytest

from tests.pages import main_text

PLAN = "/priorities/single-improvement-plan/"


@pytest.mark.parametrize(
    ("address", "given", "meant"),
    [
        (f"{PLAN}?asof=2014-04-01", "asof", "as_of"),
        (f"{PLAN}?asOf=2014-04-01", "asOf", "as_of"),
        (f"{PLAN}?as-of=2014-04-01&history_page=1", "as-of", "as_of"),
        ("/statements/?Q=children", "Q", "q"),
        ("/timeline/?yearFrom=2013", "yearFrom", "year_from"),
        ("/documents/?Published-After=2014-01-01", "Published-After", "published_after"),
        # Another name for it, as a person or a script might write.
        ("/statements/?query=jury", "query", "q"),
        ("/statements/?Search=jury", "Search", "q"),
        ("/statements/?speaker=peter-hay", "speaker", "person"),
        ("/statements/?q=jury&from=2014-04-01", "from", "date_from"),
        ("/priorities/?date=2014-06-01", "date", "as_of"),
        (f"{PLAN}?day=2014-06-01", "day", "as_of"),
        ("/timeline/?to=2013", "to", "year_to"),
    ],
)
def test_a_page_s_own_parameter_written_otherwise_is_named(client, seeded, address, given, meant):
    response = client.get(address)
    assert response.status_code == 400
    assert f"This address takes no “{given}”: did you mean {meant}?" in main_text(response)


@pytest.mark.parametrize(
    ("address", "given", "taken"),
    [
        # Alike a name the page takes, but told what it takes rather than a guess.
        ("/priorities/?stauts=achieved", "stauts", "as_of, status, rag, overdue"),
        ("/priorities/?state=achieved", "state", "as_of, status, rag, overdue"),
        ("/?as_of=2014-05-01&snice=2014-04-01", "snice", "as_of, since"),
        ("/documents/?published=2014", "published", "kind, publisher, published_after"),
        # A filter of another page, or of the API.
        ("/recommendations/?overdue=yes", "overdue", "as_of, status, outcome"),
        ("/recommendations/?commissioner=norman-warner", "commissioner", "as_of, status"),
        ("/timeline/?as_of=2010-01-01", "as_of", "kind, year_from, year_to"),
        ("/documents/?published_on=2014-03-27", "published_on", "kind, publisher"),
        ("/people/?as_of=2014-05-01", "as_of", "organisation, role"),
        ("/statements/?q=children&as_of=2014-05-01", "as_of", "q, "),
        (f"{PLAN}?since=2014-05-01", "since", "as_of."),
        (f"{PLAN}?status=achieved", "status", "as_of."),
        # Another name for a filter, on a page that has no such filter.
        ("/?from=2014-04-01", "from", "as_of, since"),
        ("/people/?search=bore", "search", "organisation, role"),
    ],
)
def test_a_parameter_that_reads_as_a_filter_is_told_what_the_page_takes(
    client, seeded, address, given, taken
):
    response = client.get(address)
    assert response.status_code == 400
    said = f"This address takes no “{given}”: it takes "
    assert said in main_text(response)
    assert taken in main_text(response).split(said, 1)[1]


def test_a_misspelt_day_on_an_item_says_so_on_the_box_and_shows_the_record_now(client, seeded):
    response = client.get(f"{PLAN}?asof=2014-04-01")
    text = main_text(response)
    assert (
        "Show it as it stood at the end of: This address takes no “asof”: did you mean as_of? "
        "The page shows the record as it stands now."
    ) in text
    assert "Current status In progress" in text
    html = response.content.decode()
    assert '<p class="error-message" id="id_as_of_error">This address takes no “asof”' in html


@pytest.mark.parametrize(
    "address",
    [
        f"{PLAN}?fbclid=IwAR0abc&utm_source=newsletter",
        f"{PLAN}?as_of=2014-06-30&utm_campaign=scrutiny",
        "/?gclid=abc&srsltid=x&_ga=1",
        "/statements/?q=children&ref=twitter",
        "/priorities/?status=in_progress&mc_cid=1",
        "/timeline/?si=abc",
        "/statements/?q=children&s=20",
        # Empty, as a form sends a box it has no longer: it asks nothing.
        "/?q=",
        "/priorities/?stauts=&status=in_progress",
        f"{PLAN}?asof=",
    ],
)
def test_a_parameter_that_reads_as_no_filter_is_let_be(client, seeded, address):
    assert client.get(address).status_code == 200
