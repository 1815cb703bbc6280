"""A list page asked what only the API gives (a page size, or a download the page does
not offer) says so and where to get it, with a 400: shown the page instead, a script
would take it for what it asked. A download is refused in plain text, as what asked for
one, a script or a spreadsheet, would not read a page."""

import pytest

from tests.pages import main_text

PLAIN_TEXT = "text/plain; charset=utf-8"


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
            "/priorities/?format=xlsx&status=overdue",
            "Unknown format “xlsx”: use format=csv. "
            "The API lists the priorities as JSON, at /api/priorities/.",
        ),
        (
            "/statements/?q=jury&format=xlsx",
            "Unknown format “xlsx”: use format=csv or format=json.",
        ),
        (
            "/statements/?q=jury&format=csv&format=JSON",
            "This address gives format 2 values (“csv”, “json”): give one.",
        ),
        ("/recommendations/?format=csv&format=xml", "This address gives format 2 values"),
    ],
)
def test_a_download_a_page_does_not_give_is_refused_in_plain_text(client, seeded, address, said):
    response = client.get(address)
    assert response.status_code == 400
    assert response["Content-Type"] == PLAIN_TEXT
    assert said in response.content.decode()


def test_only_a_list_s_own_download_offers_no_json_from_the_api(client, seeded):
    said = client.get("/statements/?q=jury&format=xml").content.decode()
    assert "The API" not in said  # the search downloads JSON itself


def test_the_timeline_asked_for_json_says_where_the_api_gives_it(client, seeded):
    response = client.get("/timeline/", {"format": "json", "kind": "inspection"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "Unknown format “json”: use format=csv. "
        "The API lists the timeline events as JSON, at /api/timeline-events/.\n"
    )


@pytest.mark.parametrize(
    ("address", "said"),
    [
        (
            "/people/?page_size=100",
            "This page takes no page_size: its pages hold 50. "
            "The API lists the people as JSON, at /api/people/.",
        ),
        ("/priorities/?page_size=5", "its pages hold 50. The API lists the priorities as JSON"),
        ("/statements/?q=jury&page_size=100", "This page takes no page_size: its pages hold 20."),
    ],
)
def test_a_list_page_given_a_page_size_says_where_one_is_taken(client, seeded, address, said):
    response = client.get(address)
    assert response.status_code == 400
    assert said in main_text(response)


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
