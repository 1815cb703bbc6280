"""A list page asked what only the API gives (a page size, or a download the page does
not offer) says so and where to get it, with a 400: shown the page instead, a script
would take it for what it asked."""

import pytest

from tests.pages import main_text


@pytest.mark.parametrize(
    ("address", "said"),
    [
        (
            "/documents/?format=csv",
            "This page has no download, in “csv” or any format. "
            "The API lists the documents as JSON, at /api/documents/.",
        ),
        ("/people/?format=JSON&page=1", "The API lists the people as JSON, at /api/people/."),
        (
            "/people/?page_size=100",
            "This page takes no page_size: its pages hold 50. "
            "The API lists the people as JSON, at /api/people/.",
        ),
        ("/priorities/?page_size=5", "its pages hold 50. The API lists the priorities as JSON"),
        ("/statements/?q=jury&page_size=100", "This page takes no page_size: its pages hold 20."),
    ],
)
def test_a_list_page_asked_for_the_api_s_parameters_says_where_they_are_taken(
    client, seeded, address, said
):
    response = client.get(address)
    assert response.status_code == 400
    assert said in main_text(response)


def test_a_list_with_no_api_says_only_that_it_has_no_download(client, seeded):
    response = client.get("/timeline/", {"format": "csv"})
    assert response.status_code == 400
    text = main_text(response)
    assert "This page has no download, in “csv” or any format." in text
    assert "The API" not in text


@pytest.mark.parametrize(
    "address",
    [
        "/documents/?format=",
        "/people/?page_size=",
        "/priorities/?format=csv",
        "/statements/?q=jury&format=json",
    ],
)
def test_an_empty_one_or_a_download_the_page_gives_is_taken(client, seeded, address):
    assert client.get(address).status_code == 200
