"""CSV and JSON downloads of search results."""

import csv
import html
import io
import json
import re

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from documents.exports import neutralise
from documents.models import Statement

URL = reverse("documents:statements")


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))


def read_json(response):
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response.streaming_content))["results"]


def test_csv_export_has_every_result_with_its_byline(client, seeded):
    response = client.get(URL, {"q": "inspections", "format": "csv"})
    rows = read_csv(response)
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statements_inspections_{today}.csv"'
    )
    assert len(rows) == 6
    hay = next(row for row in rows if row["speakers"] == "Peter Hay")
    assert hay["roles_that_day"] == "Director of People, Birmingham City Council"
    assert hay["said_on"] == "2014-03-27"
    assert hay["url"].startswith("http://testserver/statements/")
    assert "Running of Birmingham City Council" in hay["also_reported_in"]


def test_json_export_follows_the_same_filters_and_order(client, seeded):
    params = {"q": "report", "person": "brigid-jones", "sort": "oldest"}
    rows = read_json(client.get(URL, params | {"format": "json"}))
    assert [row["said_on"] for row in rows] == ["2014-03-27", "2014-05-23"]
    assert all(row["speakers"] == ["Cllr Brigid Jones"] for row in rows)


def test_an_export_is_not_paginated(client, make_statement, make_document):
    document = make_document(body="Intro: the zebra said something. End.")
    for _ in range(45):
        make_statement(document=document)
    assert len(read_json(client.get(URL, {"q": "zebra", "format": "json"}))) == 45


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(
    client, make_statement, make_document
):
    document = make_document(body='Intro: =HYPERLINK("http://evil") zebra. End.')
    make_statement(document=document, text='=HYPERLINK("http://evil") zebra.')
    row = read_csv(client.get(URL, {"q": "zebra", "format": "csv"}))[0]
    assert row["text"] == '\'=HYPERLINK("http://evil") zebra.'


def test_neutralise_guards_each_formula_start():
    for start in "=+-@\t\r":
        assert neutralise(f"{start}1").startswith("'")
    assert neutralise("1+1") == "1+1"
    assert neutralise(None) == ""


def test_json_keeps_text_verbatim(client, seeded):
    statement = Statement.objects.get(reference="bore-roll-over-a-stone")
    rows = read_json(client.get(URL, {"q": '"roll over a stone"', "format": "json"}))
    assert rows[0]["text"] == statement.text  # curly apostrophe and all


def test_a_head_request_gets_the_headers_without_reading_the_rows(rf, seeded):
    # The test client drops a HEAD body itself: call the view as the server would.
    view = resolve(URL).func
    for export_format, content_type in [("csv", "text/csv"), ("json", "application/json")]:
        response = view(rf.head(URL, {"format": export_format}))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].endswith(f'.{export_format}"')
        with CaptureQueriesContext(connection) as queries:
            assert b"".join(response.streaming_content) == b""
        assert len(queries) == 0


def test_an_export_names_each_statement_and_the_report_its_words_come_from(client, seeded):
    rows = read_csv(client.get(URL, {"q": "fragile", "format": "csv"}))
    quoted = {row["reference"]: row["quoted_from"] for row in rows}
    assert quoted["le-grand-fragile"].startswith("Report to the Secretary of State")
    assert quoted["warner-good-start"] == "Lord Warner's initial letter to the secretary of state"
    rows = read_json(client.get(URL, {"q": "jury", "format": "json"}))
    assert [(row["reference"], row["quoted_from"]) for row in rows] == [("bore-jury-is-out", None)]


def test_a_bad_filter_on_an_export_is_a_400_in_the_export_s_kind_not_a_page(client, seeded):
    answer = client.get(URL, {"person": "nobody", "format": "json"})
    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    assert answer.json() == {"person": ["No one in the record has the name or address “nobody”."]}
    answer = client.get(URL, {"date_from": "2014-05-01", "date_to": "2014-03-01", "format": "csv"})
    assert answer.status_code == 400 and answer["Content-Type"].startswith("text/plain")
    assert answer.content.decode().startswith("date_to: ")


def test_the_format_is_read_in_any_case(client, seeded):
    assert len(read_csv(client.get(URL, {"q": "jury", "format": "CSV"}))) == 1


def test_a_broad_search_downloads_in_the_order_its_page_shows(client, seeded, settings):
    # Past the results limit the page lists the newest first; its download did not.
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 3
    page = client.get(URL, {"q": "children"})
    shown = [statement.pk for statement in page.context["object_list"]]
    rows = read_csv(client.get(URL, {"q": "children", "format": "csv"}))
    assert [int(row["id"]) for row in rows[:3]] == shown
    assert len(rows) > 3


def test_a_parameter_an_export_does_not_take_is_a_400_naming_what_it_takes(client, seeded):
    answer = client.get(URL, {"qq": "fragile", "format": "json"})
    assert answer.status_code == 400
    [message] = answer.json()["qq"]
    assert message.startswith("This address takes no “qq”: it takes date_from, ")
    assert "format, kind, organisation, page, person, q, role, sort." in message
    # The page a person reads lets a stray parameter be: a shared link's utm_source, say.
    assert client.get(URL, {"qq": "fragile"}).status_code == 200
    assert client.get(URL, {"q": "fragile", "page": "1", "format": "csv"}).status_code == 200


def test_a_download_is_named_for_its_search_and_day(client, seeded):
    params = {"q": "jury OR fragile", "person": "Sir Albert Bore", "sort": "oldest"}
    response = client.get(URL, params | {"format": "json"})
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statements_jury-or-fragile_albert-bore_{today}.json"'
    )


@pytest.mark.parametrize(
    "person",
    ["Sir Albert Bore", "albert-bore", "bore"],
)
def test_one_search_however_typed_downloads_under_one_name(client, seeded, person):
    params = {"q": "jury", "person": person, "date_from": "1/5/2014", "format": "csv"}
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert client.get(URL, params)["Content-Disposition"] == (
        f'attachment; filename="statements_jury_albert-bore_from-2014-05-01_{today}.csv"'
    )


def test_a_search_leaving_a_word_out_and_a_search_by_post_have_names_of_their_own(client, seeded):
    today = f"{timezone.localdate():%Y-%m-%d}"

    def name(**params):
        return client.get(URL, params | {"format": "csv"})["Content-Disposition"]

    assert (
        name(q="fragile modest") == f'attachment; filename="statements_fragile-modest_{today}.csv"'
    )
    assert name(q="fragile -modest") == (
        f'attachment; filename="statements_fragile-not-modest_{today}.csv"'
    )
    assert name(q='care -"care leavers"') == (
        f'attachment; filename="statements_care-not-care-leavers_{today}.csv"'
    )
    assert name(q="director of people") == (
        f'attachment; filename="statements_director-of-people_{today}.csv"'
    )
    assert name(role="Director of People") == (
        f'attachment; filename="statements_post-director-of-people_{today}.csv"'
    )


def test_searches_from_a_day_and_to_it_download_under_two_names(client, seeded):
    names = {
        client.get(URL, {name: "2014-05-01", "format": "csv"})["Content-Disposition"]
        for name in ("date_from", "date_to")
    }
    assert len(names) == 2


def test_an_export_names_every_other_post_each_speaker_held_that_day(client, seeded):
    rows = read_csv(client.get(URL, {"q": "jury", "format": "csv"}))
    [bore] = [row for row in rows if row["speakers"] == "Sir Albert Bore"]
    assert bore["roles_that_day"] == "Leader of the City Council, Birmingham City Council"
    assert bore["other_posts_that_day"] == (
        "Leader of the Labour Group, Labour Group / "
        "Chair of the performance monitoring board, Performance monitoring board"
    )


def test_the_page_s_download_links_carry_its_search_and_sort_alone(client, seeded):
    params = {"q": "inspection", "sort": "oldest", "page": "1", "utm_source": "newsletter"}
    page = client.get(URL, params).content.decode()
    links = re.findall(r'<a href="([^"]*format=(?:csv|json))" download>', page)
    assert links == [
        "?q=inspection&amp;sort=oldest&amp;format=csv",
        "?q=inspection&amp;sort=oldest&amp;format=json",
    ]
    for link in links:
        assert client.get(URL + html.unescape(link)).status_code == 200
    bare = client.get(URL).content.decode()
    assert '<a href="?format=csv" download>CSV</a>' in bare


def test_a_speaker_with_no_other_post_has_none_in_json(client, seeded):
    hay = read_json(client.get(URL, {"person": "peter-hay", "format": "json"}))
    assert hay and all(row["other_posts_that_day"] == [None] for row in hay)
