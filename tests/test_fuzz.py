"""Whatever query string arrives at a public address, the answer is a page or a 4xx, never a 500.

Every public URL pattern (tests/site_map.py reads them from the URLconf) gets query strings
built from the parameters the site reads and from noise: wrong types, huge numbers, dates
that do not exist, odd Unicode (NUL, lone surrogates, right-to-left marks), broken percent
escapes and repeated keys.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.site_map import address_for, arguments_for, parameter_names, public_patterns

# About 20 requests for each of the ~40 patterns keeps the module near half a minute.
FUZZ = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

RECORD_VALUES = [
    "achieved", "not_started", "red", "amber", "yes", "no", "inspection", "news_article",
    "recommended", "relevance", "newest", "oldest", "csv", "json", "xml", "api", "peter-hay",
    "birmingham-city-council", "single-improvement-plan", "le-grand-review", "Director of People",
    "2014-05-01", "2014-02-30", "0000-00-00", "0001-01-01", "9999-12-31", "1", "0", "-1", "2",
    "100", "101", "1e309", "NaN", "inf", "", " ", '"jury is out"', "fragile -modest", "OR", "-",
]  # fmt: skip
BROKEN_ESCAPES = ["%", "%zz", "%00", "%ED%A0%80", "%FF%FE", "%C0%80", "=", "&&", "%E2%80%AE", "+"]

odd_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
values = st.one_of(
    st.sampled_from(RECORD_VALUES),
    odd_text,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.dates().map(str),
    st.just("9" * 3000),
    st.text(alphabet="ab ", min_size=600, max_size=2000),
)
keys = st.one_of(st.sampled_from(parameter_names()), odd_text)


def encode(text):
    """Percent-encode anything, lone surrogates included (as their UTF-8-style bytes)."""
    return quote(text, safe="", errors="surrogatepass")


pairs = st.lists(st.tuples(keys, values), max_size=6)
query_strings = st.one_of(
    pairs.map(lambda items: "&".join(f"{encode(k)}={encode(v)}" for k, v in items)),
    # The same key twice or more, with different values.
    st.tuples(st.sampled_from(parameter_names()), st.lists(values, min_size=2, max_size=4)).map(
        lambda item: "&".join(f"{item[0]}={encode(v)}" for v in item[1])
    ),
    st.lists(st.sampled_from(BROKEN_ESCAPES + [f"{n}=" for n in parameter_names()])).map("".join),
)

PATTERNS = public_patterns()
# The patterns that take an argument in the path: a slug or an id.
DETAIL_PATTERNS = [
    (name, p) for name, p in PATTERNS if set(p.pattern.regex.groupindex) - {"format"}
]
path_values = st.one_of(
    odd_text.filter(lambda text: text not in {"", ".", ".."}),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["0", "-1", "1.5", "9" * 400, "feed", "%", "%00", "%ED%A0%80", "a b"]),
)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_fuzzed_addresses_cover_every_kind_of_public_page():
    names = {name for name, _ in PATTERNS}
    assert {"oversight:home", "documents:statements", "people:detail", "api:person-list"} <= names
    assert {"oversight:status_feed", "documents:statement_feed", "api:schema"} <= names
    assert not any(name.startswith("admin:") for name in names)


@pytest.mark.parametrize(
    ("name", "pattern"), PATTERNS, ids=[f"{name} {pattern.pattern}" for name, pattern in PATTERNS]
)
def test_no_query_string_gives_a_server_error(seeded_module, db, client, name, pattern):
    path = address_for(name, pattern)
    assert client.get(path).status_code == 200

    @FUZZ
    @given(query=query_strings)
    def fuzz(query):
        response = client.get(f"{path}?{query}")
        # The test client raises a view's exception; a caught one must not become a 500.
        assert response.status_code < 500, f"{path}?{query}"
        assert b"Traceback" not in body(response), f"{path}?{query}"

    fuzz()


@pytest.mark.parametrize(
    ("name", "pattern"),
    DETAIL_PATTERNS,
    ids=[f"{name} {pattern.pattern}" for name, pattern in DETAIL_PATTERNS],
)
def test_no_slug_or_id_in_the_path_gives_a_server_error(seeded_module, db, client, name, pattern):
    kwargs = arguments_for(name, pattern)
    real = address_for(name, pattern)
    argument = next(value for key, value in kwargs.items() if key != "format")
    template = real.replace(f"/{argument}", "/{}", 1)

    @FUZZ
    @given(value=path_values)
    def fuzz(value):
        path = template.format(value if value.startswith("%") else encode(value))
        response = client.get(path)
        assert response.status_code < 500, path
        assert b"Traceback" not in body(response), path

    fuzz()
