"""The priorities, recommendations and timeline lists as CSV: every row the filters give
(the items as the record stood on the day shown), for a committee's papers or a chart."""

import csv
import io

import pytest
from django.utils import timezone

from tests.oversight.test_lists import ALL_PRIORITIES
from tests.pages import main_text

TODAY = f"{timezone.localdate():%Y-%m-%d}"


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # a spreadsheet reads it as UTF-8
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))


def test_the_priorities_download_as_the_list_shows_them(client, seeded):
    response = client.get("/priorities/", {"format": "csv"})
    rows = read_csv(response)
    assert [row["title"] for row in rows] == ALL_PRIORITIES
    assert response["Content-Disposition"] == f'attachment; filename="priorities_{TODAY}.csv"'
    plan = rows[2]
    assert plan["number"] == "3"
    assert plan["commissioner"] == "Lord Norman Warner"
    assert (plan["status"], plan["rag_confidence"]) == ("In progress", "Amber")
    assert (plan["due"], plan["overdue"], plan["stale"]) == ("2014-06", "Yes", "Yes")
    assert plan["last_update_dated"] == "2014-05-23"
    assert plan["url"] == "http://testserver/priorities/single-improvement-plan/"
    assert plan["judged_on"] == TODAY


def test_a_filtered_download_on_a_past_day_holds_the_rows_and_statuses_of_that_day(client, seeded):
    query = {"as_of": "1/7/2014", "overdue": "yes", "format": "csv"}
    response = client.get("/priorities/", query)
    rows = read_csv(response)
    assert [row["title"] for row in rows] == ["A single and coherent improvement plan"]
    assert rows[0]["judged_on"] == "2014-07-01"
    assert rows[0]["url"].endswith("/priorities/single-improvement-plan/?as_of=2014-07-01")
    name = f"priorities_as-of-2014-07-01_overdue-yes_{TODAY}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    before = read_csv(client.get("/priorities/", {"as_of": "2014-03-26", "format": "csv"}))
    assert before == []  # none set out yet: the header alone


def test_two_downloads_of_different_deadlines_are_named_apart(client, seeded):
    names = {
        client.get("/priorities/", {name: "2014-07-01", "format": "csv"})["Content-Disposition"]
        for name in ("due_after", "due_before")
    }
    assert names == {
        f'attachment; filename="priorities_due-after-2014-07-01_{TODAY}.csv"',
        f'attachment; filename="priorities_due-before-2014-07-01_{TODAY}.csv"',
    }


@pytest.mark.parametrize(("url", "times"), [("/priorities/", 60), ("/timeline/", 10)])
def test_every_page_of_a_long_list_is_in_one_download(client, seeded, grow_the_record, url, times):
    grow_the_record(times)  # past a page: 50 priorities, 100 events
    page = client.get(url)
    assert page.context["paginator"].num_pages > 1
    rows = read_csv(client.get(url, {"format": "csv"}))
    assert len(rows) == page.context["paginator"].count


def test_recommendations_download_with_options_marked_not_tracked(client, seeded):
    rows = read_csv(client.get("/recommendations/", {"format": "csv"}))
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference["R1"]["outcome"] == "Recommended"
    assert by_reference["R1"]["status"] != "Not tracked"
    option = by_reference["O1"]
    assert option["outcome"] != "Recommended"
    assert (option["status"], option["rag_confidence"], option["stale"]) == ("Not tracked", "", "")
    assert "we have been undertaking a recovery" in by_reference["R3"]["response"]


def test_the_list_links_to_its_download_with_its_filters(client, seeded):
    page = client.get("/priorities/", {"status": "in_progress", "page": "1"}).content.decode()
    assert '<a href="?status=in_progress&amp;format=csv" download>CSV</a>' in page
    assert "Download this list, all its pages, as it stood on" in main_text(
        client.get("/recommendations/")
    )


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"format": "xlsx"}, "Unknown format “xlsx”: use format=csv. The API lists"),
        ({"format": "json"}, "The API lists the priorities as JSON, at /api/priorities/."),
        ({"format": ["csv", "json"]}, "This address gives format 2 values"),
        ({"format": "csv", "status": "finished"}, "status: Select a valid choice"),
        ({"format": "csv", "as_of": "2014-02-30"}, "as_of: “2014-02-30” is not a date"),
    ],
)
def test_a_bad_download_is_a_400_in_plain_text(client, seeded, query, said):
    response = client.get("/priorities/", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert said in response.content.decode()


def test_a_download_refusing_a_parameter_no_list_takes_says_so_plainly(client, seeded):
    response = client.get("/priorities/", {"format": "csv", "since": "2014-05-01"})
    assert response.status_code == 400
    said = response.content.decode()
    assert said.startswith("This address takes no “since”: it takes as_of, status, ")
    assert "__all__" not in said


def test_a_download_reads_one_query_whatever_the_list_s_length(
    client, seeded, grow_the_record, django_assert_num_queries
):
    # The rows, with everything each row shows joined in.
    with django_assert_num_queries(1):
        client.get("/priorities/", {"format": "csv"})
    grow_the_record(50)
    with django_assert_num_queries(1):
        assert len(read_csv(client.get("/priorities/", {"format": "csv"}))) > 50
    with django_assert_num_queries(1):
        assert len(read_csv(client.get("/recommendations/", {"format": "csv"}))) > 50
    with django_assert_num_queries(1):
        assert len(read_csv(client.get("/timeline/", {"format": "csv"}))) > 50


def test_the_timeline_downloads_every_event_the_filters_give_with_its_rating(client, seeded):
    query = {"kind": "inspection", "year_from": "2008"}
    response = client.get("/timeline/", query | {"format": "csv"})
    rows = read_csv(response)
    shown = client.get("/timeline/", query).context["object_list"]
    assert [row["title"] for row in rows] == [event.title for event in shown]
    name = f"timeline_kind-inspection_year-from-2008_{TODAY}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    span = rows[0]  # from 2005 to 2008: it reaches the year asked for
    assert span == {
        "occurred_on": "2005",
        "ended_on": "2008",
        "title": "One-star rating, no progress",
        "description": "A one-star rating, but no progress made.",
        "kind": "Inspection",
        "rating": "One star",
        "source": "Publication of Ofsted children's services report",
        "source_url": "http://testserver/documents/council-response-ofsted-report/",
    }
    assert {row["kind"] for row in rows} == {"Inspection"}


def test_a_timeline_cell_a_spreadsheet_would_run_is_text(client, seeded, make_timeline_event):
    make_timeline_event(title='=HYPERLINK("http://example.com")', rating="+1")
    rows = read_csv(client.get("/timeline/", {"format": "csv", "year_to": "2010"}))
    [row] = [row for row in rows if "HYPERLINK" in row["title"]]
    assert (row["title"], row["rating"]) == ('\'=HYPERLINK("http://example.com")', "'+1")


def test_the_timeline_links_its_download_and_the_api_with_its_filters(client, seeded):
    response = client.get("/timeline/", {"kind": "inspection", "page": "1"})
    page = response.content.decode()
    assert '<a href="?kind=inspection&amp;format=csv" download>CSV</a>' in page
    assert '<a href="/api/timeline-events/">/api/timeline-events/</a>' in page


def test_a_bad_timeline_download_is_a_400_in_plain_text(client, seeded):
    response = client.get("/timeline/", {"format": "csv", "year_from": "last year"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    said = response.content.decode()
    assert said.startswith("year_from: “last year” is not a year")
