"""The cached dashboard never shows a stale record: every writer moves the record version."""

import datetime
import io

from django.core.management import call_command

from oversight.models import Priority
from tests.pages import section


def priorities_table(client):
    return section(client.get("/"), "The Commissioner's priorities")


def test_an_update_through_the_service_shows_on_the_very_next_dashboard(
    client, seeded, make_status_update
):
    """The first request files the page in the cache, as another worker might have; the
    update moves the record version, so that page is never served again."""
    priority = Priority.objects.get(slug="single-improvement-plan")
    assert "single and coherent improvement plan Overdue Stale Lord Norman Warner In progress" in (
        priorities_table(client)
    )
    make_status_update(priority, status="achieved", rag="green", as_of=datetime.date(2014, 6, 30))
    table = priorities_table(client)
    assert "A single and coherent improvement plan Lord Norman Warner Achieved Green" in table
    changes = section(client.get("/"), "The ten most recent status updates")
    assert "30 June 2014 Priority 3: A single and coherent improvement plan" in changes


def test_an_admin_edit_of_a_title_shows_on_the_next_dashboard(client, seeded, signed_in):
    priority = Priority.objects.get(slug="five-year-budget")
    assert "A five-year budget" in priorities_table(client)
    Priority.objects.filter(pk=priority.pk).update(title="A balanced five-year budget")
    assert "A balanced five-year budget" in priorities_table(client)


def test_loading_the_seed_record_shows_on_the_next_dashboard(client, db):
    assert "A five-year budget" not in client.get("/").content.decode()
    call_command("load_seeds", stdout=io.StringIO())
    assert "A five-year budget" in priorities_table(client)


def test_a_new_statement_shows_in_the_latest_statements(
    client, seeded, make_statement, make_document
):
    assert "the service must improve" not in client.get("/").content.decode()
    make_statement(document=make_document(published_on=datetime.date(2014, 6, 1)))
    latest = client.get("/").content.decode().split("Latest statements", 1)[1]
    assert "the service must improve." in latest
