import html
import re

import pytest
from django.urls import reverse

from documents.models import Document, Statement
from oversight.models import Priority, Recommendation
from oversight.services import status_update_record
from people.models import Person


def main_text(response):
    """Return the page's visible text: tags stripped, entities decoded, spaces folded."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s+", " ", text))


def test_home_page_shows_all_four_priorities_with_their_status(client, seeded):
    response = client.get("/")
    text = main_text(response)
    assert response.status_code == 200
    for priority in Priority.objects.all():
        assert priority.title in text
    assert text.count("In progress") >= 3
    assert "Not started" in text
    assert "By June 2014" in text
    assert response.content.decode().count("<h1") == 1


def test_home_page_shows_recommendations_and_ruled_out_options(client, seeded):
    text = main_text(client.get("/"))
    assert "Considered and rejected" in text and "Ruled out" in text
    assert "No status recorded" in text  # options ruled out are not tracked


# Priorities, recommendations, and the savepoint pair of ATOMIC_REQUESTS inside a test.
HOME_QUERIES = 4


def test_home_page_query_count_does_not_grow_with_the_data(
    client, seeded, django_assert_num_queries, make_priority, make_recommendation
):
    with django_assert_num_queries(HOME_QUERIES):
        client.get("/")
    for _ in range(20):
        priority = make_priority()
        status_update_record(
            item=priority,
            status="in_progress",
            rag="amber",
            as_of=priority.source.published_on,
            note="Started.",
            documents=[priority.source],
        )
        make_recommendation()
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")
    assert len(response.context["priorities"]) == 24


def test_priority_page_shows_its_history_and_evidence(client, seeded):
    priority = Priority.objects.get(slug="single-improvement-plan")
    response = client.get(priority.get_absolute_url())
    history = response.content.decode().split(">Status history, oldest first<")[1]
    assert re.search(r'class="status status-in_progress">In progress</span>', history)
    text = main_text(response)
    assert "Satisfy the Minister by June" in text
    assert "The record does not yet show the Minister satisfied" in text
    assert "Seed record" in text
    assert "inspection has an important part to play" in text


def test_recommendation_page_shows_the_councils_response(client, seeded):
    recommendation = Recommendation.objects.get(reference="R3")
    text = main_text(client.get(recommendation.get_absolute_url()))
    assert "review its management capacity" in text
    assert "we have been undertaking a recovery" in text


def test_statement_permalink_shows_the_role_held_that_day_and_other_places(client, seeded):
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    text = main_text(client.get(statement.get_absolute_url()))
    assert "Peter Hay, Director of People, Birmingham City Council" in text
    assert "Also reported in" in text
    assert "Running of Birmingham City Council’s children’s services" in text


def test_document_page_marks_each_statement_in_the_full_text(client, seeded):
    document = Document.objects.get(slug="chamberlain-files-cant-delude-ourselves")
    page = client.get(document.get_absolute_url()).content.decode()
    for statement in document.statements.all():
        assert f'<a href="{statement.get_absolute_url()}">' in page
    assert document.sha256 in page


def test_a_document_not_held_says_so(client, seeded):
    text = main_text(client.get(reverse("documents:detail", args=["le-grand-report"])))
    assert "This document is not held" in text
    assert "Quoted from this document" in text


def test_person_page_lists_roles_over_time(client, seeded):
    text = main_text(client.get(Person.objects.get(slug="peter-hay").get_absolute_url()))
    assert (
        "Interim Director of Children's Services, Birmingham City Council July 2013 December 2013"
        in text
    )


@pytest.mark.parametrize(
    "url",
    ["/priorities/no-such-priority/", "/statements/999999/", "/documents/nope/", "/people/nobody/"],
)
def test_unknown_pages_are_a_friendly_404(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in main_text(response)
