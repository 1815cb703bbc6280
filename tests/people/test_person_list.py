"""The list of people, by the organisation they held a post in and the post's title."""

import pytest

from people.models import Organisation
from tests.pages import main_text, section


def slugs(response):
    return [person.slug for person in response.context["object_list"]]


def test_people_list_shows_each_person_with_posts_and_statement_count(client, seeded):
    response = client.get("/people/")
    assert len(response.context["object_list"]) == 13
    table = section(response, "People and their posts")
    assert (
        "Peter Hay Director of Adult Social Care, Birmingham City Council (until July 2013) "
        "Interim Director of Children's Services, Birmingham City Council "
        "(from July 2013 until December 2013) "
        "Director of People, Birmingham City Council (from December 2013) 6"
    ) in table


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=director+of+people", ["peter-hay"]),
        ("role=DIRECTOR", ["peter-hay", "tony-howell", "eleanor-brazil", "peter-duxbury"]),
        ("organisation=performance-monitoring-board", ["albert-bore"]),
        ("organisation=department-for-education&role=secretary", ["michael-gove"]),
        # Both must hold of the same post: no one was a Secretary of State at the council.
        ("organisation=birmingham-city-council&role=secretary+of+state", []),
        ("role=%25", []),
        # A curly apostrophe, as a word processor types it, is the straight one of the title.
        ("role=children%E2%80%99s+minister", ["edward-timpson"]),
        ("role=CHILDREN'S+MINISTER", ["edward-timpson"]),
    ],
)
def test_each_people_filter_narrows_the_list(client, seeded, query, expected):
    response = client.get(f"/people/?{query}")
    assert response.status_code == 200
    assert sorted(slugs(response)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("organisation=nowhere", "Held a post in: “nowhere” is not in this filter's list"),
        ("role=" + "x" * 201, "Post title contains: Ensure this value has at most 200 characters"),
    ],
)
def test_a_bad_people_filter_is_a_400_with_the_forms_message(client, seeded, query, message):
    response = client.get(f"/people/?{query}")
    assert response.status_code == 400
    assert message in main_text(response)


def test_no_match_says_so(client, seeded):
    assert "No people match these filters." in main_text(client.get("/people/?role=astronaut"))


# People with their statement counts, their roles, the record version and the paginator's
# count (kept until the record changes), and the organisation choices; a chosen
# organisation is looked up to validate it.
PEOPLE_QUERIES = 5


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/people/", PEOPLE_QUERIES),
        ("/people/?role=director&organisation=birmingham-city-council", PEOPLE_QUERIES + 1),
    ],
)
def test_people_list_query_count_does_not_grow_with_the_data(
    client, seeded, grow_the_record, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        client.get(url)
    grow_the_record(50, organisation=Organisation.objects.get(slug="birmingham-city-council"))
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.context["paginator"].count > 50
