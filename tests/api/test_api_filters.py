"""The API's lists take the filters their pages take, and refuse any they do not."""

import pytest

from documents.models import Statement
from oversight.models import Priority, Recommendation


def results(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def by_slug(rows):
    return {row["slug"]: row for row in rows}


@pytest.mark.parametrize(
    ("url", "misspelt"),
    [
        ("/api/statements/", "said_from"),
        ("/api/people/", "organization"),
        ("/api/documents/", "published"),
        ("/api/priorities/", "asof"),
        ("/api/recommendations/", "reveiw"),
        ("/api/status-updates/", "item"),
    ],
)
def test_a_parameter_a_list_does_not_take_is_a_400_saying_what_it_takes(
    client, seeded, url, misspelt
):
    # Ignored, it would return the whole list as if the filter had been applied.
    response = client.get(url, {misspelt: "x", "page": "1"})
    assert response.status_code == 400
    [message] = response.json()[misspelt]
    assert message.startswith(f"This list takes no “{misspelt}”: it takes ")
    assert "page, page_size" in message


def test_the_message_names_every_filter_the_list_takes(client, seeded):
    message = client.get("/api/priorities/", {"said": "1"}).json()["said"][0]
    assert message == (
        "This list takes no “said”: it takes as_of, commissioner, due_after, due_before, "
        "format, overdue, page, page_size, rag, stale, status."
    )


def test_one_row_by_its_address_is_not_refused_for_a_links_utm_parameter(client, seeded):
    response = client.get("/api/priorities/five-year-budget/", {"utm_source": "x"})
    assert response.status_code == 200
    assert response.json()["status"] == "not_started"


def test_a_misspelt_as_of_on_one_row_is_refused_not_answered_with_todays_status(client, seeded):
    """`asof` for `as_of` would give the priority's status now as if it were that day's."""
    response = client.get("/api/priorities/five-year-budget/", {"asof": "2014-04-01"})
    assert response.status_code == 400
    assert response.json() == {
        "asof": ["This item takes no “asof”: it takes as_of, the day to show it on."]
    }
    recommendation = Recommendation.objects.get(reference="R1")
    response = client.get(f"/api/recommendations/{recommendation.pk}/", {"as-of": "2014-04-01"})
    assert response.status_code == 400
    assert list(response.json()) == ["as-of"]


def test_one_row_by_its_address_is_not_narrowed_by_a_lists_filters(client, seeded):
    statement = Statement.objects.get(reference="bore-jury-is-out")
    address = f"/api/statements/{statement.pk}/"
    response = client.get(address, {"q": "ofsted", "person": "peter-hay"})
    assert response.status_code == 200
    assert response.json()["text"] == statement.text


def test_one_item_by_its_address_is_shown_as_it_stood_on_a_day(client, seeded):
    address = "/api/priorities/single-improvement-plan/"
    assert client.get(address).json()["status"] == "in_progress"
    then = client.get(address, {"as_of": "2014-05-01", "status": "achieved"})
    assert then.status_code == 200
    assert then.json()["status"] == ""


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"document": "50%"}, "No document has the title or address “50%”."),
        ({"document": "100%% sure"}, "No document has the title or address “100%% sure”."),
        ({"person": "%s"}, "No one in the record has the name or address “%s”."),
        # A control character is read as U+FFFD, which stands for one (readable_query).
        ({"document": "a\x00b"}, "No document has the title or address “a\ufffdb”."),
        ({"person": "\x00"}, "No one in the record has the name or address “\ufffd”."),
    ],
)
def test_a_percent_sign_or_a_nul_in_a_filter_is_a_400_not_a_500(client, seeded, params, message):
    response = client.get("/api/statements/", params)
    assert response.status_code == 400
    assert response.json() == {name: [message] for name in params}


def test_priorities_as_they_stood_on_a_day(client, seeded):
    """On 1 April 2014 the priorities were set out but no status had been recorded."""
    april = by_slug(results(client, "/api/priorities/", {"as_of": "2014-04-01"}))
    assert len(april) == Priority.objects.count()
    assert {(p["status"], p["rag"], p["status_as_of"]) for p in april.values()} == {("", "", None)}
    now = by_slug(results(client, "/api/priorities/"))
    assert now["single-improvement-plan"]["status"] == "in_progress"
    assert now["single-improvement-plan"]["status_as_of"] == "2014-05-23"
    one = client.get("/api/priorities/single-improvement-plan/", {"as_of": "2014-04-01"}).json()
    assert (one["status"], one["overdue"]) == ("", False)


def test_priorities_before_they_were_set_out_are_not_in_the_record(client, seeded):
    assert results(client, "/api/priorities/", {"as_of": "2014-01-01"}) == []


def test_priorities_overdue_and_stale_as_on_the_page(client, seeded):
    """The plan was due by June 2014 and is still in progress: overdue now, not in May."""
    overdue = by_slug(results(client, "/api/priorities/", {"overdue": "yes"}))
    assert "single-improvement-plan" in overdue
    assert all(p["overdue"] for p in overdue.values())
    may = by_slug(results(client, "/api/priorities/", {"overdue": "yes", "as_of": "2014-05-31"}))
    assert may == {}
    stale = by_slug(results(client, "/api/priorities/", {"stale": "yes"}))
    assert stale and all(p["stale"] for p in stale.values())
    page = client.get("/priorities/", {"stale": "yes"}).context["object_list"]
    assert set(stale) == {priority.slug for priority in page}


def test_priorities_by_commissioner_slug_and_deadline(client, seeded):
    warner = results(client, "/api/priorities/", {"commissioner": "norman-warner"})
    assert len(warner) == Priority.objects.filter(commissioner__slug="norman-warner").count()
    due = by_slug(results(client, "/api/priorities/", {"due_before": "2014-06-30"}))
    assert set(due) == {"single-improvement-plan"}
    response = client.get("/api/priorities/", {"commissioner": "nobody"})
    assert response.json() == {"commissioner": ["No person has the slug “nobody”."]}
    backwards = client.get(
        "/api/priorities/", {"due_after": "2014-07-01", "due_before": "2014-01-01"}
    )
    assert backwards.status_code == 400 and "due_before" in backwards.json()


def test_recommendations_on_a_day_with_their_confidence(client, seeded):
    green = results(client, "/api/recommendations/", {"rag": "green"})
    assert [r["reference"] for r in green] == ["R1"]
    assert green[0]["stale"] is False
    before = results(client, "/api/recommendations/", {"rag": "green", "as_of": "2014-03-26"})
    assert before == []


def test_documents_take_the_pages_date_names_and_the_apis_first_ones(client, seeded):
    after = results(client, "/api/documents/", {"published_after": "2014-05-01"})
    assert after and all(d["published_on"] >= "2014-05" for d in after)
    assert results(client, "/api/documents/", {"published_from": "2014-05-01"}) == after
    before = results(client, "/api/documents/", {"published_before": "2013-12-31"})
    assert results(client, "/api/documents/", {"published_to": "2013-12-31"}) == before
    assert all(d["published_on"] < "2014" for d in before)


def test_people_by_post_title_within_an_organisation(client, seeded):
    directors = by_slug(
        results(
            client, "/api/people/", {"role": "director", "organisation": "birmingham-city-council"}
        )
    )
    assert "peter-hay" in directors
    page = client.get("/people/", {"role": "director", "organisation": "birmingham-city-council"})
    assert set(directors) == {person.slug for person in page.context["object_list"]}


@pytest.mark.parametrize(
    ("url", "params", "field", "message"),
    [
        (
            "/api/status-updates/",
            {"as_of_from": "2014-06-01", "as_of_to": "2014-01-01"},
            "as_of_to",
            "Choose a date on or after 1 June 2014, as given in “Dated on or after”.",
        ),
        (
            "/api/documents/",
            {"published_after": "2014-05-01", "published_to": "2014-01-01"},
            "published_to",
            "Choose a date on or after 1 May 2014, as given in “Published on or after”.",
        ),
        (
            "/api/documents/",
            {"published_from": "2014-05-01", "published_before": "2014-01-01"},
            "published_before",
            "Choose a date on or after 1 May 2014, as given in “Published on or after”.",
        ),
    ],
)
def test_a_range_given_backwards_is_a_400_whichever_names_it_uses(
    client, seeded, url, params, field, message
):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


@pytest.mark.parametrize("url", ["/api/statements/", "/api/priorities/five-year-budget/"])
def test_a_format_the_api_does_not_answer_in_is_a_400_pointing_to_the_download(client, seeded, url):
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    [message] = response.json()["format"]
    assert message.startswith("The API answers in JSON only, not “csv”: leave format out")
    assert "/statements/?format=csv" in message
    assert client.get(url, {"format": "json"}).status_code == 200


def test_a_format_given_as_a_suffix_is_named_in_its_400(client, seeded):
    statement = Statement.objects.get(reference="bore-jury-is-out")
    response = client.get(f"/api/statements/{statement.pk}.csv/")
    assert response.status_code == 400
    assert response.json()["format"][0].startswith("The API answers in JSON only, not “csv”")


def test_statements_by_the_organisation_their_speakers_are_named_with(client, seeded):
    """The organisation a statement names its speaker with can be sent back as a filter."""
    [joint] = results(client, "/api/statements/", {"organisation": "conservative-group"})
    [whitby] = [s for s in joint["speakers"] if s["person"] == "mike-whitby"]
    assert whitby["organisation"] == "Conservative Group"
    assert results(client, "/api/statements/", {"organisation": "Conservative Group"}) == [joint]


def test_a_row_asked_on_a_day_before_it_was_set_out_says_so(client, seeded):
    response = client.get("/api/priorities/single-improvement-plan/", {"as_of": "2014-03-26"})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith(
        "“A single and coherent improvement plan” was not yet in the record at the end of "
        "26 March 2014: it was set out in “"
    )
    assert detail.endswith("”, published 27 March 2014.")
    r1 = Recommendation.objects.get(reference="R1")
    response = client.get(f"/api/recommendations/{r1.pk}/", {"as_of": "2014-03-26"})
    assert response.status_code == 404
    assert "was not yet in the record at the end of 26 March 2014" in response.json()["detail"]
    # A row that is not there at all is the plain 404, on any day.
    for address in ["/api/priorities/nothing/", "/api/recommendations/abc/"]:
        response = client.get(address, {"as_of": "2014-03-26"})
        assert response.status_code == 404
        assert response.json() == client.get(address).json()
        assert "not yet in the record" not in response.json()["detail"]
