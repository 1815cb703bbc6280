"""The list of documents, by kind, publisher and date of publication."""

import pytest

from tests.pages import main_text, section


def slugs(response):
    return [document.slug for document in response.context["object_list"]]


def test_document_list_shows_held_and_known_of_documents(client, seeded):
    response = client.get("/documents/")
    assert len(response.context["object_list"]) == 8
    table = section(response, "Documents, oldest first")
    assert "Le Grand Review into Birmingham's children's services Press release" in table
    assert "Birmingham City Council 27 March 2014 Held in full" in table
    assert "Lord Warner's initial letter to the secretary of state Letter Not stated" in table
    assert "Date not stated Not held 0" in table


def test_each_document_counts_every_statement_it_carries_or_was_quoted_from(client, seeded):
    table = section(client.get("/documents/"), "Documents, oldest first")
    # The minister's reported words, and three statements first reported elsewhere.
    assert "overseen by an external commissioner News article Not stated Date not stated " in table
    assert "Date not stated Held in full 4" in table
    assert "ways forward for children's social care services in Birmingham " in table
    assert "March 2014 Not held 0 (4 quoted from it)" in table


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=letter", ["warner-initial-letter"]),
        ("kind=inspection_report", ["ofsted-report-2014-05-23"]),
        (
            "publisher=birmingham-city-council",
            ["council-response-le-grand-review", "council-response-ofsted-report"],
        ),
        (
            "published_after=2014-05-01",
            ["ofsted-report-2014-05-23", "council-response-ofsted-report"],
        ),
        (
            "published_before=2014-03-19&kind=news_article",
            ["chamberlain-files-cant-delude-ourselves"],
        ),
        ("published_after=2015-01-01", []),
        # The Le Grand report is dated "March 2014": it may have come out on the 20th.
        ("published_after=2014-03-20&published_before=2014-03-26", ["le-grand-report"]),
    ],
)
def test_each_document_filter_narrows_the_list(client, seeded, query, expected):
    response = client.get(f"/documents/?{query}")
    assert response.status_code == 200
    assert sorted(slugs(response)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=tweet", "Kind: Select a valid choice"),
        (
            "publisher=the-moon",
            "Publisher: “the-moon” is not in this filter's list: choose one listed, "
            "or “Any publisher”.",
        ),
        ("published_after=spring", "Published on or after: “spring” is not a date"),
        (
            "published_after=2014-05-01&published_before=2014-03-01",
            "Published on or before: Choose a date on or after 1 May 2014, "
            "as given in “Published on or after”.",
        ),
    ],
)
def test_a_bad_document_filter_is_a_400_with_the_forms_message(client, seeded, query, message):
    response = client.get(f"/documents/?{query}")
    assert response.status_code == 400
    assert message in main_text(response)


def test_the_list_does_not_read_document_bodies(client, seeded):
    response = client.get("/documents/")
    assert all(
        "body" in document.get_deferred_fields() for document in response.context["object_list"]
    )


# Documents with publisher and statement count, the record version and the paginator's
# count (kept until the record changes), and the publisher choices.
DOCUMENT_QUERIES = 4


@pytest.mark.parametrize(
    "url", ["/documents/", "/documents/?kind=news_article&published_after=2014-01-01"]
)
def test_document_list_query_count_does_not_grow_with_the_data(
    client, seeded, grow_the_record, django_assert_num_queries, url
):
    with django_assert_num_queries(DOCUMENT_QUERIES):
        client.get(url)
    grow_the_record(50)
    with django_assert_num_queries(DOCUMENT_QUERIES):
        response = client.get(url)
    assert response.context["paginator"].count > 50
