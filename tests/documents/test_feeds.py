"""Atom feeds: follow a search."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"
URL = reverse("documents:statement_feed")


def entries(response):
    feed = ElementTree.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_statement_feed_follows_a_search_newest_first(client, seeded):
    response = client.get(URL, {"q": "inspections"})
    feed, items = entries(response)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.find(f"{ATOM}title").text == "Statements matching “inspections”"
    assert len(items) == 6
    published = [item.find(f"{ATOM}published") for item in items]
    dates = [p.text for p in published if p is not None]
    assert dates == sorted(dates, reverse=True)
    assert "Cllr Brigid Jones" in items[0].find(f"{ATOM}title").text
    assert items[0].find(f"{ATOM}link").get("href").startswith("http://testserver/statements/")


def test_a_statement_recorded_later_leads_the_feed_whatever_day_it_was_said(
    client, seeded, make_statement, make_document
):
    # The record is of 2014: what is added now is mostly said then, and is news.
    late = make_statement(
        document=make_document(body="Archive: the inspections must go on. More.", slug="late"),
        text="the inspections must go on.",
        said_on=datetime.date(2013, 1, 10),
    )
    _, items = entries(client.get(URL, {"q": "inspections"}))
    assert len(items) == 7
    assert items[0].find(f"{ATOM}id").text.endswith(late.get_absolute_url())
    assert items[0].find(f"{ATOM}published").text.startswith("2013-01-10")


def test_every_entry_has_an_updated_time_and_the_feed_an_author(client, seeded):
    # Atom (RFC 4287) asks both; "since taking over" is a statement with no day.
    for url in [URL, reverse("oversight:status_feed")]:
        feed, items = entries(client.get(url))
        assert feed.find(f"{ATOM}author/{ATOM}name").text
        assert items and all(item.find(f"{ATOM}updated") is not None for item in items)
    _, undated = entries(client.get(URL, {"q": '"still not good enough"'}))
    assert len(undated) == 1 and undated[0].find(f"{ATOM}published") is None


def test_statement_feed_takes_the_search_filters(client, seeded):
    _, items = entries(client.get(URL, {"person": "peter-hay"}))
    assert items and all("Peter Hay" in item.find(f"{ATOM}title").text for item in items)


def test_the_feed_title_names_every_filter_of_the_search(client, seeded):
    """Two feeds of one word, by different speakers, read differently in a feed reader."""
    search = {
        "q": "jury",
        "person": "albert-bore",
        "organisation": "birmingham-city-council",
        "kind": "direct_quote",
        "date_from": "2014-03-01",
    }
    feed, _ = entries(client.get(URL, search))
    assert feed.find(f"{ATOM}title").text == (
        "Statements matching “jury”; Said by: Sir Albert Bore; Speaking for: Birmingham City "
        "Council; Kind: Direct quote; Said on or after: 1 March 2014"
    )
    feed, _ = entries(client.get(URL))
    assert feed.find(f"{ATOM}title").text == "Statements"


def test_a_bad_search_gives_a_400_with_a_message(client, seeded):
    response = client.get(URL, {"q": "-everything"})
    assert response.status_code == 400
    assert "Nothing to search for" in response.content.decode()


def test_a_search_that_finds_nothing_is_not_modified_when_asked_again(client, seeded):
    """Its updated time was the time of asking, so its ETag changed every time and a
    reader polling it was sent the whole feed anew each time."""
    first = client.get(URL, {"q": "zzzyqx"})
    feed, found = entries(first)
    assert found == []
    assert feed.find(f"{ATOM}updated").text == "1970-01-01T00:00:00+00:00"
    again = client.get(URL, {"q": "zzzyqx"}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_the_search_page_links_its_feed(client, seeded):
    page = client.get(reverse("documents:statements"), {"q": "fragile"}).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Statements matching this search" href="/statements/feed/?q=fragile">' in page
    )


# The record version (which keys whether the words name posts, checked again after a
# write), the statements, and their speakers with their posts.
FEED_QUERIES = 3
FEED_QUERIES_AFTER_A_WRITE = FEED_QUERIES + 1


def test_statement_feed_query_count_does_not_grow_with_the_data(
    client, seeded, django_assert_num_queries, make_statement, make_document
):
    with django_assert_num_queries(FEED_QUERIES_AFTER_A_WRITE):
        client.get(URL, {"q": "report"})
    with django_assert_num_queries(FEED_QUERIES):
        client.get(URL, {"q": "report"})
    for _ in range(30):
        make_statement(document=make_document(body="Intro: the report, again. End."))
    with django_assert_num_queries(FEED_QUERIES_AFTER_A_WRITE):
        client.get(URL, {"q": "report"})
    with django_assert_num_queries(FEED_QUERIES):
        _, items = entries(client.get(URL, {"q": "report"}))
    assert len(items) > 30


@pytest.mark.parametrize(
    ("params", "table"),
    [
        ({"person": "peter-hay"}, "people_person"),
        ({"document": "le-grand-report"}, "documents_document"),
    ],
)
def test_the_feed_title_does_not_read_every_person_or_document(client, seeded, params, table):
    """The person or document of the search names itself: listing every row to find its
    name was a read of the whole table (with every document's text) on each poll."""
    with CaptureQueriesContext(connection) as queries:
        feed, _ = entries(client.get(URL, params))
    assert feed.find(f"{ATOM}title").text.startswith("Statements; ")
    whole_table = [
        q["sql"] for q in queries if f'FROM "{table}"' in q["sql"] and "WHERE" not in q["sql"]
    ]
    assert whole_table == []


def test_a_parameter_the_feed_does_not_take_is_a_400_naming_what_it_takes(client, seeded):
    # Ignored, a misspelt filter would follow every statement as if it were the search.
    response = client.get(URL, {"qq": "fragile"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    message = response.content.decode()
    assert message.startswith("Bad search: This address takes no “qq”: it takes date_from, ")
    # The feed's order is its own, and it has no pages: either would be taken and do nothing.
    for name, value in [("page", "2"), ("sort", "oldest")]:
        response = client.get(URL, {"q": "fragile", name: value})
        assert response.status_code == 400
        assert response.content.decode() == (
            f"Bad search: This address takes no “{name}”: a feed lists the 50 statements "
            "recorded latest, the latest first.\n"
        )


def test_the_search_form_s_address_with_feed_added_is_its_search_s_feed(client, seeded):
    """The form sends every box, the empty ones too: a reader who adds feed/ to the address
    of a search made with it follows that search."""
    boxes = ["person", "role", "organisation", "document", "kind", "date_from", "date_to"]
    sent = {"q": "council", "sort": ""} | dict.fromkeys(boxes, "")
    response = client.get(URL, sent)
    assert response.status_code == 200, response.content
    assert response.content == client.get(URL, {"q": "council"}).content
    assert entries(response)[1], "the search finds statements"
    # A parameter no search takes is let be only empty: given a value, it is refused.
    assert client.get(URL, {"q": "council", "utm_source": ""}).status_code == 200
    assert client.get(URL, {"q": "council", "qq": "x"}).status_code == 400


def test_the_feed_and_its_page_are_at_the_search_s_own_address(client, seeded):
    feed, _ = entries(client.get(URL, {"q": "fragile", "person": ""}))
    assert feed.find(f"{ATOM}id").text == "http://testserver/statements/?q=fragile"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/statements/?q=fragile",
        "self": "http://testserver/statements/feed/?q=fragile",
    }


def test_every_page_of_a_search_links_the_same_feed(client, seeded):
    search = reverse("documents:statements")
    second = client.get(search, {"page": "2", "sort": "oldest"}).content.decode()
    assert 'href="/statements/feed/">Atom feed</a>' in second
    filtered = client.get(search, {"q": "council", "page": "1", "sort": "oldest"})
    assert 'href="/statements/feed/?q=council">Atom feed</a>' in filtered.content.decode()


def test_a_query_with_a_character_xml_cannot_carry_still_makes_a_feed(client, seeded):
    response = client.get(URL, {"q": "fragile\ufffe"})
    feed, items = entries(response)  # parses: the title repeats the query
    assert feed.find(f"{ATOM}title").text == "Statements matching “fragile”"
    assert items


def test_an_entry_keeps_the_statement_s_paragraphs(client, seeded, make_statement, make_document):
    text = "The first paragraph.\n\nThe second, <b>bold</b>."
    make_statement(document=make_document(body=f"Intro. {text}", slug="two-paragraphs"), text=text)
    _, [item] = entries(client.get(URL, {"q": "second paragraph"}))
    summary = item.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<p>“The first paragraph.</p>\n\n<p>The second, &lt;b&gt;bold&lt;/b&gt;.”</p>" in (
        summary.text
    )


def test_a_statement_known_only_to_the_month_has_no_published_day(client, seeded):
    _, items = entries(client.get(URL, {"person": "julian-le-grand"}))
    said = {item.find(f"{ATOM}id").text: item.find(f"{ATOM}published") for item in items}
    assert said and all(published is None for published in said.values())
    assert all(item.find(f"{ATOM}updated") is not None for item in items)


def test_reported_and_quoted_words_say_so_as_the_citation_does(client, seeded):
    def entry(**search):
        _, [item, *_] = entries(client.get(URL, search))
        return item.find(f"{ATOM}title").text, item.find(f"{ATOM}summary").text

    # The release's report of Lord Warner's letter: not his own words, nor quoted.
    title, summary = entry(person="warner", q='"good start"')
    assert title.startswith("Lord Norman Warner (as reported): ")
    assert "), in Lord Warner&#x27;s initial letter to the secretary of state, reported in " in (
        summary
    )
    # Sir Albert's words as a paper reported them.
    title, summary = entry(q="delude", kind="reported")
    assert title.startswith("Sir Albert Bore (as reported): ")
    assert "), in reported speech, in " in summary
    # Professor Le Grand's words quoted from his report, and a direct quotation: as said.
    title, summary = entry(q="fragile", person="julian-le-grand")
    assert "(as reported)" not in title
    assert ", quoted in " in summary and "reported" not in summary.replace("Report to", "")
