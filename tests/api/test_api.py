"""The read-only JSON API under /api/."""

import pytest
from django.db import transaction
from django.urls import ResolverMatch, resolve
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from documents.models import Statement
from oversight.api_common import Pagination
from oversight.api_errors import exception_handler
from oversight.models import Priority
from oversight.services import status_update_record
from people.models import Organisation


def results(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_root_lists_every_collection(client, db):
    root = results(client, "/api/")
    assert set(root) == {
        "statements",
        "people",
        "documents",
        "priorities",
        "recommendations",
        "status-updates",
        "organisations",
        "timeline-events",
    }


def test_statements_search_with_the_search_page_syntax_and_filters(client, seeded):
    body = results(client, "/api/statements/", {"q": "director of people", "sort": "oldest"})
    dated = Statement.objects.filter(speakers__slug="peter-hay").exclude(said_on=None)
    assert body["count"] == dated.count()
    first = body["results"][0]
    assert first["speakers"] == [
        {
            "person": "peter-hay",
            "name": "Peter Hay",
            "role": "Director of People",
            "organisation": "Birmingham City Council",
            "other_posts": [],
        }
    ]
    assert first["said_on"] == "2014-03-19"
    assert first["page"].startswith("http://testserver/statements/")


def test_a_statement_lists_every_place_it_was_reported(client, seeded):
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    body = results(client, f"/api/statements/{statement.pk}/")
    assert body["document"] == "council-response-le-grand-review"
    assert [place["document"] for place in body["also_reported_in"]] == [
        "external-commissioner-article"
    ]


def test_a_statement_says_which_report_not_held_its_words_come_from(client, seeded):
    statement = Statement.objects.get(reference="le-grand-fragile")
    assert results(client, f"/api/statements/{statement.pk}/")["quoted_from"] == "le-grand-report"
    said = Statement.objects.get(reference="bore-jury-is-out")
    assert results(client, f"/api/statements/{said.pk}/")["quoted_from"] is None


def test_statements_are_paginated(client, seeded):
    body = results(client, "/api/statements/", {"page_size": 5})
    assert len(body["results"]) == 5
    assert body["count"] == Statement.objects.count()
    assert "page=2" in body["next"]


def test_a_page_size_over_the_limit_gets_the_limit(client, seeded):
    body = results(client, "/api/statements/", {"page_size": 1000})
    assert len(body["results"]) == min(100, Statement.objects.count())


def test_the_next_and_previous_links_ask_the_page_size_served(client, seeded, monkeypatch):
    monkeypatch.setattr(Pagination, "max_page_size", 5)  # fewer rows than 100 make pages
    body = results(client, "/api/statements/", {"page_size": 500, "page": 2, "sort": "oldest"})
    assert len(body["results"]) == 5
    for link in (body["next"], body["previous"]):
        assert "page_size=5" in link and "500" not in link and "sort=oldest" in link


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "1.5"}, "page"),
    ],
)
def test_a_page_or_page_size_that_is_not_a_whole_number_is_a_400(client, seeded, params, field):
    # Not the default page, which reads as if the request had been honoured.
    response = client.get("/api/statements/", params)
    assert response.status_code == 400
    assert response.json() == {field: [f"Give a whole number from 1, not “{params[field]}”."]}


def test_a_page_past_the_end_is_a_404_and_last_is_the_last(client, seeded):
    past = client.get("/api/statements/", {"page": 999, "page_size": 100})
    assert past.status_code == 404
    assert past.json() == {"detail": "There is no page 999 of this list: it has 1 page."}
    pages = Statement.objects.count() // 5 + bool(Statement.objects.count() % 5)
    past = client.get("/api/statements/", {"page": 1000, "page_size": 5})
    assert past.json() == {"detail": f"There is no page 1,000 of this list: it has {pages} pages."}
    last = results(client, "/api/statements/", {"page": "last", "page_size": 5})
    assert last["next"] is None and last["previous"] is not None


def test_people_documents_priorities_recommendations_and_updates(client, seeded):
    people = results(client, "/api/people/", {"organisation": "conservative-group"})
    assert [p["slug"] for p in people["results"]] == ["mike-whitby"]
    hay = results(client, "/api/people/peter-hay/")
    assert [role["started_on"] for role in hay["roles"]] == [None, "2013-07", "2013-12"]
    report = results(client, "/api/documents/le-grand-report/")
    assert report["is_held"] is False and report["published_on"] == "2014-03"
    priorities = results(client, "/api/priorities/", {"status": "not_started"})
    assert [p["slug"] for p in priorities["results"]] == ["five-year-budget"]
    ruled_out = results(client, "/api/recommendations/", {"outcome": "ruled_out"})
    assert {r["reference"] for r in ruled_out["results"]} == {"O1", "O2"}
    updates = results(client, "/api/status-updates/", {"priority": "single-improvement-plan"})
    assert updates["count"] == 1 and updates["results"][0]["evidence_statements"]
    listed = results(client, "/api/recommendations/", {"review": "le-grand-review"})["results"]
    r1 = next(item for item in listed if item["reference"] == "R1")
    by_recommendation = results(client, "/api/status-updates/", {"recommendation": r1["id"]})
    assert by_recommendation["count"] and all(
        update["recommendation"] == r1["id"] for update in by_recommendation["results"]
    )
    council = results(client, "/api/people/", {"organisation": "birmingham-city-council"})
    assert "peter-hay" in {p["slug"] for p in council["results"]}
    reviewed = results(client, "/api/recommendations/", {"review": "le-grand-review"})
    assert reviewed["count"] == 6
    published = results(client, "/api/documents/", {"publisher": "birmingham-city-council"})
    assert published["count"] and all(
        d["publisher"] == "birmingham-city-council" for d in published["results"]
    )


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/statements/", {"q": "-everything"}, "q"),
        ("/api/statements/", {"q": "x" * 10_000}, "q"),
        ("/api/statements/", {"person": "nobody"}, "person"),
        ("/api/statements/", {"date_from": "yesterday"}, "date_from"),
        ("/api/priorities/", {"status": "finished"}, "status"),
        ("/api/status-updates/", {"as_of_from": "2014-13-01"}, "as_of_from"),
        ("/api/status-updates/", {"priority": "no-such-priority"}, "priority"),
        ("/api/people/", {"organisation": "bogus"}, "organisation"),
        ("/api/recommendations/", {"review": "bogus"}, "review"),
        ("/api/documents/", {"publisher": "bogus"}, "publisher"),
        ("/api/timeline-events/", {"kind": "meeting"}, "kind"),
        ("/api/timeline-events/", {"year_from": "2014", "year_to": "2010"}, "year_to"),
        ("/api/statements/", {"date_from": "2014-06-01", "date_to": "2014-01-01"}, "date_to"),
        (
            "/api/documents/",
            {"published_after": "2015-01-01", "published_before": "2014-01-01"},
            "published_before",
        ),
        (
            "/api/documents/",
            {"published_from": "2015-01-01", "published_to": "2014-01-01"},
            "published_to",
        ),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(client, seeded, url, params, field):
    response = client.get(url, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_recommendation_the_record_does_not_hold_is_named_in_the_400(client, seeded):
    response = client.get("/api/status-updates/", {"recommendation": "999"})
    assert response.status_code == 400
    assert response.json() == {"recommendation": ["No recommendation has the id “999”."]}


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/statements/", {"date_from": "50%"}),
        ("/api/documents/", {"published_from": "spring %s"}),
        ("/api/status-updates/", {"as_of_to": "%(value)s"}),
    ],
)
def test_a_date_that_does_not_read_is_named_in_the_message(client, seeded, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    [(field, value)] = params.items()
    assert response.json()[field] == [
        f"“{value}” is not a date: write it as year-month-day, for example 2014-05-23."
    ]


def test_the_api_is_read_only(client, seeded):
    response = client.post("/api/statements/", {"text": "Invented."})
    assert response.status_code == 405
    assert Statement.objects.filter(text="Invented.").count() == 0


def test_the_openapi_description_covers_every_collection(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    collections = ["statements", "people", "documents", "priorities", "recommendations"]
    for path in [*collections, "status-updates", "organisations", "timeline-events"]:
        assert f"/api/{path}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/statements/"]["get"]["parameters"]}
    assert {"q", "person", "role", "organisation", "document", "kind", "sort"} <= parameters


def test_the_description_gives_each_row_the_parameters_it_takes(client, db):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    def taken(path):
        operation = paths[path]["get"]
        return {p["name"] for p in operation["parameters"] if p["in"] == "query"}

    assert taken("/api/priorities/{slug}/") == {"as_of", "format"}
    assert taken("/api/recommendations/{id}/") == {"as_of", "format"}
    assert taken("/api/statements/{id}/") == {"format"}
    assert "400" in paths["/api/statements/{id}/"]["get"]["responses"]


def test_the_description_says_what_each_filter_takes_and_the_page_sizes(client, db):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    parameters = {p["name"]: p for p in paths["/api/statements/"]["get"]["parameters"]}
    assert parameters["person"]["description"].startswith("Their name (Sir Albert Bore")
    assert parameters["document"]["description"].startswith("A document's title")
    # Over 100 is taken and capped, not refused: the schema says no maximum it would break.
    assert parameters["page_size"]["schema"] | {"type": "integer"} == {
        "type": "integer",
        "minimum": 1,
    }
    assert parameters["page_size"]["description"] == (
        "Results a page, 20 unless given; more than 100 gets 100."
    )
    assert parameters["page"]["schema"]["oneOf"] == [
        {"type": "integer", "minimum": 1},
        {"type": "string", "enum": ["last"]},
    ]
    years = {p["name"]: p for p in paths["/api/timeline-events/"]["get"]["parameters"]}
    assert years["year_from"]["schema"] == {"type": "integer", "minimum": 1000, "maximum": 9999}
    as_of = next(
        p for p in paths["/api/priorities/{slug}/"]["get"]["parameters"] if p["name"] == "as_of"
    )
    assert "from 1900-01-01 to today" in as_of["description"]
    updates = {p["name"]: p for p in paths["/api/status-updates/"]["get"]["parameters"]}
    assert updates["recommendation"]["description"].startswith("A recommendation's id")


# Record version, count, page, then each list's prefetches; no transaction (oversight/
# urls.py, reading_only). Once counted, the count comes from the cache until the record
# changes: one query fewer.
LIST_QUERIES = {
    "/api/statements/": 3 + 2,  # speakers with their posts, passages
    "/api/people/": 3 + 1,  # roles
    "/api/documents/": 3,
    "/api/priorities/": 3,
    "/api/recommendations/": 3,
    "/api/status-updates/": 3 + 2,  # evidence statements and documents
    "/api/organisations/": 3,
    "/api/timeline-events/": 3,
}


@pytest.mark.parametrize("url", LIST_QUERIES)
def test_api_list_query_count_does_not_grow_with_the_data(
    client,
    seeded,
    django_assert_num_queries,
    url,
    make_statement,
    make_role,
    make_priority,
    make_recommendation,
    make_organisation,
    make_timeline_event,
):
    with django_assert_num_queries(LIST_QUERIES[url]):
        client.get(url)
    with django_assert_num_queries(LIST_QUERIES[url] - 1):
        client.get(url, {"page": 1})
    for _ in range(25):
        statement = make_statement()
        make_role(person=statement.speakers.get())
        make_recommendation()
        make_organisation(parent=Organisation.objects.first())
        make_timeline_event()
        priority = make_priority()
        status_update_record(
            item=priority,
            status="in_progress",
            rag="amber",
            as_of=priority.source.published_on,
            note="Started.",
            statements=[statement],
        )
    with django_assert_num_queries(LIST_QUERIES[url]):
        assert len(client.get(url).json()["results"]) == 20


def test_an_api_count_is_exact_after_every_kind_of_write(
    client, seeded, make_statement, make_document
):
    """Counts are cached until the record changes, including the passages that report a
    statement again, which decide a search narrowed to a document."""
    statements = client.get("/api/statements/").json()["count"]
    statement = make_statement()
    assert client.get("/api/statements/").json()["count"] == statements + 1
    document = make_document(body=f"Also reported: {statement.text} End.")
    in_document = {"document": document.slug}
    assert client.get("/api/statements/", in_document).json()["count"] == 0
    start = document.body.index(statement.text)
    end = start + len(statement.text)
    statement.passages.create(document=document, start=start, end=end, text=statement.text)
    assert client.get("/api/statements/", in_document).json()["count"] == 1
    statement.delete()
    assert client.get("/api/statements/").json()["count"] == statements


@pytest.mark.parametrize("collection", ["people", "documents", "priorities", "timeline-events"])
@pytest.mark.parametrize("slug", ["%00", "peter%00hay", "%00.json"])
def test_a_slug_that_cannot_exist_is_not_found(client, seeded, collection, slug):
    # A NUL reached PostgreSQL's query and came back as a 500 (found by tests/test_fuzz.py).
    response = client.get(f"/api/{collection}/{slug}/")
    assert response.status_code == 404
    assert client.get(f"/api/{collection}/").status_code == 200


def test_a_correction_links_the_update_it_corrects(client, seeded, make_status_update):
    priority = Priority.objects.get(slug="five-year-budget")
    original = priority.updates.get()
    correction = make_status_update(
        priority, as_of=original.as_of, note="Correction: it had begun.", corrects=original
    )
    updates = results(client, "/api/status-updates/", {"priority": "five-year-budget"})
    corrects = {row["id"]: row["corrects"] for row in updates["results"]}
    assert corrects == {
        original.pk: None,
        correction.pk: f"http://testserver/api/status-updates/{original.pk}/",
    }
    assert results(client, corrects[correction.pk])["note"] == original.note


@pytest.mark.parametrize("path", ["/api/status-updates/", "/api/priorities/"])
def test_every_link_between_rows_is_to_the_api_s_own_addresses(path):
    # DRF names a hyperlinked model's relations after their model ("statusupdate-detail"),
    # outside the api namespace: such a field fails only once a row has the relation.
    serializer = resolve(path).func.cls.serializer_class()
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.HyperlinkedRelatedField):
            assert field.view_name.startswith("api:"), name


def test_a_speaker_s_other_posts_that_day_are_listed(client, seeded):
    statement = Statement.objects.get(reference="bore-jury-is-out")
    [speaker] = results(client, f"/api/statements/{statement.pk}/")["speakers"]
    assert (speaker["role"], speaker["organisation"]) == (
        "Leader of the City Council",
        "Birmingham City Council",
    )
    assert speaker["other_posts"] == [
        {"role": "Leader of the Labour Group", "organisation": "Labour Group"},
        {
            "role": "Chair of the performance monitoring board",
            "organisation": "Performance monitoring board",
        },
    ]


@pytest.mark.parametrize("path", ["/api/nothing/", "/api/people/%C3%A9/", "/api/statements/x/"])
def test_an_address_under_the_api_that_is_not_one_is_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_an_api_error_leaves_the_transaction_around_it_usable(
    client, seeded, make_statement, make_document
):
    """The API runs in no transaction of its own; REST framework's error answer would mark
    for rollback the one around it, here the test's (oversight.api_errors.exception_handler)."""
    assert client.get("/api/statements/", {"date_from": "soon"}).status_code == 400
    assert client.get("/api/priorities/no-such-priority/").status_code == 404
    assert client.post("/api/statements/").status_code == 405
    make_statement(document=make_document(body="Later: said after the errors. End."))
    assert client.get("/api/statements/", {"q": "errors"}).json()["count"] == 1


def test_an_api_error_in_a_view_of_its_own_transaction_marks_it_for_rollback(db, rf):
    """As REST framework does for a view under ATOMIC_REQUESTS: whatever it wrote is undone."""
    request = rf.get("/api/statements/")
    request.resolver_match = ResolverMatch(lambda request: None, (), {})
    with transaction.atomic():
        exception_handler(NotFound(), {"request": request, "view": None})
        assert transaction.get_rollback()
        transaction.set_rollback(False)


def test_organisations_give_the_slugs_the_filters_take_and_link_to_what_they_filter(client, seeded):
    councils = results(client, "/api/organisations/", {"kind": "council"})["results"]
    council = next(o for o in councils if o["slug"] == "birmingham-city-council")
    assert council["name"] == "Birmingham City Council" and council["parent"] is None
    assert {o["kind"] for o in councils} == {"council"}
    # The links are the lists filtered by it, and they answer.
    people = client.get(council["people"]).json()["results"]
    assert "albert-bore" in {person["slug"] for person in people}
    assert client.get(council["statements"]).json()["count"] > 0
    publishers = results(client, "/api/organisations/", {"kind": "publisher"})["results"]
    assert publishers and all(client.get(p["documents"]).json()["count"] > 0 for p in publishers)
    assert client.get(council["url"]).json() == council


def test_organisations_within_a_body_are_listed_by_its_slug(client, seeded):
    within = {"parent": "birmingham-city-council"}
    groups = results(client, "/api/organisations/", within)["results"]
    assert groups and {group["parent"] for group in groups} == {"birmingham-city-council"}
    unknown = client.get("/api/organisations/", {"parent": "nowhere"})
    assert unknown.status_code == 400


def test_the_chronology_gives_each_event_its_dates_kind_rating_and_source(client, seeded):
    listed = results(client, "/api/timeline-events/", {"kind": "inspection", "year_from": 2008})
    events = {event["slug"]: event for event in listed["results"]}
    assert listed["count"] == len(events) == 7
    assert {event["kind"] for event in events.values()} == {"inspection"}
    # A span that reaches the year asked for is in it, with the year it ended.
    span = events["one-star-rating"]
    assert (span["occurred_on"], span["ended_on"], span["rating"]) == ("2005", "2008", "One star")
    assert span["source"] == "council-response-ofsted-report"
    event = results(client, span["url"])
    assert event == span
    assert span["url"] == "http://testserver/api/timeline-events/one-star-rating/"


def test_the_chronology_lists_what_the_timeline_page_lists(client, seeded):
    query = {"year_from": 2010, "year_to": 2012}
    page = client.get("/timeline/", query).context["object_list"]
    listed = results(client, "/api/timeline-events/", query)["results"]
    assert [event["slug"] for event in listed] == [event.slug for event in page]
    assert listed, "the years asked for hold events"
