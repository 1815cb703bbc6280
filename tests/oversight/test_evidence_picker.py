"""Officers choose evidence by who said what and when, and see it on the update's page."""

import re

import pytest
from django.urls import reverse

from oversight.models import StatusUpdate

EVIDENCE_SEARCH = reverse("admin:oversight_statusupdate_evidence_autocomplete")


def evidence_search(client, field, term):
    params = {
        "app_label": "oversight",
        "model_name": "statusupdate",
        "field_name": field,
        "term": term,
    }
    return client.get(EVIDENCE_SEARCH, params)


@pytest.fixture
def hay_statement(make_statement, make_person):
    return make_statement(
        speakers=[make_person(name="Peter Hay", slug="peter-hay")], reference="hay-improve"
    )


def test_statements_are_found_labelled_with_speaker_date_and_words(
    client, signed_in, hay_statement
):
    signed_in("officer")
    response = evidence_search(client, "evidence_statements", "Hay")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": str(hay_statement.pk),
            "text": "Peter Hay, 27 March 2014: “the service must improve.” (hay-improve)",
        }
    ]


def test_an_undated_statement_says_so(client, signed_in, hay_statement):
    signed_in("officer")
    hay_statement.said_on = None
    hay_statement.save()
    [result] = evidence_search(client, "evidence_statements", "Hay").json()["results"]
    assert result["text"].startswith("Peter Hay, undated: ")


def test_documents_are_found_labelled_with_their_date(client, signed_in, make_document):
    signed_in("officer")
    make_document(title="Commissioner's first report")
    [result] = evidence_search(client, "evidence_documents", "first report").json()["results"]
    assert result["text"] == "Commissioner's first report (27 March 2014)"


@pytest.mark.parametrize("term", ["x" * 60_000, "zz " * 2_000])
def test_a_very_long_search_term_is_cut_not_a_500(client, signed_in, hay_statement, term):
    signed_in("officer")
    response = evidence_search(client, "evidence_statements", term)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_evidence_search_serves_evidence_fields_only(client, signed_in, make_priority):
    signed_in("officer")
    make_priority()
    params = {"app_label": "oversight", "model_name": "priority", "field_name": "commissioner"}
    assert client.get(EVIDENCE_SEARCH, params | {"term": "a"}).status_code == 403


def test_the_evidence_search_needs_a_signed_in_officer(client, hay_statement):
    response = evidence_search(client, "evidence_statements", "Hay")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_chosen_evidence_keeps_its_label_when_the_form_comes_back(
    client, signed_in, make_priority, hay_statement
):
    signed_in("officer")
    priority = make_priority()
    url = reverse("admin:oversight_priority_record_status", args=[priority.pk])
    # No note: the form comes back with the chosen statement still chosen, and named.
    data = {"status": "in_progress", "rag": "amber", "as_of": "2014-05-23", "note": ""}
    response = client.post(url, data | {"statements": [hay_statement.pk], "version": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f'<option value="{hay_statement.pk}" selected>'
        "Peter Hay, 27 March 2014: “the service must improve.” (hay-improve)</option>"
    ) in page
    assert reverse("admin:oversight_statusupdate_evidence_autocomplete") in page


def test_an_update_page_shows_its_evidence_linked_to_the_public_record(
    client, signed_in, make_priority, make_document, make_status_update, hay_statement
):
    officer = signed_in("officer")
    priority = make_priority()
    document = make_document(title="The improvement plan")
    update = make_status_update(
        priority,
        as_of=hay_statement.said_on,
        statements=[hay_statement],
        documents=[document],
        user=officer,
    )
    response = client.get(reverse("admin:oversight_statusupdate_change", args=[update.pk]))
    page = response.content.decode()
    assert (
        f'<a href="{hay_statement.get_absolute_url()}">'
        "Peter Hay, 27 March 2014: “the service must improve.” (hay-improve)</a>"
    ) in page
    assert f'<a href="{document.get_absolute_url()}">The improvement plan (27 March 2014)</a>' in (
        page
    )
    item_change = reverse("admin:oversight_priority_change", args=[priority.pk])
    assert f'<a href="{item_change}">{priority}</a>' in page


def test_an_update_without_evidence_says_so_on_its_page(
    client, signed_in, make_priority, make_status_update
):
    officer = signed_in("officer")
    priority = make_priority()
    update = make_status_update(
        priority, no_evidence_reason="The panel has not met in public.", user=officer
    )
    page = client.get(reverse("admin:oversight_statusupdate_change", args=[update.pk]))
    assert "No published evidence cited (the reason is below)." in page.content.decode()
    assert "The panel has not met in public." in page.content.decode()


def test_the_evidence_boxes_are_full_width_with_no_clear_all(client, signed_in, make_priority):
    """With Select2's "clear all", one Backspace in the box removed every statement chosen."""
    signed_in("officer")
    page = client.get(
        reverse("admin:oversight_priority_record_status", args=[make_priority().pk])
    ).content.decode()
    boxes = re.findall(r'<select name="(?:statements|documents)"[^>]*>', page)
    assert len(boxes) == 2
    for box in boxes:
        assert 'data-allow-clear="false"' in box and 'data-width="48em"' in box


def test_the_bulk_form_chooses_no_status_for_the_officer(client, signed_in, make_priority):
    """Left as it opened, it set every selected item to the first status in the list."""
    signed_in("officer")
    items = [make_priority(status="in_progress", rag="amber") for _ in range(2)]
    changelist = reverse("admin:oversight_priority_changelist")
    selected = {
        "action": "record_status_for_selected",
        "_selected_action": [item.pk for item in items],
        **{f"version_{item.pk}": item.version for item in items},
    }
    page = client.post(changelist, selected | {"index": 0}).content.decode()
    assert re.search(r'<select name="status"[^>]*>\s*<option value="" selected>', page)
    assert re.search(r'<select name="rag"[^>]*>\s*<option value="" selected>', page)

    left_as_opened = {"as_of": "2014-05-23", "note": "Checked.", "no_published_evidence": "on"}
    left_as_opened["no_evidence_reason"] = "Nothing published."
    page = client.post(changelist, selected | left_as_opened | {"record": "1"}).content.decode()
    assert "This field is required." in page
    assert not StatusUpdate.objects.exists()


def test_who_recorded_an_update_is_named_not_linked_to_a_page_officers_cannot_open(
    client, signed_in, make_priority, make_status_update
):
    officer = signed_in("officer")
    officer.first_name, officer.last_name = "Asha", "Khan"
    officer.save()
    priority = make_priority()
    update = make_status_update(priority, user=officer)
    user_page = reverse("admin:auth_user_change", args=[officer.pk])
    for url in [
        reverse("admin:oversight_statusupdate_change", args=[update.pk]),
        reverse("admin:oversight_priority_change", args=[priority.pk]),
    ]:
        page = client.get(url).content.decode()
        assert "Asha Khan" in page
        assert user_page not in page
    assert client.get(user_page).status_code == 403
