"""Clients polling the feeds and the API get a 304 until something changes, and a page on
another site may read the public data."""

import pytest
from django.urls import reverse

POLLED = ["/api/statements/", "/api/priorities/", "/statements/feed/?q=jury", "/priorities/feed/"]


@pytest.mark.parametrize("url", POLLED)
def test_a_client_holding_the_latest_copy_gets_a_304_until_the_record_changes(
    client, seeded, url, make_document, make_statement, make_priority, make_status_update
):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    # A script on another site reads the 304 too, and the ETag it sends back.
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["Access-Control-Expose-Headers"] == "ETag"

    document = make_document(body="The leader said: the jury is still out. So it goes.")
    statement = make_statement(document=document, text="the jury is still out.")
    make_status_update(make_priority(), statements=[statement], as_of=statement.said_on)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", [*POLLED, "/priorities/"])
def test_asked_head_a_client_is_told_the_etag_and_a_304_while_it_holds_it(client, seeded, url):
    """HEAD carries the headers GET would (RFC 9110): Django gave it no ETag, and a 200
    whatever the client held."""
    etag = client.get(url)["ETag"]
    head = client.head(url)
    assert (head.status_code, head["ETag"], head.content) == (200, etag, b"")
    assert client.head(url, headers={"if-none-match": etag}).status_code == 304
    assert client.head(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_a_download_asked_head_is_still_given_no_etag(client, seeded):
    """A streamed export is read after its headers are sent: no ETag could be made."""
    head = client.head("/statements/?q=jury&format=csv")
    assert head.status_code == 200 and not head.has_header("ETag")


@pytest.mark.parametrize(
    "url",
    [
        "/api/statements/",
        "/api/schema/",
        "/statements/feed/?q=jury",
        "/priorities/feed/",
        "/statements/?q=jury&format=csv",
        "/statements/?q=jury&format=json",
        "/priorities/?format=csv",
        "/recommendations/?as_of=2014-06-30&format=csv",
        "/timeline/?kind=inspection&format=csv",
        "/api/timeline-events/",
    ],
)
def test_public_data_may_be_read_by_a_page_on_another_site(client, seeded, url):
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", POLLED)
def test_a_browser_may_send_the_etag_back_from_another_site(client, seeded, url):
    """If-None-Match is not a header a page may send elsewhere unasked: the browser asks
    first (a preflight), and the answer must allow it."""
    preflight = client.options(
        url,
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_pages_and_the_admins_data_are_not_opened_to_other_sites(client, seeded, signed_in):
    assert "Access-Control-Allow-Origin" not in client.get("/statements/?q=jury")
    assert "Access-Control-Allow-Origin" not in client.get("/timeline/?kind=inspection")
    signed_in("officer")
    autocomplete = client.get(
        reverse("admin:oversight_statusupdate_evidence_autocomplete"),
        {
            "app_label": "oversight",
            "model_name": "statusupdate",
            "field_name": "evidence_statements",
        },
    )
    assert autocomplete["Content-Type"] == "application/json"
    assert "Access-Control-Allow-Origin" not in autocomplete
