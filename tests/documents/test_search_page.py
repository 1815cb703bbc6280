"""The search page at /statements/: a journalist's way into the record."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document, Statement
from oversight.dates import PartialDate
from tests.pages import main_text

URL = reverse("documents:statements")


def results_text(response):
    """Return the visible text of the results: after the search form, before any note
    of undated words left out."""
    text = main_text(response)
    return re.split("Download these results|Follow this search", text)[-1].split("Not counted: ")[0]


def result_links(response):
    return re.findall(r'<a href="(/statements/\d+/)">Read, cite', response.content.decode())


def test_search_shows_speaker_role_that_day_date_document_and_highlight(client, seeded):
    response = client.get(URL, {"q": "inspections"})
    page = response.content.decode()
    text = main_text(response)
    assert response.status_code == 200
    assert "6 statements" in text
    assert "Peter Hay, Director of People, Birmingham City Council" in text
    assert "27 March 2014" in text
    assert "Le Grand Review into Birmingham's children's services" in text
    assert "<mark>inspection</mark>" in page
    assert page.count("<h1") == 1


def test_the_page_explains_the_search_syntax(client, db):
    text = main_text(client.get(URL))
    for example in ['"jury is out"', "fragile -modest", "jury OR delude", "director of people"]:
        assert example in text


def test_a_word_left_out_is_left_out_of_the_speakers_posts_as_the_page_says(client, seeded):
    # Each term matches the words or the posts held that day, the left-out ones too.
    assert "inadequate -people leaves out what the Director of People said" in main_text(
        client.get(URL)
    )
    hay = "Peter Hay"
    assert hay in results_text(client.get(URL, {"q": "inadequate"}))
    assert hay not in results_text(client.get(URL, {"q": "inadequate -people"}))


@pytest.mark.parametrize("spaces", [" ", "\u00a0", "\u202f", "\u3000", " \u00a0 "])
def test_a_box_of_spaces_of_any_kind_is_an_empty_box(client, seeded, spaces):
    response = client.get(URL, {"q": spaces})
    empty = client.get(URL)
    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", response.content.decode()).group(1)
    assert title.startswith("Search statements")
    assert result_links(response) == result_links(empty) != []


def test_every_form_control_has_a_label(client, seeded):
    page = client.get(URL).content.decode()
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', page)
    assert len(ids) >= 9
    for control_id in ids:
        assert f'<label for="{control_id}">' in page


@pytest.mark.parametrize(
    ("query", "folded"),
    [
        ({"q": "jury"}, True),  # words alone that find statements: the results come first
        ({"q": "jury", "sort": "", "kind": ""}, True),  # the form's empty boxes, as sent
        ({}, False),  # no search yet: every way in is shown
        ({"q": "jury", "person": "albert-bore"}, False),  # a filter given is shown given
        ({"q": "quillwort"}, False),  # nothing found: the filters may be why, or the way on
        ({"q": "jury", "date_from": "someday"}, False),  # a filter to mend
    ],
)
def test_the_filters_fold_away_after_a_search_of_words_alone(client, seeded, query, folded):
    page = client.get("/statements/", query).content.decode()
    [details] = re.findall(r'<details id="search-filters"[^>]*>', page)
    assert ("open" not in details) == folded
    assert "Narrow or sort the results" in page and 'id="id_person"' in page


def test_filters_narrow_the_results(client, seeded):
    by_person = results_text(client.get(URL, {"q": "report", "person": "peter-hay"}))
    assert "Peter Hay" in by_person and "Brigid Jones" not in by_person
    by_role = client.get(URL, {"role": "Director of People"})
    dated = Statement.objects.filter(speakers__slug="peter-hay").exclude(said_on=None)
    assert len(result_links(by_role)) == dated.count()
    by_kind = main_text(client.get(URL, {"kind": "joint_statement"}))
    assert "Lord Mike Whitby" in results_text(client.get(URL, {"kind": "joint_statement"}))
    assert "1 statement" in by_kind


@pytest.mark.parametrize("typed", ["peter-hay", "Peter Hay", "  peter HAY "])
def test_a_speaker_is_named_by_name_or_by_page_address(client, seeded, typed):
    response = client.get(URL, {"q": "report", "person": typed})
    assert response.status_code == 200
    bylines = re.findall(r'<p class="byline">(.*?)</p>', response.content.decode())
    assert bylines and all("Peter Hay" in byline for byline in bylines)


def test_a_speaker_not_in_the_record_is_a_400_naming_the_address(client, seeded):
    response = client.get(URL, {"q": "report", "person": "Peter Hayes"})
    assert response.status_code == 400
    assert "No one in the record has the name or address “Peter Hayes”." in main_text(response)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        *[
            (typed, "Albert Bore")
            for typed in [
                "Sir Albert Bore",
                "sir albert bore",
                "Albert Bore",
                "Bore",
                "albert-bore",
                "/people/albert-bore/",
                "https://example.org/people/albert-bore/",
            ]
        ],
        ("Cllr Paul Tilsley MBE", "Paul Tilsley"),  # with the honours the site prints
        ("Ed Timpson", "Edward Timpson"),  # a first name shortened
        ("Brigid", "Brigid Jones"),  # a first name no one else has
    ],
)
def test_a_speaker_is_named_as_the_site_shows_them_or_by_surname(client, seeded, typed, name):
    response = client.get(URL, {"person": typed})
    assert response.status_code == 200
    bylines = re.findall(r'<p class="byline">(.*?)</p>', response.content.decode())
    assert bylines and all(name in byline for byline in bylines)


def test_a_surname_two_people_share_is_a_400_naming_both(client, seeded, make_person):
    make_person(name="Sarah Jones", slug="sarah-jones")
    response = client.get(URL, {"person": "Jones"})
    assert response.status_code == 400
    assert (
        "“Jones” could be any of 2 people: Cllr Brigid Jones (brigid-jones); "
        "Sarah Jones (sarah-jones). Type the whole name."
    ) in main_text(response)
    assert client.get(URL, {"person": "Cllr Brigid Jones"}).status_code == 200


def test_a_first_name_two_people_share_is_a_400_naming_both(client, seeded):
    response = client.get(URL, {"person": "Peter"})
    assert response.status_code == 400
    assert (
        "“Peter” could be any of 2 people: Peter Duxbury (peter-duxbury); "
        "Peter Hay (peter-hay). Type the whole name."
    ) in main_text(response)


def test_a_title_alone_names_nobody(client, seeded):
    response = client.get(URL, {"person": "Sir"})
    assert response.status_code == 400
    assert "No one in the record has the name or address “Sir”." in main_text(response)


@pytest.mark.parametrize("typed", ["director of people", "Direc\u00adtor of Peo\u200bple"])
def test_a_role_is_found_whatever_its_case_and_shown_as_listed(client, seeded, typed):
    response = client.get(URL, {"role": typed})
    assert response.status_code == 200
    assert '<option value="Director of People" selected>' in response.content.decode()
    assert "5 statements" in main_text(response)


def test_a_role_typed_with_a_curly_apostrophe_is_the_post(client, seeded):
    curly = client.get(URL, {"role": "children\u2019s minister"})
    assert curly.status_code == 200
    assert '<option value="Children&#x27;s Minister" selected>' in curly.content.decode()
    assert result_links(curly) == result_links(client.get(URL, {"role": "Children's Minister"}))


def test_organisation_means_the_speakers_organisation_that_day(client, seeded):
    text = results_text(client.get(URL, {"organisation": "department-for-education"}))
    assert "Lord Norman Warner" not in text  # his only statement has no date
    response = client.get(URL, {"organisation": "conservative-group"})
    assert "1 statement" in main_text(response)
    assert "Lord Mike Whitby" in results_text(response)


COMMISSIONER = "Commissioner for children's social care in Birmingham"


def undated_note(response):
    """Return the note of undated words the post leaves out, as text, with its links."""
    match = re.search(r'<p id="undated-in-post">(.*?)</p>', response.content.decode())
    if not match:
        return None, []
    return re.sub(r"<[^>]+>", "", match.group(1)), re.findall(r'href="([^"]+)"', match.group(1))


def test_a_post_whose_holders_words_are_undated_says_why_it_finds_none(client, seeded):
    """Lord Warner's words as the Commissioner are all undated: the post finds none, and
    the page says so, with a link to the same search of his words, which finds them."""
    response = client.get(URL, {"role": COMMISSIONER})
    assert "0 statements" in main_text(response)
    note, [link] = undated_note(response)
    assert note == (
        "Not counted: 3 undated statements by Lord Norman Warner match the rest of this "
        "search. Words with no date cannot be placed in a post."
    )
    assert link == "?person=norman-warner"
    theirs = Statement.objects.filter(speakers__slug="norman-warner", said_on__isnull=True)
    assert set(result_links(client.get(URL + link))) >= {s.get_absolute_url() for s in theirs}


def test_a_post_no_one_is_quoted_in_says_so_rather_than_to_try_fewer_filters(client, seeded):
    """Half the posts the form offers find nothing on their own: "try fewer filters" sent a
    journalist to loosen the words or dates, which could never help."""
    text = results_text(client.get(URL, {"q": "care", "role": "education secretary"}))
    assert (
        "No statement matches “care” with these filters. No one is quoted in the record "
        "while holding the post “Education Secretary”, so it finds nothing on its own: "
        "choose another, or search by name in “Said by”. Where the record comes from"
    ) in text
    at_ofsted = results_text(client.get(URL, {"organisation": "ofsted"}))
    assert "No one is quoted in the record while holding a post at Ofsted," in at_ofsted
    # A post whose holders are quoted: the search is what is too narrow.
    narrow = results_text(client.get(URL, {"q": "zebra", "role": "Director of People"}))
    assert "Try fewer words, or fewer filters." in narrow
    assert "No one is quoted" not in narrow


def test_a_person_no_statement_is_by_says_so_rather_than_to_try_fewer_filters(client, seeded):
    text = results_text(client.get(URL, {"person": "Michael Gove"}))
    assert (
        "No statement matches these filters. Michael Gove is not quoted in the record, so a "
        "search by them finds nothing whatever else it asks: their page shows what the record "
        "holds of them."
    ) in text
    page = client.get(URL, {"person": "Michael Gove", "q": "care"}).content.decode()
    assert '<a href="/people/michael-gove/">their page</a>' in page
    # Someone quoted, with words they did not say: the search is what is too narrow.
    narrow = results_text(client.get(URL, {"q": "zebra", "person": "peter-hay"}))
    assert "Try fewer words, or fewer filters." in narrow
    assert "is not quoted" not in narrow


def test_a_search_that_finds_nothing_offers_its_feed_but_no_empty_downloads(client, seeded):
    page = client.get(URL, {"q": "zebra"}).content.decode()
    assert 'href="?q=zebra&amp;format=csv"' not in page
    assert "Download these results" not in page
    assert '<a href="/statements/feed/?q=zebra">Atom feed</a>, for what matches it' in page
    found = client.get(URL, {"q": "jury"}).content.decode()
    assert 'Download these results: <a href="?q=jury&amp;format=csv" download>CSV</a>' in found


def test_the_undated_words_counted_are_those_matching_the_rest_of_the_search(client, seeded):
    response = client.get(URL, {"q": "good", "role": "director of people", "kind": "reported"})
    note, [link] = undated_note(response)
    assert note.startswith("Not counted: 1 undated statement by Peter Hay matches ")
    assert link == "?q=good&amp;kind=reported&amp;person=peter-hay"
    assert undated_note(client.get(URL, {"q": "zebra", "role": "director of people"}))[0] is None
    dated = client.get(URL, {"q": "good", "role": "director of people", "kind": "direct_quote"})
    assert undated_note(dated)[0] is None
    assert undated_note(client.get(URL, {"q": "good"}))[0] is None  # no post asked for


def test_the_undated_note_costs_one_query_whatever_the_holders(
    client, seeded, django_assert_num_queries, make_statement, make_role
):
    # The record version, the count, the page, its speakers and the undated words; no
    # search, so no page plan and no headlines.
    queries = 5
    client.get(URL, {"role": "Director of People"})
    with django_assert_num_queries(queries):
        client.get(URL, {"role": "Director of People"})
    for _ in range(5):
        statement = make_statement(said_on=None)
        make_role(person=statement.speakers.get(), title="Director of People")
    client.get(URL, {"role": "Director of People"})
    with django_assert_num_queries(queries):
        response = client.get(URL, {"role": "Director of People"})
    assert undated_note(response)[0].startswith("Not counted: 1 undated statement by ")
    assert len(undated_note(response)[1]) == 6


def test_organisation_may_be_named_as_a_statements_speakers_name_it(client, seeded):
    """A statement names its speaker's organisation ("Conservative Group"); typed back
    into the filter, in any case, it finds what the slug does."""
    by_slug = results_text(client.get(URL, {"organisation": "conservative-group"}))
    for typed in ["Conservative Group", "conservative group ", "Conser\u00advative Group"]:
        response = client.get(URL, {"organisation": typed})
        assert response.status_code == 200
        assert results_text(response) == by_slug
        assert '<option value="conservative-group" selected>' in response.content.decode()


def test_document_filter_includes_documents_that_also_reported_it(client, seeded):
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    other = statement.passages.get().document
    links = result_links(client.get(URL, {"document": other.slug}))
    assert statement.get_absolute_url() in links


def test_document_filter_finds_what_was_quoted_from_a_report_not_held(client, seeded):
    quoted = Statement.objects.filter(quoted_from__slug="le-grand-report")
    for typed in ["le-grand-report", "Le Grand report"]:
        response = client.get(URL, {"document": typed})
        assert response.status_code == 200
        assert set(result_links(response)) == {s.get_absolute_url() for s in quoted}


@pytest.mark.parametrize(
    "typed",
    [
        "Commissioner to oversee Birmingham children’s social care after council improvement "
        "plan found to ‘lack coherence’",
        # Any case, and straight apostrophes for the title's curly ones.
        "commissioner to oversee birmingham children's social care after council improvement "
        "plan found to 'lack coherence'",
        # Copied from a page that hyphenates long words with soft hyphens.
        "Commissioner to over\u00adsee Birmingham children’s social care after council "
        "improve\u00adment plan found to ‘lack co\u00adherence’",
    ],
)
def test_document_filter_takes_a_whole_title_as_the_site_shows_it(client, seeded, typed):
    response = client.get(URL, {"document": typed})
    assert response.status_code == 200
    article = Document.objects.get(slug="chamberlain-files-commissioner-appointed")
    assert set(result_links(response)) >= {s.get_absolute_url() for s in article.statements.all()}
    assert (
        len(result_links(response))
        == client.get(URL, {"document": article.slug}).context["paginator"].count
    )


def test_a_document_no_title_or_address_names_is_a_400_that_says_so(client, seeded):
    response = client.get(URL, {"document": "The Times, 1 April 2014"})
    assert response.status_code == 400
    assert "No document has the title or address “The Times, 1 April 2014”." in main_text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"role": "Chief Wizard"}, "No post in the record is titled “Chief Wizard”."),
        (
            {"organisation": "Hogwarts"},
            "No organisation in the record has the name or slug “Hogwarts”.",
        ),
    ],
)
def test_a_post_or_organisation_the_record_does_not_hold_is_a_400_naming_it(
    client, seeded, query, message
):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in main_text(response)
    api = client.get("/api/statements/", query)
    assert api.status_code == 400
    assert message in api.json()[next(iter(query))]


def test_a_date_range_given_backwards_is_a_400_that_says_so(client, seeded):
    response = client.get(URL, {"date_from": "2014-06-01", "date_to": "2014-01-01"})
    assert response.status_code == 400
    text = main_text(response)
    assert "There is a problem with the search" in text
    assert (
        "Said on or before: Choose a date on or after 1 June 2014, as given in “Said on or after”."
    ) in text
    assert 'href="#id_date_to"' in response.content.decode()


def test_dates_bound_the_results(client, seeded):
    response = client.get(URL, {"date_from": "2014-05-01", "date_to": "2014-05-31"})
    shown = [Statement.objects.get(pk=link.split("/")[2]) for link in result_links(response)]
    assert shown and all(
        datetime.date(2014, 5, 1) <= s.said_on <= datetime.date(2014, 5, 31) for s in shown
    )


def test_a_day_written_day_month_year_is_read_and_shown_in_the_date_box(client, seeded):
    """A native date box holds only year-month-day: it showed a day read from 01/05/2014
    as empty, so the filter in force did not show, and Apply dropped it."""
    response = client.get(URL, {"date_from": "01/05/2014", "date_to": "31/05/2014"})
    iso = client.get(URL, {"date_from": "2014-05-01", "date_to": "2014-05-31"})
    assert result_links(response) == result_links(iso) != []
    page = response.content.decode()
    assert re.search(r'<input type="date" name="date_from" value="2014-05-01"', page)
    assert re.search(r'<input type="date" name="date_to" value="2014-05-31"', page)


def test_words_known_only_to_their_month_count_from_any_day_of_it(client, seeded):
    # Professor Le Grand's quotations are of "March 2014": any of them may be of the 20th.
    late_march = {"person": "julian-le-grand", "date_from": "2014-03-20"}
    shown = [
        Statement.objects.get(pk=link.split("/")[2])
        for link in result_links(client.get(URL, late_march | {"date_to": "2014-03-31"}))
    ]
    assert shown and {s.said for s in shown} == {PartialDate(datetime.date(2014, 3, 1), "month")}
    assert not result_links(client.get(URL, late_march | {"date_from": "2014-04-01"}))
    assert not result_links(client.get(URL, late_march | {"date_to": "2014-02-28"}))


def test_sorts_newest_oldest_and_by_relevance(client, seeded):
    newest = result_links(client.get(URL, {"sort": "newest"}))
    oldest = result_links(client.get(URL, {"sort": "oldest"}))
    dated = Statement.objects.filter(said_on__isnull=False)
    assert newest[0] in {s.get_absolute_url() for s in dated.filter(said_on="2014-05-23")}
    assert oldest[0] in {s.get_absolute_url() for s in dated.filter(said_on="2014-03-01")}
    relevance = result_links(client.get(URL, {"q": "fragile"}))
    assert relevance[0] == Statement.objects.get(reference="le-grand-fragile").get_absolute_url()


def test_results_are_paginated(client, make_statement, make_document):
    document = make_document(body="Intro: the zebra said something. End.")
    for _ in range(25):
        make_statement(document=document)
    first = client.get(URL, {"q": "zebra"})
    second = client.get(URL, {"q": "zebra", "page": 2})
    assert "25 statements, page 1 of 2" in main_text(first)
    assert len(result_links(first)) == 20 and len(result_links(second)) == 5
    assert 'href="?q=zebra&amp;page=2" rel="next"' in first.content.decode()
    # Each page's window title says which page it is: tabs and bookmarks tell them apart.
    assert page_title(first).startswith("Statements matching “zebra” ·")
    assert page_title(second).startswith("Statements matching “zebra”, page 2 ·")


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ({}, "Search statements"),
        ({"q": " ", "sort": "oldest"}, "Search statements"),  # a sort alone searches nothing
        ({"q": "jury"}, "Statements matching “jury”"),
        (
            {"q": "jury", "person": "bore", "date_from": "1/3/2014", "kind": ""},
            "Statements matching “jury”; Said by: Sir Albert Bore; Said on or after: 1 March 2014",
        ),
        ({"role": "director of people"}, "Statements; In the role of: Director of People"),
    ],
)
def test_the_window_title_says_what_was_searched_for(client, seeded, query, title):
    site = "Birmingham children's services oversight"
    assert page_title(client.get(URL, query)) == f"{title} · {site}"


def search_order(query, *ordering):
    statements = Statement.objects.search(query).order_by(*ordering)
    return [statement.get_absolute_url() for statement in statements]


NEWEST = [F("said_on").desc(nulls_last=True), "-pk"]


def test_a_broad_search_counts_to_the_limit_and_shows_the_newest_first(client, seeded, settings):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 3
    response = client.get(URL, {"q": "children"})
    text = main_text(response)
    newest, ranked = search_order("children", *NEWEST), search_order("children", "-rank", *NEWEST)
    assert len(newest) == 10 and newest[:3] != ranked[:3]
    assert "More than 3 statements" in text
    assert "shown newest first, not by relevance" in text
    assert result_links(response) == newest[:3]


def test_relevance_asked_for_ranks_even_a_broad_search(client, seeded, settings):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 3
    response = client.get(URL, {"q": "children", "sort": "relevance"})
    text = main_text(response)
    assert "More than 3 statements" in text
    assert "shown newest first, not by relevance" not in text
    assert result_links(response) == search_order("children", "-rank", *NEWEST)[:3]


@pytest.mark.parametrize("sort", ["", "newest"])
def test_a_broad_search_of_words_together_walks_the_newest_first_index(
    client, seeded, settings, sort
):
    """Set aside bitmap scans (search.Engine.page_plan), asked for newest or not."""
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 3
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": '"children\'s services"', "sort": sort})
    assert result_links(response) == search_order('"children\'s services"', *NEWEST)[:3]
    assert "<mark>children" in response.content.decode()
    if connection.vendor == "postgresql":
        sql = [query["sql"] for query in queries]
        walk = sql.index("SET LOCAL enable_bitmapscan = off")
        assert "ORDER BY" in sql[walk + 1] and "LIMIT 3" in sql[walk + 1]


def test_a_search_within_the_limit_is_counted_exactly_and_ranked(client, seeded, settings):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 10
    response = client.get(URL, {"q": "children"})
    assert "10 statements" in main_text(response)
    assert "More than" not in main_text(response)
    assert result_links(response) == search_order("children", "-rank", *NEWEST)


def test_pages_reach_only_as_far_as_the_limit(client, make_statement, make_document, settings):
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 30
    document = make_document(body="Intro: the zebra said something. End.")
    for _ in range(45):
        make_statement(document=document)
    second = client.get(URL, {"q": "zebra", "page": 2})
    assert "More than 30 statements, page 2 of 2" in main_text(second)
    assert len(result_links(second)) == 10
    assert 'rel="next"' not in second.content.decode()
    assert client.get(URL, {"q": "zebra", "page": 3}).status_code == 404


def test_no_match_says_so(client, seeded):
    response = client.get(URL, {"q": "xylophone"})
    assert response.status_code == 200
    assert "0 statements" in main_text(response)
    assert "No statement matches “xylophone”. Try fewer words" in main_text(response)
    filtered = main_text(client.get(URL, {"q": "xylophone", "kind": "reported", "sort": ""}))
    assert "No statement matches “xylophone” with these filters." in filtered
    nothing_said = main_text(client.get(URL, {"person": "Peter Hay", "date_to": "2014-01-01"}))
    assert "No statement matches these filters." in nothing_said


def test_a_name_typed_as_a_search_is_pointed_to_said_by(client, seeded):
    text = main_text(client.get(URL, {"q": "peter hay"}))
    assert "No statement matches “peter hay”" in text
    assert "to find what someone said, put their name in “Said by”" in text
    by_person = main_text(client.get(URL, {"q": "xylophone", "person": "Peter Hay"}))
    assert "put their name in" not in by_person


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "the of"}, "Nothing to search for"),
        ({"q": "-fragile"}, "Nothing to search for"),
        ({"q": "x" * 10_000}, "limited to 500 characters"),
        ({"person": "nobody"}, "No one in the record has the name or address “nobody”."),
        ({"date_from": "27/13/2014"}, "“27/13/2014” is not a date: write it as year-month-day"),
        ({"sort": "sideways"}, "Select a valid choice"),
        (
            {"kind": "quote"},
            "Select a valid choice: “quote” is not one of direct_quote, written_response, "
            "joint_statement, reported.",
        ),
        ({"kind": "Direct quote"}, "“Direct quote” is how the site shows direct_quote"),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, seeded, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in main_text(response)
    # The title, which a screen reader says first, says so too.
    assert "Search statements (check the search) ·" in page_title(response)
    assert "(check the search)" not in page_title(client.get(URL, {"q": "jury"}))


def page_title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_control_characters_in_a_query_are_ignored(client, seeded):
    response = client.get(URL, {"q": "jury\x00\x07 out"})
    assert response.status_code == 200
    assert "1 statement" in main_text(response)


# A search asked again: page, speakers with their posts and the record version (which keys
# the cached filters, lists of post titles and organisations, the count, and which words
# name posts); on SQLite the headlines, which PostgreSQL draws in the page's own query. A
# new search also counts and checks which of its words name posts. After a write, the two
# lists are read again, once.
SEARCH_QUERIES = 3 if connection.vendor == "postgresql" else 4
NEW_SEARCH_QUERIES = SEARCH_QUERIES + 2
SEARCH_QUERIES_AFTER_A_WRITE = NEW_SEARCH_QUERIES + 2


def test_search_page_query_count_does_not_grow_with_the_data(
    client, seeded, django_assert_num_queries, make_statement, make_document, make_role, settings
):
    with django_assert_num_queries(SEARCH_QUERIES_AFTER_A_WRITE):
        client.get(URL, {"q": "report"})
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get(URL, {"q": "report"})
    with django_assert_num_queries(NEW_SEARCH_QUERIES):
        client.get(URL, {"q": "inspection"})
    for _ in range(30):
        statement = make_statement(document=make_document(body="Intro: the report, again. End."))
        make_role(person=statement.speakers.get())
    with django_assert_num_queries(SEARCH_QUERIES_AFTER_A_WRITE):
        client.get(URL, {"q": "report"})
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(URL, {"q": "report"})
    assert len(response.context["statement_list"]) == 20
    with django_assert_num_queries(SEARCH_QUERIES):  # the next page reads the same count
        client.get(URL, {"q": "report", "page": 2})
    # Past the limit the search is broad: counted to the limit and shown newest first.
    # SQLite counts it again, to the new limit; PostgreSQL keeps one word's count whole,
    # and plans a page of one word as it sees fit (search.Engine.page_plan).
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 20
    broad = SEARCH_QUERIES if connection.vendor == "postgresql" else SEARCH_QUERIES + 1
    with django_assert_num_queries(broad):
        response = client.get(URL, {"q": "report"})
    assert "More than 20 statements" in main_text(response)


@pytest.mark.parametrize(
    ("query", "walks"),
    [
        ("report", False),
        ("report OR filed", False),
        ("report -zebra", False),
        ('"report filed"', True),
        ("report filed", True),
    ],
)
def test_only_a_broad_search_of_words_together_is_made_to_walk_the_newest_first(
    client, make_statement, make_document, settings, query, walks
):
    """PostgreSQL guesses how many statements one word is in from what it keeps of each
    word, and chooses the quicker plan; for words together it guesses too few, and is made
    to walk the newest first (search.Engine.page_plan)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one plan for a page")
    settings.OVERSIGHT_SEARCH_RESULTS_LIMIT = 20
    document = make_document(body="Intro: the report filed late. End.")
    for _ in range(25):
        make_statement(document=document)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": query})
    assert "More than 20 statements" in main_text(response)
    assert len(result_links(response)) == 20
    plans = [q["sql"] for q in queries if "enable_bitmapscan" in q["sql"]]
    assert plans == (["SET LOCAL enable_bitmapscan = off"] if walks else [])


def test_a_search_is_counted_once_until_the_record_changes(client, make_statement, make_document):
    """Each page of a search reads the count kept by the first; a new statement is counted."""
    document = make_document(body="Intro: the zebra said something. End.")
    for _ in range(21):
        make_statement(document=document)
    assert "21 statements, page 1 of 2" in main_text(client.get(URL, {"q": "zebra"}))
    assert "21 statements, page 2 of 2" in main_text(client.get(URL, {"q": "zebra", "page": 2}))
    make_statement(document=document)
    assert "22 statements, page 1 of 2" in main_text(client.get(URL, {"q": "zebra"}))


def test_a_new_post_and_organisation_are_offered_at_once(
    client, seeded, make_role, make_organisation
):
    """The lists of post titles and organisations are cached, but never outlive a change."""
    assert "Sunshine" not in client.get(URL).content.decode()
    make_role(title="Director of Sunshine")
    make_organisation(name="Sunshine Trust", slug="sunshine-trust")
    page = client.get(URL).content.decode()
    assert '<option value="Director of Sunshine">Director of Sunshine</option>' in page
    assert '<option value="sunshine-trust">Sunshine Trust</option>' in page

    response = client.get(URL, {"role": "Director of Sunshine"})
    assert response.status_code == 200
    assert '<option value="Director of Sunshine" selected>' in response.content.decode()


def filters(response):
    """Return the filters' fieldset as the page draws it."""
    return re.search(r"<fieldset>.*?</fieldset>", response.content.decode(), re.S).group(0)


def test_the_filters_drawn_from_the_cache_show_what_was_asked(client, seeded):
    """With no filter given the fieldset comes from the cache; a filter given still shows."""
    blank = filters(client.get(URL, {"q": "report"}))
    assert filters(client.get(URL, {"q": "inspection"})) == blank  # drawn once, kept
    assert '<option value="" selected>Any kind</option>' in blank

    chosen = filters(client.get(URL, {"q": "report", "kind": "joint_statement"}))
    assert '<option value="joint_statement" selected>Joint statement</option>' in chosen
    assert '<option value="" selected>Any kind</option>' not in chosen
    # The form sends every filter, blank ones too, with its search.
    sent = {"q": "report", "person": "", "role": "", "organisation": "", "document": ""}
    sent |= {"kind": "", "date_from": "", "date_to": "", "sort": ""}
    assert filters(client.get(URL, sent)) == blank
    assert filters(client.get(URL, {"q": "report", "person": "peter-hay"})) != blank


def test_blank_filters_draw_as_absent_ones(client, seeded, settings):
    """The cached fieldset serves both, which holds only if each draws as the other."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    sent = {"q": "report", "person": "", "role": "", "organisation": "", "document": ""}
    sent |= {"kind": "", "date_from": "", "date_to": "", "sort": ""}
    assert filters(client.get(URL, sent)) == filters(client.get(URL, {"q": "report"}))


def test_a_search_by_a_post_finds_it_as_soon_as_it_is_recorded(
    client, db, make_role, make_statement, make_document
):
    """Which words name posts is kept until the record changes, never longer."""
    statement = make_statement(document=make_document())
    assert "No statement matches" in main_text(client.get(URL, {"q": "harbour master"}))
    make_role(person=statement.speakers.get(), title="Harbour Master")
    found = client.get(URL, {"q": "harbour master"})
    assert result_links(found) == [statement.get_absolute_url()]


def test_a_joint_statement_lists_each_speaker_with_the_post_held_that_day(client, seeded):
    response = client.get(URL, {"q": '"cross-party agreement"'})
    (byline,) = re.findall(r'<p class="byline">(.*?)</p>', response.content.decode())
    assert byline.startswith(
        '<a href="/people/albert-bore/">Sir Albert Bore</a>, '
        "Leader of the City Council, Birmingham City Council (also Leader of the Labour "
        "Group, Labour Group; Chair of the performance monitoring board, Performance "
        "monitoring board); "
    )
    assert "Lord Mike Whitby</a>, Conservative Group Leader, Conservative Group" in byline


def test_a_search_by_a_post_shows_the_post_that_matched_among_those_held(client, seeded):
    # Sir Albert chaired the performance monitoring board while he led the council.
    response = client.get(URL, {"q": "chair"})
    bylines = re.findall(r'<p class="byline">(.*?)</p>', response.content.decode())
    bore = [byline for byline in bylines if "Sir Albert Bore" in byline]
    assert bore and all("(also " in b and "Chair of the performance" in b for b in bore)


def test_names_titles_and_sources_in_a_result_are_escaped(
    client, make_statement, make_role, make_document, make_organisation
):
    role = make_role(
        title="Head of <Services>",
        organisation=make_organisation(name='Council "A" & B'),
        started_on=datetime.date(2014, 1, 1),
    )
    role.person.name = "O'Brien <b>"
    role.person.save()
    document = make_document(
        title="Report & <i>Review</i>", publisher=make_organisation(name="<Press>")
    )
    make_statement(speakers=[role.person], document=document)
    page = client.get(URL, {"q": "service improve"}).content.decode()
    assert (
        "O&#x27;Brien &lt;b&gt;</a>, Head of &lt;Services&gt;, Council &quot;A&quot; &amp; B</p>"
        in page
    )
    assert "Report &amp; &lt;i&gt;Review&lt;/i&gt;</a> (&lt;Press&gt;)." in page


def test_a_statement_listed_without_a_search_is_escaped(client, make_statement, make_document):
    document = make_document(body="Document 1 says: the <script>alert(1)</script> & more.")
    make_statement(document=document, text="the <script>alert(1)</script> & more.")
    page = client.get(URL, {"document": document.slug}).content.decode()
    assert "<blockquote><p>the &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.</p>" in page
    assert "<script>alert" not in page


def test_a_very_common_word_left_out_is_said_to_change_nothing(client, seeded):
    response = client.get(URL, {"q": 'delude -ourselves -"we are"'})
    assert result_links(response) == result_links(client.get(URL, {"q": "delude"}))
    assert (
        "Very common words cannot be left out of a search, so “-ourselves” and "
        '“-"we are"” changed nothing.' in main_text(response)
    )
    assert "cannot be left out of a search, so" not in main_text(
        client.get(URL, {"q": "fragile -modest"})
    )


def test_a_quotation_pasted_in_curly_quotes_is_searched_as_a_phrase(client, seeded):
    curly = client.get(URL, {"q": "\u201cpromising start\u201d"})
    straight = client.get(URL, {"q": '"promising start"'})
    assert result_links(curly) == result_links(straight)
    assert len(result_links(curly)) < len(result_links(client.get(URL, {"q": "promising start"})))


def found_texts(client, **params):
    response = client.get("/api/statements/", params)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_words_searched_in_a_document_that_also_reports_a_statement_are_words_it_carries(
    client, seeded
):
    # The Chamberlain Files carry one sentence of the all-party response ("The analysis of
    # the council's past failings ..."); the response's "inspection" is not in it.
    response_text = Statement.objects.get(text__startswith="In response to Professor").text
    chamberlain = "chamberlain-files-commissioner-appointed"
    assert "inspection" in response_text
    assert found_texts(client, document=chamberlain, q="inspection") == []
    assert found_texts(client, document=chamberlain, q='"cross-party agreement"') == []
    assert found_texts(client, document=chamberlain, q="failings") == [response_text]
    # Without words, the document still lists every statement it reports.
    assert response_text in found_texts(client, document=chamberlain)
    # The page, its download and its feed read the same filters.
    page = client.get("/statements/", {"document": chamberlain, "q": "inspection"})
    assert "No statement matches" in main_text(page)


def test_a_post_searched_in_a_document_that_also_reports_a_statement_is_the_speakers(
    client, seeded
):
    # Peter Hay's words in the article are one paragraph of his statement ("To say that we
    # fully expect to remain inadequate ..."): "director of people" names his post that
    # day, not words the article must carry.
    article = "external-commissioner-article"
    hay = Statement.objects.get(passages__text__startswith="To say that we fully expect")
    assert hay.text in found_texts(client, document=article, q="inadequate")
    assert found_texts(client, document=article, q="frail") == []
    assert hay.text in found_texts(client, document=article, q='"director of people" inadequate')
