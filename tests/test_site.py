"""What every public page shares: navigation, sources, error pages, accessible markup, print."""

import datetime
import re

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.defaults import server_error

from documents.models import Document, Statement
from oversight.models import Priority, Recommendation
from people.models import Person
from tests.pages import accessibility_problems, main_text

LIST_PAGES = [
    "/",
    "/priorities/",
    "/recommendations/",
    "/timeline/",
    "/statements/",
    "/documents/",
    "/people/",
]


def detail_pages():
    return [
        Priority.objects.get(slug="single-improvement-plan").get_absolute_url(),
        Recommendation.objects.get(reference="R1").get_absolute_url(),
        Recommendation.objects.get(reference="O1").get_absolute_url(),
        Statement.objects.get(reference="hay-response-2014-03-27").get_absolute_url(),
        Document.objects.get(slug="council-response-le-grand-review").get_absolute_url(),
        reverse("documents:detail", args=["le-grand-report"]),
        Person.objects.get(slug="peter-hay").get_absolute_url(),
    ]


def test_every_page_has_the_navigation_and_marks_where_you_are(client, seeded):
    for url in LIST_PAGES:
        page = client.get(url).content.decode()
        nav = page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
        for link in LIST_PAGES:
            assert f'href="{link}"' in nav, (url, link)
        assert f'<a href="{url}" aria-current="page">' in nav
        assert nav.count("aria-current") == 1


def test_every_page_names_the_sources_of_the_record_in_its_footer(client, seeded):
    for url in [*LIST_PAGES, *detail_pages()]:
        footer = main_text(client.get(url)).split("Where the record comes from", 1)[1]
        assert "held in full and quoted verbatim" in footer, url


def test_every_page_type_has_one_h1_captioned_tables_and_labelled_controls(client, seeded):
    bad_input = [
        "/priorities/?status=wrong",
        "/statements/?q=the&person=nobody&role=nope&date_from=2014-06-01&date_to=2014-01-01",
        "/documents/?published_after=bad",
        "/timeline/?year_from=2014&year_to=2010",
        "/priorities/single-improvement-plan/?as_of=2014-05-01",
        "/priorities/single-improvement-plan/?asof=2014-05-01",
        "/how-to-read/",
        Recommendation.objects.get(reference="R1").get_absolute_url() + "?as_of=bad",
        "/nowhere/",
    ]
    for url in [*LIST_PAGES, *detail_pages(), *bad_input]:
        assert accessibility_problems(client.get(url)) == [], url


def test_status_tags_say_the_status_in_words_everywhere(client, seeded):
    for url in ["/", "/priorities/", "/recommendations/", detail_pages()[0]]:
        page = client.get(url).content.decode()
        assert 'class="status status-in_progress">In progress</span>' in page, url


def test_an_unknown_address_is_a_404_that_points_back_into_the_record(client, seeded):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    text = main_text(response)
    assert "Page not found" in text and "Start again from the dashboard" in text


def test_the_server_error_page_shows_no_detail_and_needs_no_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = main_text(response)
    assert "Something went wrong" in text and "The record itself is unaffected" in text
    assert "Traceback" not in text


def test_pages_load_the_print_stylesheet_for_committee_papers(client, seeded):
    page = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page


def test_a_printed_page_says_which_site_its_link_addresses_are_on(client, seeded, settings):
    """Print shows each link's address as the page gives it (/people/peter-hay/): the
    paper must say where those addresses are."""
    settings.ALLOWED_HOSTS = ["oversight.example.org"]
    page = client.get("/priorities/", headers={"host": "oversight.example.org"})
    printed = re.search(r'<p class="print-only">(.*?)</p>', page.content.decode())[1]
    assert printed.startswith("Printed from http://oversight.example.org/priorities/ on ")
    assert printed.endswith("in angle brackets, on http://oversight.example.org.")


def test_detail_page_query_counts_do_not_grow_with_history_or_statements(
    client, seeded, make_status_update, make_statement, make_role, django_assert_num_queries
):
    priority = Priority.objects.get(slug="single-improvement-plan")
    hay = Person.objects.get(slug="peter-hay")
    document = Document.objects.get(slug="council-response-le-grand-review")
    pages = [priority.get_absolute_url(), hay.get_absolute_url(), document.get_absolute_url()]
    before = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        before[url] = len(queries)

    evidence = list(document.statements.all())
    for day in range(50):
        make_status_update(
            priority,
            as_of=datetime.date(2014, 6, 1) + datetime.timedelta(days=day),
            statements=evidence,
            documents=[document],
        )
        make_statement(speakers=[hay])
        make_role(person=hay)

    for url in pages:
        with django_assert_num_queries(before[url]):
            client.get(url)
