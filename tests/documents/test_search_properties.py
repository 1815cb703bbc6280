"""Property tests: whatever is typed into a search, the answer is results or a 400."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.models import Statement

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SYNTAX = [
    '"', "-", "OR", "or", "AND", "NOT", "NEAR", "*", "(", ")", ":", "'", "^", "&", "|", "!",
    "<->", ":*", "\\", ";", "--", "/*", "%", "_", "\x00", "\t", "\u200b", "é", "the",
    "fragile", "jury", "inspections", "children", "director", "people", "ofsted", "x" * 60,
]  # fmt: skip
VOCABULARY = [
    "fragile", "jury", "inspection", "children", "report", "improvement", "council",
    "commissioner", "ofsted", "delude", "leadership", "plan", "xylophone",
]  # fmt: skip

queries = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(SYNTAX), max_size=15).map(" ".join),
    st.lists(st.sampled_from(SYNTAX), max_size=15).map("".join),
    st.text(alphabet=st.characters(categories=["Cc", "Zs", "Po", "Pd", "Sm"]), max_size=40),
)


@pytest.fixture
def count_on_page(client):
    def count(response):
        return int(re.search(r'id="results">(\d+) statement', response.content.decode())[1])

    return count


@SETTINGS
@given(q=queries)
def test_any_query_gives_results_or_a_400_on_the_page_and_the_api(seeded, client, count_on_page, q):
    page = client.get(reverse("documents:statements"), {"q": q})
    api = client.get("/api/statements/", {"q": q})
    assert page.status_code in (200, 400)
    assert api.status_code == page.status_code
    if page.status_code == 200:
        assert count_on_page(page) == api.json()["count"]
    else:
        assert 'role="alert"' in page.content.decode()
        assert api.json()["q"]


@SETTINGS
@given(q=queries)
def test_any_query_gives_a_feed_or_a_400(seeded, client, q):
    response = client.get(reverse("documents:statement_feed"), {"q": q})
    assert response.status_code in (200, 400)


def found(query):
    return set(Statement.objects.search(query).values_list("pk", flat=True))


@SETTINGS
@given(a=st.sampled_from(VOCABULARY), b=st.sampled_from(VOCABULARY))
def test_the_operators_mean_the_same_on_every_database(seeded, a, b):
    assert found(f"{a} {b}") == found(a) & found(b)
    assert found(f"{a} OR {b}") == found(a) | found(b)
    assert found(f"{a} -{b}") == found(a) - found(b)
    assert found(f'"{a}"') == found(a)
