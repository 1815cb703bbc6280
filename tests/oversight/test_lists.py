"""Filtered lists of priorities, recommendations and timeline events."""

import datetime

import pytest

from tests.pages import main_text, section


def titles(response):
    return [item.title for item in response.context["object_list"]]


def references(response):
    return [item.reference for item in response.context["object_list"]]


ALL_PRIORITIES = [
    "Analyse children at risk who are unknown to social services",
    "Strengthen senior management capacity",
    "A single and coherent improvement plan",
    "A five-year budget",
]


def test_priority_list_shows_every_priority_with_its_status(client, seeded):
    response = client.get("/priorities/")
    assert titles(response) == ALL_PRIORITIES
    text = main_text(response)
    assert "4 priorities." in text
    assert "A five-year budget Stale Lord Norman Warner Not started Amber confidence" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=not_started", ["A five-year budget"]),
        ("status=in_progress", ALL_PRIORITIES[:3]),
        ("status=achieved", []),
        ("status=none", []),
        ("status=none&as_of=2014-05-22", ALL_PRIORITIES),
        ("as_of=2014-03-27", ALL_PRIORITIES),
        ("as_of=2014-03-26", []),  # set out on 27 March: not in the record the day before
        ("rag=amber", ALL_PRIORITIES),
        ("rag=green", []),
        ("rag=red", []),
        ("overdue=yes", ["A single and coherent improvement plan"]),
        ("overdue=no", [ALL_PRIORITIES[0], ALL_PRIORITIES[1], ALL_PRIORITIES[3]]),
        ("overdue=yes&as_of=2014-06-30", []),
        ("overdue=yes&as_of=2014-07-01", ["A single and coherent improvement plan"]),
        ("stale=yes", ALL_PRIORITIES),
        ("stale=no&as_of=2014-06-01", ALL_PRIORITIES),
        ("commissioner=norman-warner", ALL_PRIORITIES),
        ("due_before=2014-06-30", ["A single and coherent improvement plan"]),
        ("due_before=2014-06-29", []),
        ("due_after=2014-06-30", ["A single and coherent improvement plan"]),
        ("due_after=2014-07-01", []),
        ("status=in_progress&rag=amber&stale=yes", ALL_PRIORITIES[:3]),
        ("unknown=ignored", ALL_PRIORITIES),
    ],
)
def test_each_priority_filter_narrows_the_list(client, seeded, query, expected):
    response = client.get(f"/priorities/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_the_filter_form_keeps_what_was_chosen_so_the_address_can_be_shared(client, seeded):
    page = client.get("/priorities/?status=in_progress&due_after=2014-06-01").content.decode()
    assert '<option value="in_progress" selected>In progress</option>' in page
    assert 'name="due_after" value="2014-06-01"' in page


def test_stale_follows_the_configured_number_of_days(client, seeded, settings):
    settings.OVERSIGHT_STALE_AFTER_DAYS = 30
    assert titles(client.get("/priorities/?stale=yes&as_of=2014-06-22")) == []
    assert titles(client.get("/priorities/?stale=yes&as_of=2014-06-23")) == ALL_PRIORITIES


def test_no_match_says_so_and_offers_to_clear_the_filters(client, seeded):
    response = client.get("/priorities/?status=achieved")
    assert response.status_code == 200
    assert "No priorities match these filters. Clear the filters to see them all." in (
        main_text(response)
    )
    assert "<table" not in response.content.decode().split("</form>", 1)[1]


def test_an_empty_list_on_a_day_before_any_was_set_out_says_why(client, seeded):
    text = main_text(client.get("/priorities/?as_of=2014-03-26"))
    assert (
        "No priorities had been set out by the end of 26 March 2014: each is in the record "
        "from the day the document setting it out was published. Show the record as it "
        "stands now."
    ) in text
    # Where another filter empties the list, it is the filters that are said to.
    text = main_text(client.get("/priorities/?as_of=2014-06-01&status=achieved"))
    assert "No priorities match these filters. Clear the filters to see them all." in text
    assert "had been set out" not in text


def test_as_of_on_the_list_shows_the_record_on_that_day(client, seeded):
    response = client.get("/priorities/?as_of=2014-04-01")
    text = main_text(response)
    assert "The record as it stood at the end of 1 April 2014" in text
    assert "No status recorded" in section(response, "Priorities at the end of 1 April 2014")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "status=finished",
            "Status: Select a valid choice: “finished” is not one of not_started, in_progress, "
            "achieved, not_achieved, superseded, none.",
        ),
        ("rag=purple", "RAG confidence: Select a valid choice"),
        ("overdue=maybe", "Overdue: Select a valid choice"),
        ("stale=1", "Stale: Select a valid choice"),
        (
            "commissioner=nobody",
            "Commissioner: “nobody” is not in this filter's list: choose one listed, "
            "or “Any commissioner”.",
        ),
        (
            "due_before=June",
            "Deadline on or before: “June” is not a date: "
            "write it as year-month-day, for example 2014-05-23.",
        ),
        ("due_after=2014-13-01", "Deadline on or after: “2014-13-01” is not a date"),
        (
            "due_after=2014-07-01&due_before=2014-01-01",
            "Deadline on or before: Choose a date on or after 1 July 2014, "
            "as given in “Deadline on or after”.",
        ),
        ("as_of=0000-01-01", "“0000-01-01” is not a date"),
        ("as_of=0001-01-01", "Choose a day on or after 1 January 1900."),
        ("as_of=9999-12-31", "Choose a day no later than today"),
        ("as_of=" + "9" * 500, "“" + "9" * 29 + "…” is not a date"),
        ("status=%00", "Status: Select a valid choice"),
    ],
)
def test_a_bad_priority_filter_is_a_400_with_the_forms_message(client, seeded, query, message):
    response = client.get(f"/priorities/?{query}")
    assert response.status_code == 400
    text = main_text(response)
    assert "There is a problem with the filters" in text
    assert message in text
    assert "No results: correct the filters above." in text


def test_each_request_gets_a_form_of_its_own(client, seeded):
    """The form class is made once (oversight.filters.FilterSet): its forms share nothing."""
    assert client.get("/priorities/?rag=purple&due_before=June").status_code == 400

    response = client.get("/priorities/?rag=green")

    assert response.status_code == 200
    text = main_text(response)
    assert "There is a problem with the filters" not in text
    assert "is not a date" not in text
    assert response.context["filter"].form["rag"].value() == "green"
    assert response.context["filter"].form["due_before"].value() is None


def test_priority_list_paginates_and_keeps_the_filters_in_page_links(client, seeded, make_priority):
    for _ in range(60):
        make_priority(due_on=datetime.date(2015, 1, 1), due_on_precision="year")
    response = client.get("/priorities/?due_after=2015-01-01")
    assert len(response.context["object_list"]) == 50
    assert "Page 1 of 2." in main_text(response)
    assert 'href="?due_after=2015-01-01&amp;page=2"' in response.content.decode()
    second = client.get("/priorities/?due_after=2015-01-01&page=2")
    assert len(second.context["object_list"]) == 10


def test_a_page_past_the_end_is_not_found_and_a_page_that_is_no_number_is_refused(client, seeded):
    assert client.get("/priorities/?page=9").status_code == 404
    assert client.get("/priorities/?page=first").status_code == 400


def test_recommendation_list_shows_outcomes_and_statuses(client, seeded):
    response = client.get("/recommendations/")
    assert references(response) == ["O1", "O2", "O3", "R1", "R2", "R3"]
    assert "6 recommendations and options." in main_text(response)
    text = section(response, "Recommendations and options")
    assert "O1 A transfer of responsibility" in text and "Ruled out Not tracked" in text
    assert "Achieved Green confidence 27 March 2014" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outcome=recommended", ["R1", "R2", "R3"]),
        ("outcome=ruled_out", ["O1", "O2"]),
        ("outcome=rejected", ["O3"]),
        ("status=in_progress", ["R2", "R3"]),
        ("status=achieved", ["R1"]),
        # The options ruled out have no status, but are not tracked: none is waiting.
        ("status=none", []),
        ("rag=green", ["R1"]),
        ("rag=amber", ["R2", "R3"]),
        ("stale=yes", ["R2", "R3"]),
        ("stale=no&outcome=recommended", ["R1"]),
        ("stale=yes&as_of=2014-06-25", []),
        ("status=none&outcome=recommended&as_of=2014-04-01", ["R3"]),
        ("status=in_progress&as_of=2014-04-01", ["R2"]),
        ("status=in_progress&as_of=2014-03-26", []),
        ("as_of=2014-03-27", ["O1", "O2", "O3", "R1", "R2", "R3"]),
        ("as_of=2014-03-26", []),
    ],
)
def test_each_recommendation_filter_narrows_the_list(client, seeded, query, expected):
    assert references(client.get(f"/recommendations/?{query}")) == expected


@pytest.mark.parametrize(
    "query", ["outcome=adopted", "status=done", "as_of=someday", "as_of=0001-01-01"]
)
def test_a_bad_recommendation_filter_is_a_400(client, seeded, query):
    response = client.get(f"/recommendations/?{query}")
    assert response.status_code == 400
    assert "There is a problem with the filters" in main_text(response)


def test_timeline_shows_events_with_inspection_ratings(client, seeded):
    response = client.get("/timeline/")
    assert len(response.context["object_list"]) == 23
    text = section(response, "Events, oldest first")
    assert "2005 " in text and "One star" in text
    assert "23 May 2014 Ofsted report published: inadequate" in text


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("kind=inspection", [2005, 2008, 2009, 2010, 2012, 2014, 2014]),
        ("kind=inspection&year_from=2009&year_to=2012", [2009, 2010, 2012]),
        ("year_from=2014", [2014] * 5),
        ("year_to=2002", [2002, 2002]),
        ("year_from=2020", []),
    ],
)
def test_each_timeline_filter_narrows_the_list(client, seeded, query, years):
    response = client.get(f"/timeline/?{query}")
    assert [event.occurred_on.year for event in response.context["object_list"]] == years


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("year_from=2003&year_to=2004", "Department of Health intervention"),
        ("year_from=2006&year_to=2007", "One-star rating, no progress"),
        ("year_from=2005&year_to=2005", "Department of Health intervention"),
    ],
)
def test_an_event_spanning_years_is_in_each_year_it_spans(client, seeded, query, title):
    response = client.get(f"/timeline/?{query}")
    assert title in [event.title for event in response.context["object_list"]]


def test_an_event_spanning_years_is_not_in_a_year_after_it_ends(client, seeded):
    response = client.get("/timeline/?year_from=2006&year_to=2006")
    titles = [event.title for event in response.context["object_list"]]
    assert "Department of Health intervention" not in titles


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=party", "Kind of event: Select a valid choice"),
        (
            "year_from=twenty",
            "From year: “twenty” is not a year: give one from 1000 to 9999, for example 2008.",
        ),
        ("year_from=2014.5", "From year: “2014.5” is not a year"),
        ("year_from=14", "From year: “14” is not a year"),
        ("year_from=0201", "From year: “0201” is not a year"),
        ("year_from=0999", "From year: “0999” is not a year: give one from 1000 to 9999"),
        ("year_to=99999", "To year: “99999” is not a year"),
        ("year_to=%EF%BC%92%EF%BC%90%EF%BC%90%EF%BC%98", "To year: “２００８” is not a year"),
        (
            "year_from=2014&year_to=2010",
            "To year: Choose a year on or after 2014, as given in “From year”.",
        ),
    ],
)
def test_a_bad_timeline_filter_is_a_400_with_the_forms_message(client, seeded, query, message):
    response = client.get(f"/timeline/?{query}")
    assert response.status_code == 400
    assert message in main_text(response)


# The list, the record version and the paginator's count; the priorities also list their
# commissioners. The count and the commissioners are kept until the record next changes:
# the next request reads neither.
PRIORITY_LIST_QUERIES = 4
RECOMMENDATION_LIST_QUERIES = 3
TIMELINE_QUERIES = 3


@pytest.mark.parametrize(
    ("url", "queries", "again"),
    [
        ("/priorities/", PRIORITY_LIST_QUERIES, PRIORITY_LIST_QUERIES - 2),
        (
            "/priorities/?status=in_progress&overdue=no&as_of=2014-06-01",
            PRIORITY_LIST_QUERIES,
            PRIORITY_LIST_QUERIES - 2,
        ),
        ("/recommendations/?outcome=recommended", RECOMMENDATION_LIST_QUERIES, 2),
        ("/timeline/?kind=inspection", TIMELINE_QUERIES, 2),
    ],
)
def test_list_query_counts_do_not_grow_with_the_data(
    client, seeded, grow_the_record, django_assert_num_queries, url, queries, again
):
    with django_assert_num_queries(queries):
        client.get(url)
    with django_assert_num_queries(again):
        client.get(url)
    grow_the_record(50)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.context["paginator"].count > 50


def test_a_new_commissioner_is_offered_at_once(client, seeded, make_person, make_priority):
    """The commissioners listed are kept until the record changes, never longer."""
    assert "Sunshine" not in client.get("/priorities/").content.decode()
    make_priority(commissioner=make_person(name="Alex Sunshine", slug="alex-sunshine"))
    page = client.get("/priorities/").content.decode()
    assert '<option value="alex-sunshine">Alex Sunshine</option>' in page
    chosen = client.get("/priorities/", {"commissioner": "alex-sunshine"})
    assert chosen.status_code == 200
    selected = '<option value="alex-sunshine" selected>Alex Sunshine</option>'
    assert selected in chosen.content.decode()


def test_a_priority_row_escapes_its_title_and_commissioner(client, make_priority, make_person):
    commissioner = make_person(name="Ann O'Neil & <Co>")
    make_priority(title="Fix <script>alert(1)</script> & more", commissioner=commissioner)
    page = client.get("/priorities/").content.decode()
    assert "Fix &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</a>" in page
    assert '<span class="quiet">Ann O&#x27;Neil &amp; &lt;Co&gt;</span>' in page
    assert "<script>alert(1)" not in page
    assert "<td>No date set</td>" in page and "<td>Never</td>" in page
    assert "<td>Never updated</td>" in page


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("/priorities/?status=In+progress", "“In progress” is how the site shows in_progress"),
        ("/priorities/?rag=purple", None),
        ("/recommendations/?outcome=ruled+out", "“ruled out” is how the site shows ruled_out"),
        ("/statements/?kind=Direct+quote", "“Direct quote” is how the site shows direct_quote"),
        ("/api/priorities/?status=Not+started", "“Not started” is how the site shows not_started"),
    ],
)
def test_a_choice_given_as_the_site_shows_it_says_which_value_to_give(
    client, seeded, address, said
):
    response = client.get(address)
    assert response.status_code == 400
    text = response.content.decode() if address.startswith("/api/") else main_text(response)
    if said:
        value = said.rsplit(" ", 1)[1]
        assert f"{said}: give {value}." in text
    else:  # a value that is no label keeps the list of values
        assert "is not one of red, amber, green" in text
