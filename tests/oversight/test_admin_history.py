"""An item's admin page shows its latest updates and links to the whole history."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from oversight.models import StatusUpdate
from tests.pages import accessibility_problems, main_text_of

FIRST_DAY = datetime.date(2014, 4, 1)


def add_history(item, count):
    """Give `item` `count` updates, a day apart; every fifth corrects the one before."""
    update = None
    for day in range(count):
        update = StatusUpdate.objects.create(
            priority=item,
            status="in_progress",
            rag="amber",
            as_of=FIRST_DAY + datetime.timedelta(days=day),
            note=f"Update {day}.",
            corrects=update if day % 5 == 4 else None,
        )


def change_page(client, item):
    return client.get(reverse("admin:oversight_priority_change", args=[item.pk]))


class FormFields(HTMLParser):
    """What a browser would post back from a page's form: its inputs, selects, textareas."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag in ("select", "textarea"):
            self.select = self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


@pytest.fixture
def officer(signed_in):
    return signed_in("officer")


def test_a_long_history_shows_its_latest_twenty_and_links_to_all_of_it(
    client, officer, make_priority
):
    priority, other = make_priority(), make_priority()
    add_history(priority, 25)
    add_history(other, 1)
    page = change_page(client, priority).content.decode()
    assert "Update 5." in page and "Update 24." in page
    assert "Update 4." not in page
    # Said before the table, which starts part-way through the history.
    assert "Below, the latest 20 of 25 status updates." in page
    assert page.index("Below, the latest 20") < page.index("Update 5.")
    history = (
        reverse("admin:oversight_statusupdate_changelist") + f"?priority__id__exact={priority.pk}"
    )
    assert f'<a href="{history}">See all 25 in the status history</a>' in page

    listing = client.get(history).content.decode()
    # Every update of this priority, and not the other's.
    assert "25 results" in listing and "26 total" in listing
    # Narrowed by year and month of the day assessed: the record's days are long past.
    assert "as_of__year=2014" in listing


def test_a_short_history_is_shown_whole_with_no_link(client, officer, make_priority):
    priority = make_priority()
    add_history(priority, 3)
    page = change_page(client, priority).content.decode()
    assert all(f"Update {day}." in page for day in range(3))
    assert "the latest 20" not in page


def test_the_page_reads_as_many_queries_for_a_long_history_as_a_short_one(
    client, officer, make_priority
):
    short, long = make_priority(), make_priority()
    add_history(short, 3)
    add_history(long, 40)
    assert queries_to_read(client, change_page, short) == queries_to_read(client, change_page, long)


def queries_to_read(client, page, item):
    """Return how many queries `page(client, item)` reads, once sessions and caches have
    settled on a first visit."""
    page(client, item)
    with CaptureQueriesContext(connection) as queries:
        assert page(client, item).status_code == 200
    return len(queries)


def test_a_long_history_sent_back_after_a_newer_update_gets_the_stale_message(
    client, officer, make_priority, make_status_update
):
    """The newer update pushes the oldest shown row out of the latest 20: the page still
    draws every row it sent back, under the message that the item changed."""
    priority = make_priority()
    add_history(priority, 25)
    form = FormFields("priority_form")
    form.feed(change_page(client, priority).content.decode())
    assert form.data["updates-INITIAL_FORMS"] == "20"
    make_status_update(priority, as_of=FIRST_DAY + datetime.timedelta(days=40))

    response = client.post(
        reverse("admin:oversight_priority_change", args=[priority.pk]),
        form.data | {"description": "Edited.", "_save": "Save"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "was changed after you opened this form" in page
    assert "Update 5." in page and "Update 24." in page
    priority.refresh_from_db()
    assert priority.description != "Edited."


def test_each_update_knows_the_status_its_own_item_had_before(
    make_priority, make_recommendation, make_status_update
):
    """A priority's and a recommendation's updates on the same days never mix."""
    priority, recommendation = make_priority(), make_recommendation()
    day = datetime.date(2014, 5, 23)
    make_status_update(priority, status="not_started", rag="red", as_of=day)
    make_status_update(recommendation, status="achieved", rag="green", as_of=day)
    make_status_update(priority, status="in_progress", rag="amber", as_of=day)
    make_status_update(recommendation, status="not_achieved", rag="red", as_of=day)
    changes = StatusUpdate.objects.with_previous_status().order_by("id")
    assert [(u.item, u.previous_status, u.status) for u in changes] == [
        (priority, "", "not_started"),
        (recommendation, "", "achieved"),
        (priority, "not_started", "in_progress"),
        (recommendation, "achieved", "not_achieved"),
    ]


def test_the_status_before_follows_the_day_then_the_moment_recorded(
    make_priority, make_status_update
):
    priority = make_priority()
    day = datetime.date(2014, 6, 1)
    make_status_update(priority, status="achieved", as_of=day)
    make_status_update(priority, status="not_started", as_of=day - datetime.timedelta(days=1))
    for status in ("not_achieved", "superseded"):
        make_status_update(priority, status=status, as_of=day)
    changes = StatusUpdate.objects.filter(priority=priority).with_previous_status()
    assert [(u.previous_status, u.status) for u in changes] == [
        ("", "not_started"),
        ("not_started", "achieved"),
        ("achieved", "not_achieved"),
        ("not_achieved", "superseded"),
    ]


def history_page(client, item):
    name = f"admin:oversight_{item._meta.model_name}_history"
    return client.get(reverse(name, args=[item.pk]))


def record(client, item, status, note):
    """Record a status update for `item` through its admin form, as an officer does."""
    item.refresh_from_db()
    url = reverse(f"admin:oversight_{item._meta.model_name}_record_status", args=[item.pk])
    data = {
        "status": status,
        "rag": "amber",
        "as_of": "2014-05-23",
        "note": note,
        "no_published_evidence": "on",
        "no_evidence_reason": "Reported at the board meeting.",
        "version": item.version,
    }
    assert client.post(url, data).status_code == 302


def history_rows(response):
    """Return each row of the History table as [date/time, user, action] texts."""
    page = response.content.decode()
    start = page.index("<caption>Edits to this item")
    table = page[start : page.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]  # after the header
    return [[main_text_of(cell) for cell in re.findall(CELL, row, re.DOTALL)] for row in rows]


CELL = r"<t[hd][^>]*>(.*?)</t[hd]>"


def test_a_moved_deadline_keeps_the_old_one_in_the_history(client, officer, make_priority):
    priority = make_priority(due_on=datetime.date(2014, 6, 1), due_on_precision="month")
    form = FormFields("priority_form")
    form.feed(change_page(client, priority).content.decode())
    client.post(
        reverse("admin:oversight_priority_change", args=[priority.pk]),
        form.data | {"due_on": "01/12/2014", "_save": "Save"},
    )
    rows = history_rows(history_page(client, priority))
    assert rows[-1][1:] == [
        officer.get_username(),
        "Changed Due on from “01/06/2014” to “01/12/2014”",
    ]


def test_the_history_shows_the_items_edits_and_its_status_updates_in_order(
    client, officer, make_priority
):
    priority, other = make_priority(title="Single improvement plan"), make_priority()
    record(client, priority, "in_progress", "Drafted.")
    form = FormFields("priority_form")
    form.feed(change_page(client, priority).content.decode())
    edited = client.post(
        reverse("admin:oversight_priority_change", args=[priority.pk]),
        form.data | {"description": "Edited.", "_save": "Save"},
    )
    assert edited.status_code == 302
    record(client, priority, "achieved", "Published.")
    record(client, other, "not_started", "Not begun.")

    response = history_page(client, priority)
    rows = history_rows(response)
    username = officer.get_username()
    assert [row[1:] for row in rows] == [
        [
            username,
            "Recorded a status update: Single improvement plan: In progress as of 23 May 2014",
        ],
        # What the box held before, as well as after: nothing of the item is lost.
        [username, "Changed Description from “Do it.” to “Edited.”"],
        [username, "Recorded a status update: Single improvement plan: Achieved as of 23 May 2014"],
    ]
    first = priority.updates.order_by("pk").first()
    link = reverse("admin:oversight_statusupdate_change", args=[first.pk])
    assert f'<a href="{link}">' in response.content.decode()
    assert "3 entries" in response.content.decode()
    assert accessibility_problems(response) == []


def test_a_recommendations_history_shows_its_status_updates(client, officer, make_recommendation):
    recommendation = make_recommendation()
    record(client, recommendation, "in_progress", "Begun.")
    [row] = history_rows(history_page(client, recommendation))
    assert row[2].startswith("Recorded a status update: ") and "In progress" in row[2]


def test_an_item_loaded_with_the_record_says_it_has_no_history_here(client, officer, make_priority):
    page = history_page(client, make_priority()).content.decode()
    assert "No edit or status update has been recorded for this item in the admin" in page


def test_the_history_reads_as_many_queries_for_many_updates_as_for_one(
    client, officer, make_priority
):
    few, many = make_priority(), make_priority()
    record(client, few, "in_progress", "One.")
    for day in range(12):
        record(client, many, "in_progress", f"Update {day}.")
    assert queries_to_read(client, history_page, few) == queries_to_read(client, history_page, many)


def test_the_status_history_names_who_recorded_each_update_as_the_item_page_does(
    client, officer, make_priority, make_user
):
    priority = make_priority()
    add_history(priority, 1)  # the seed record's
    StatusUpdate.objects.create(
        priority=priority,
        status="achieved",
        rag="green",
        as_of=FIRST_DAY,
        note="Done.",
        no_evidence_reason="Not public.",
        recorded_by=make_user("officer", username="asha", first_name="Asha", last_name="Patel"),
    )
    listing = client.get(reverse("admin:oversight_statusupdate_changelist")).content.decode()
    names = re.findall(r'<td class="field-recorded_by_name">([^<]*)</td>', listing)
    assert names == ["Asha Patel", "Seed record"]
    # And the start of each note, to tell updates of one item, day and status apart.
    notes = re.findall(r'<td class="field-note_start">([^<]*)</td>', listing)
    assert notes == ["Done.", "Update 0."]


def test_an_items_history_names_its_evidence_as_the_officer_chose_it_linked_to_it(
    client, officer, seeded, make_status_update
):
    from documents.models import Statement
    from oversight.models import Priority

    priority = Priority.objects.get(slug="single-improvement-plan")
    statements = list(Statement.objects.order_by("pk")[:4])
    make_status_update(priority, as_of=FIRST_DAY, statements=statements[:1])
    before = queries_to_read(client, change_page, priority)
    make_status_update(priority, as_of=FIRST_DAY, note="More.", statements=statements)
    # Each statement's speakers too, in the same queries however many are cited.
    assert queries_to_read(client, change_page, priority) == before
    page = change_page(client, priority).content.decode()
    for statement in statements:
        label = escape(statement.evidence_label())
        assert f'<a href="{statement.get_absolute_url()}">{label}</a>' in page
