"""A filter given twice with two values is refused, saying so, wherever filters are taken:
the address would otherwise be read with its last value and show a list it does not
describe (`?kind=direct_quote&kind=reported` listed only reported speech)."""

import re

import pytest

from tests.pages import main_text

TWO_KINDS = "kind=direct_quote&kind=reported"
SAID = "This address gives kind 2 values (“direct_quote”, “reported”): give one."


@pytest.mark.parametrize(
    "address",
    [
        f"/statements/?q=children&{TWO_KINDS}",
        "/documents/?kind=report&kind=letter",
        "/priorities/?status=achieved&status=in_progress",
        "/recommendations/?outcome=accepted&outcome=ruled_out",
        "/timeline/?year_from=2013&year_from=2014",
        "/?since=2014-04-01&as_of=2014-05-01&as_of=2014-05-02",
        "/priorities/single-improvement-plan/?as_of=2014-05-01&as_of=2014-05-02",
    ],
)
def test_a_page_asked_for_two_values_of_a_filter_says_so(client, seeded, address):
    response = client.get(address)
    assert response.status_code == 400
    name = address.split("?")[1].split("&")[-1].split("=")[0]
    assert f"This address gives {name} 2 values" in main_text(response)


def test_the_search_page_names_both_values(client, seeded):
    assert SAID in main_text(client.get(f"/statements/?{TWO_KINDS}"))


@pytest.mark.parametrize(
    "address",
    [
        f"/statements/?format=csv&{TWO_KINDS}",
        f"/statements/?format=json&{TWO_KINDS}",
        f"/api/statements/?{TWO_KINDS}",
        "/api/status-updates/?rag=red&rag=green",
        f"/statements/feed/?q=children&{TWO_KINDS}",
    ],
)
def test_a_download_the_api_or_a_feed_asked_for_two_values_is_a_400(client, seeded, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "2 values" in response.content.decode()


def test_one_value_given_twice_or_beside_an_empty_one_is_taken(client, seeded):
    once = client.get("/statements/?kind=reported")
    for address in ("/statements/?kind=reported&kind=reported", "/statements/?kind=&kind=reported"):
        response = client.get(address)
        assert response.status_code == 200
        assert main_text(response).count("Reported speech") == main_text(once).count(
            "Reported speech"
        )


@pytest.mark.parametrize(
    ("alone", "with_an_empty_one_after"),
    [
        ("/statements/?q=inspection", "/statements/?q=inspection&q="),
        ("/api/statements/?q=inspection", "/api/statements/?q=inspection&q="),
        ("/statements/feed/?q=inspection", "/statements/feed/?q=inspection&q="),
        ("/statements/?q=inspection&format=csv", "/statements/?q=inspection&q=&format=csv"),
        ("/priorities/?status=in_progress", "/priorities/?status=in_progress&status="),
        ("/api/priorities/?status=in_progress", "/api/priorities/?status=in_progress&status="),
    ],
)
def test_a_value_followed_by_an_empty_one_is_taken_not_the_empty_one(
    client, seeded, alone, with_an_empty_one_after
):
    """Django reads a parameter's last value: here the empty one, so everything was listed
    under the search's own title and links (`?q=inspection&q=`, 30 statements, not 6)."""
    expected = client.get(alone)
    response = client.get(with_an_empty_one_after)
    assert response.status_code == 200
    if response.streaming:  # the download
        assert b"".join(response.streaming_content) == b"".join(expected.streaming_content)
    elif response["Content-Type"].startswith("text/html"):
        # All but the printed page's own address, which is the one asked for.
        printed_from = re.compile(r"Printed from \S+")
        assert printed_from.sub("", main_text(response)) == printed_from.sub(
            "", main_text(expected)
        )
    else:
        assert response.content == expected.content


def test_a_long_value_is_shortened_in_the_message(client, seeded):
    response = client.get("/statements/", {"q": ["jury", "x" * 5000]})
    assert response.status_code == 400
    assert f"(“jury”, “{'x' * 39}…”): give one." in main_text(response)


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("/priorities/?page=1&page=2", "page"),
        ("/statements/?q=children&page=1&page=2", "page"),
        ("/priorities/single-improvement-plan/?history_page=1&history_page=2", "history_page"),
    ],
)
def test_a_page_asked_for_two_page_numbers_says_so(client, seeded, address, name):
    response = client.get(address)
    assert response.status_code == 400
    assert f"This address gives {name} 2 values (“1”, “2”): give one." in main_text(response)


@pytest.mark.parametrize("name", ["page", "page_size"])
def test_the_api_asked_for_two_page_numbers_or_sizes_says_so(client, seeded, name):
    response = client.get(f"/api/statements/?{name}=1&{name}=2")
    assert response.status_code == 400
    assert response.json() == {name: [f"This address gives {name} 2 values (“1”, “2”): give one."]}
