"""Two officers working on one item never silently overwrite each other."""

import datetime
import re
import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from oversight.models import Priority
from oversight.services import status_update_record, tracked_item_save
from oversight.versioning import StaleEdit
from tests.pages import form_values

MAY = datetime.date(2014, 5, 23)


def url(item, view):
    return reverse(f"admin:oversight_{item._meta.model_name}_{view}", args=[item.pk])


def opened_version(client, item, view):
    """Open the form as the officer's browser would and return the version its page
    carries: a field the page does not draw is not posted back."""
    page = client.get(url(item, view)).content.decode()
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert found, "the form's page carries no version to post back"
    return found.group(1)


@pytest.fixture
def two_officers(client, make_user, django_user_model):
    from django.test import Client

    first, second = client, Client()
    first.force_login(make_user("officer", username="asha"))
    second.force_login(make_user("officer", username="ben"))
    return first, second


def status_form(version, note, document):
    return {
        "status": "in_progress",
        "rag": "amber",
        "as_of": "2014-05-23",
        "note": note,
        "documents": [document.pk],
        "version": version,
    }


def test_second_officers_stale_status_update_is_refused_and_the_first_kept(
    two_officers, make_priority, make_document
):
    asha, ben = two_officers
    priority, document = make_priority(), make_document()
    asha_version = opened_version(asha, priority, "record_status")
    ben_version = opened_version(ben, priority, "record_status")

    asha.post(url(priority, "record_status"), status_form(asha_version, "Plan agreed.", document))
    response = ben.post(
        url(priority, "record_status"), status_form(ben_version, "Plan drafted.", document)
    )

    page = response.content.decode()
    assert "was changed after you opened this form" in page
    assert "asha recorded “In progress” (Amber) as of 23 May 2014: Plan agreed." in page
    assert "Nothing of yours was saved" in page
    assert [u.note for u in priority.updates.all()] == ["Plan agreed."]
    # Ben's words are still in the form, now based on the newer version.
    assert "Plan drafted." in page
    assert response.context["form"]["version"].value() == 1


def test_a_refusal_quotes_the_start_of_a_long_note_not_all_of_it(
    two_officers, make_priority, make_document
):
    asha, ben = two_officers
    priority, document = make_priority(), make_document()
    ben_version = opened_version(ben, priority, "record_status")
    long_note = "Evidence read in full. " * 200  # 4,600 characters
    asha.post(url(priority, "record_status"), status_form(ben_version, long_note, document))
    response = ben.post(
        url(priority, "record_status"), status_form(ben_version, "Plan drafted.", document)
    )
    [refusal] = response.context["form"].non_field_errors()
    assert len(refusal) < 600
    assert "as of 23 May 2014: Evidence read in full. Evidence read in full." in refusal
    assert "…" in refusal and "Nothing of yours was saved" in refusal


@pytest.mark.parametrize("view", ["record_status", "change"])
def test_a_version_the_item_never_had_is_refused_as_such_not_as_a_stale_edit(
    two_officers, make_priority, make_document, view
):
    asha, _ = two_officers
    priority, document = make_priority(), make_document()
    if view == "record_status":
        values = status_form("999999", "Plan agreed.", document)
    else:
        values = form_values(asha.get(url(priority, view)), "priority_form")
        values |= {"version": ["999999"], "description": ["Changed."], "_save": ["Save"]}
    page = asha.post(url(priority, view), values).content.decode()
    assert "The form named a version of this item it has never had (it is at version 0)" in page
    assert "was changed after you opened this form" not in page
    priority.refresh_from_db()
    assert (priority.version, priority.description, priority.updates.count()) == (0, "Do it.", 0)


def test_a_stale_edit_of_a_priority_is_refused_and_the_first_edit_kept(two_officers, make_priority):
    asha, ben = two_officers
    priority = make_priority(title="Budget", description="Set a budget.")
    asha_version = opened_version(asha, priority, "change")
    ben_version = opened_version(ben, priority, "change")
    fields = {
        "title": "Budget",
        "description": "Set a budget.",
        "due_on": "",
        "due_on_precision": "day",
    }
    history = {"updates-TOTAL_FORMS": 0, "updates-INITIAL_FORMS": 0}

    response = asha.post(
        url(priority, "change"),
        {**fields, **history, "title": "Five-year budget", "version": asha_version},
    )
    assert response.status_code == 302
    response = ben.post(
        url(priority, "change"),
        {**fields, **history, "description": "Balance the books.", "version": ben_version},
    )

    page = response.content.decode()
    assert "was changed after you opened this form" in page
    assert "asha changed title" in page.lower()
    priority.refresh_from_db()
    assert (priority.title, priority.description) == ("Five-year budget", "Set a budget.")
    assert priority.version == 1


def ben_opens_then_asha_saves(two_officers, make_priority, asha_changes):
    """Return the priority and Ben's page of it, opened before Asha saved `asha_changes`."""
    asha, ben = two_officers
    priority = make_priority(title="Budget", description="Set a budget.\nBy June.")
    ben_page = ben.get(url(priority, "change"))
    values = form_values(asha.get(url(priority, "change")), "priority_form")
    asha.post(url(priority, "change"), values | asha_changes)
    return priority, ben_page


def test_a_refused_stale_edit_comes_back_with_the_newer_change_kept_and_saves_again(
    two_officers, make_priority
):
    _, ben = two_officers
    priority, ben_page = ben_opens_then_asha_saves(
        two_officers, make_priority, {"title": ["Five-year budget"]}
    )

    # Ben sets a deadline. His browser sends the description he did not touch with its
    # break as CR LF, as browsers do: that is no change of his.
    refused = ben.post(
        url(priority, "change"),
        form_values(ben_page, "priority_form")
        | {
            "due_on": ["30/06/2014"],
            "description": ["Set a budget.\r\nBy June."],
            "_save": ["Save"],
        },
    )
    page = refused.content.decode()
    assert "was changed after you opened this form" in page
    assert "The boxes you had not changed now show the record as it is: Title." in page
    # Ben left the title as it opened: it now holds Asha's. His deadline is his own, and
    # Asha did not set one, so no box says anything.
    form = refused.context["adminform"].form
    assert set(form.errors) == {"__all__"}
    values = form_values(refused, "priority_form")
    assert values["title"] == ["Five-year budget"]
    assert values["due_on"] == ["30/06/2014"]
    # Saving the form as it came back keeps both changes: nothing of Asha's is lost.
    again = ben.post(
        url(priority, "change"), values | {"description": ["Set a budget.\r\nBy June."]}
    )
    assert again.status_code == 302
    priority.refresh_from_db()
    assert (priority.title, priority.due_on, priority.description) == (
        "Five-year budget",
        datetime.date(2014, 6, 30),
        "Set a budget.\nBy June.",
    )
    assert priority.version == 2


def test_a_box_both_officers_changed_says_what_the_record_has_and_keeps_what_was_typed(
    two_officers, make_priority
):
    _, ben = two_officers
    priority, ben_page = ben_opens_then_asha_saves(
        two_officers, make_priority, {"description": ["Set a budget by May."]}
    )

    # Ben's browser sends the untouched title as it was, and the break in the description
    # he did not change as CR LF: neither is a change of his.
    ben_values = form_values(ben_page, "priority_form")
    refused = ben.post(url(priority, "change"), ben_values | {"description": ["Set no budget."]})
    form = refused.context["adminform"].form
    assert form.errors["description"] == [
        "The record now has “Set a budget by May.” here; saving keeps what this box holds."
    ]
    assert "title" not in form.errors
    assert "boxes you had not changed" not in refused.content.decode()
    assert form_values(refused, "priority_form")["description"] == ["Set no budget."]
    priority.refresh_from_db()
    assert priority.description == "Set a budget by May."


def test_a_form_without_the_values_it_opened_with_marks_every_box_that_differs(
    two_officers, make_priority
):
    # A page from before the form carried them, or a value this site did not sign: each
    # box that differs from the record now is taken as the officer's, and says so.
    asha, ben = two_officers
    priority = make_priority(title="Budget", description="Set a budget.")
    ben_values = form_values(ben.get(url(priority, "change")), "priority_form")
    values = form_values(asha.get(url(priority, "change")), "priority_form")
    asha.post(url(priority, "change"), values | {"title": ["Five-year budget"]})

    for opened_with in ([], ["forged"]):
        refused = ben.post(
            url(priority, "change"),
            ben_values | {"description": ["Balance the books."], "opened_with": opened_with},
        )
        form = refused.context["adminform"].form
        assert set(form.errors) == {"__all__", "title", "description"}
    priority.refresh_from_db()
    assert (priority.title, priority.description) == ("Five-year budget", "Set a budget.")


def test_a_status_update_makes_an_open_priority_edit_stale(
    two_officers, make_priority, make_document
):
    asha, ben = two_officers
    priority = make_priority(title="Budget")
    ben_version = opened_version(ben, priority, "change")
    asha.post(
        url(priority, "record_status"),
        status_form(priority.version, "Plan agreed.", make_document()),
    )
    response = ben.post(
        url(priority, "change"),
        {
            "title": "Renamed",
            "description": "Do it.",
            "due_on_precision": "day",
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
            "version": ben_version,
        },
    )
    assert "asha recorded “In progress”" in response.content.decode()
    assert Priority.objects.get(pk=priority.pk).title == "Budget"


def test_a_stale_list_edit_is_refused_and_changes_nothing(
    two_officers, make_priority, make_document
):
    asha, ben = two_officers
    priority = make_priority()
    shown_version = priority.version
    asha.post(
        url(priority, "record_status"),
        status_form(priority.version, "Plan agreed.", make_document()),
    )
    response = ben.post(
        reverse("admin:oversight_priority_changelist"),
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": priority.pk,
            "form-0-due_on": "2014-06-30",
            f"version_{priority.pk}": shown_version,
            "_save": "Save",
        },
        follow=True,
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("asha recorded “In progress”" in m for m in shown), shown
    assert Priority.objects.get(pk=priority.pk).due_on is None


def test_a_current_list_edit_is_saved(client, signed_in, make_priority):
    signed_in("officer")
    priority = make_priority()
    client.post(
        reverse("admin:oversight_priority_changelist"),
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": priority.pk,
            "form-0-due_on": "2014-06-30",
            f"version_{priority.pk}": priority.version,
            "_save": "Save",
        },
    )
    priority.refresh_from_db()
    assert (priority.due_on, priority.version) == (datetime.date(2014, 6, 30), 1)


def test_a_stale_save_through_the_service_writes_nothing(make_priority):
    priority = make_priority(title="Budget")
    tracked_item_save(
        item=Priority.objects.get(pk=priority.pk), fields=["title"], expected_version=0
    )
    stale = Priority.objects.get(pk=priority.pk)
    stale.title = "Overwritten"
    stale.version = 0
    with pytest.raises(StaleEdit):
        tracked_item_save(item=stale, fields=["title"], expected_version=0)
    assert Priority.objects.get(pk=priority.pk).title == "Budget"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time: no real race"
)
def test_two_officers_saving_at_once_on_two_connections(make_priority, make_document):
    """Asha's transaction holds the row while Ben's save, opened at the same version, runs."""
    priority, document = make_priority(), make_document()
    asha_wrote, outcome = threading.Event(), {}

    def asha():
        try:
            with transaction.atomic():
                status_update_record(
                    item=priority,
                    status="in_progress",
                    rag="amber",
                    as_of=MAY,
                    note="Asha: plan agreed.",
                    documents=[document],
                    expected_version=0,
                )
                asha_wrote.set()
                # Ben's conditional UPDATE is waiting on this row until we commit.
                threading.Event().wait(0.5)
        finally:
            connection.close()

    def ben():
        asha_wrote.wait(5)
        try:
            status_update_record(
                item=priority,
                status="not_started",
                rag="red",
                as_of=MAY,
                note="Ben: nothing yet.",
                documents=[document],
                expected_version=0,
            )
            outcome["ben"] = "saved"
        except StaleEdit as stale:
            outcome["ben"] = str(stale)
        finally:
            connection.close()

    threads = [threading.Thread(target=asha), threading.Thread(target=ben)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert "Asha: plan agreed." in outcome["ben"]
    assert [u.note for u in priority.updates.all()] == ["Asha: plan agreed."]
    priority.refresh_from_db()
    assert (priority.status, priority.version) == ("in_progress", 1)


def action_post(items, versions, **form):
    return {
        "action": "record_status_for_selected",
        "_selected_action": [item.pk for item in items],
        **{f"version_{item.pk}": version for item, version in zip(items, versions, strict=True)},
        **form,
    }


def test_the_bulk_action_records_one_update_for_every_selected_item(
    client, signed_in, make_priority, make_document
):
    officer = signed_in("officer")
    first, second = make_priority(), make_priority()
    changelist = reverse("admin:oversight_priority_changelist")
    # Choosing the action from the list opens the form.
    page = client.post(changelist, {**action_post([first, second], [0, 0]), "index": 0})
    assert "The same update will be appended to each of these priorities" in page.content.decode()

    response = client.post(
        changelist,
        action_post(
            [first, second],
            [0, 0],
            record="1",
            **{
                k: v
                for k, v in status_form(0, "Board report.", make_document()).items()
                if k != "version"
            },
        ),
        follow=True,
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Recorded “In progress” as of 23 May 2014 for:" in m for m in shown), shown
    for priority in (first, second):
        assert priority.updates.get().recorded_by == officer


def test_a_stale_bulk_action_records_nothing_for_any_item(
    two_officers, make_priority, make_document
):
    asha, ben = two_officers
    first, second = make_priority(), make_priority()
    document = make_document()
    asha.post(url(second, "record_status"), status_form(0, "Plan agreed.", document))
    form = {k: v for k, v in status_form(0, "Board report.", document).items() if k != "version"}
    changelist = reverse("admin:oversight_priority_changelist")
    response = ben.post(changelist, action_post([first, second], [0, 0], record="1", **form))
    page = response.content.decode()
    assert "Nothing was recorded for any item." in page
    assert "asha recorded “In progress” (Amber) as of 23 May 2014: Plan agreed." in page
    assert not first.updates.exists()
    assert [u.note for u in second.updates.all()] == ["Plan agreed."]
    # The form comes back as Ben filled it in, at the versions now, to record knowingly.
    assert "Board report.</textarea>" in page
    assert f'name="version_{second.pk}" value="1"' in page

    ben.post(changelist, action_post([first, second], [0, 1], record="1", **form))
    assert [u.note for u in first.updates.all()] == ["Board report."]
    assert [u.note for u in second.updates.all()] == ["Plan agreed.", "Board report."]


def test_saving_an_item_unchanged_puts_no_newer_version_in_anyone_s_way(
    two_officers, make_priority, make_document
):
    asha, ben = two_officers
    # A description of several lines, whose breaks the browser sends back as CR LF.
    priority = make_priority(description="Set a budget.\nBy June.")
    values = form_values(asha.get(url(priority, "change")), "priority_form")
    assert values["description"] == ["Set a budget.\r\nBy June."]
    saved = asha.post(url(priority, "change"), values | {"_save": ["Save"]})
    assert saved.status_code == 302
    # Nor do the values the form carries back count as a change, whatever they hold.
    again = asha.post(url(priority, "change"), values | {"opened_with": ["from another day"]})
    assert again.status_code == 302
    priority.refresh_from_db()
    assert priority.version == 0
    # And the History lists no edit that changed nothing.
    assert not LogEntry.objects.filter(object_id=str(priority.pk)).exists()
    ben.post(url(priority, "record_status"), status_form(0, "Plan agreed.", make_document()))
    assert [u.note for u in priority.updates.all()] == ["Plan agreed."]


def test_the_bulk_action_needs_the_versions_the_page_showed(client, signed_in, make_priority):
    signed_in("officer")
    priority = make_priority()
    response = client.post(
        reverse("admin:oversight_priority_changelist"),
        {
            "action": "record_status_for_selected",
            "select_across": "1",
            "index": 0,
            "_selected_action": [priority.pk],
        },
        follow=True,
    )
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Nothing was recorded: select the items on the page" in shown
    assert not priority.updates.exists()


def test_a_new_priority_is_saved_from_the_add_page(client, signed_in, make_document, make_person):
    signed_in("superuser")
    add = reverse("admin:oversight_priority_add")
    version = re.search(r'name="version" value="(\d+)"', client.get(add).content.decode())
    assert version, "the add page carries no version to post back"
    response = client.post(
        add,
        {
            "slug": "new-priority",
            "number": 5,
            "title": "A new priority",
            "description": "Set out a new priority.",
            "commissioner": make_person().pk,
            "source": make_document().pk,
            "due_on": "",
            "due_on_precision": "day",
            "version": version.group(1),
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Priority.objects.get(slug="new-priority").title == "A new priority"


def test_a_refusal_names_the_other_officer_and_the_time_as_the_admin_does(
    client, make_user, make_priority, make_document, settings
):
    from django.test import Client

    settings.TIME_ZONE = "Europe/London"
    asha = Client()
    asha.force_login(make_user("officer", username="asha", first_name="Asha", last_name="Patel"))
    client.force_login(make_user("officer"))
    priority, document = make_priority(), make_document()
    opened = opened_version(client, priority, "record_status")
    asha.post(url(priority, "record_status"), status_form(opened, "Plan agreed.", document))
    response = client.post(
        url(priority, "record_status"), status_form(opened, "Plan drafted.", document)
    )
    [refusal] = response.context["form"].non_field_errors()
    recorded = timezone.localtime(priority.updates.get().recorded_at)
    assert "The newer change: Asha Patel recorded “In progress”" in refusal
    assert f"({recorded.day} {recorded:%B %Y} at {recorded:%H:%M %Z})." in refusal
    assert recorded.strftime("%Z") in {"GMT", "BST"}
