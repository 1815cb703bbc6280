"""Requests no form of the site would send: a clear message in the site's words and a 4xx,
never a 500, and nothing saved (QA's fuzzing of the pages and the admin)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from oversight.models import Priority, Recommendation
from tests.oversight.test_record_status import form_data, record_url
from tests.pages import form_values


@pytest.fixture
def officer(signed_in, seeded):
    return signed_in("officer")


def text(response):
    return response.content.decode()


def changelist(model):
    return reverse(f"admin:oversight_{model._meta.model_name}_changelist")


def bulk_record(item_keys, versions):
    return {
        "action": "record_status_for_selected",
        "_selected_action": item_keys,
        **{f"version_{key}": version for key, version in versions.items()},
        "status": "in_progress",
        "rag": "amber",
        "as_of": "23/05/2014",
        "note": "Begun.",
        "no_evidence_reason": "Told to the committee.",
        "record": "Record",
    }


def test_a_bulk_update_of_items_no_longer_in_the_record_says_so(client, officer):
    priority = Priority.objects.first()
    missing = Priority.objects.order_by("-pk").first().pk + 1000
    response = client.post(changelist(Priority), bulk_record([missing], {missing: 1}), follow=True)
    assert response.status_code == 200
    assert "the items selected are no longer in the record" in text(response)
    assert not priority.updates.filter(note="Begun.").exists()


@pytest.mark.parametrize("key", ["abc", "²", "99999999999999999999999", "1" * 5000])
def test_a_row_named_by_a_key_no_row_can_have_is_a_400(client, officer, key):
    response = client.post(changelist(Priority), bulk_record([key], {}))
    assert response.status_code == 400
    assert "The form named a row by a key no row has" in text(response)


@pytest.mark.parametrize("key", ["²", "99999999999999999999999"])
def test_an_items_history_rows_sent_back_with_keys_no_row_can_have_are_a_400(client, officer, key):
    priority = Priority.objects.get(slug="single-improvement-plan")
    address = reverse("admin:oversight_priority_change", args=[priority.pk])
    values = form_values(client.get(address), "priority_form")
    before = priority.version
    response = client.post(address, values | {"updates-0-id": [key], "_save": ["Save"]})
    assert response.status_code == 400
    assert "<h1>The request could not be read</h1>" in text(response)
    priority.refresh_from_db()
    assert priority.version == before


@pytest.mark.parametrize(
    "query, message",
    [
        ({"as_of__year": "9" * 23}, "The number given for “as_of__year” is larger than any"),
        ({"id__exact": "-" + "9" * 19}, "The number given for “id__exact” is larger than any"),
        ({"id__exact": "1" * 5000}, "The number given for “id__exact” is larger than any"),
        ({"as_of__year": "9999999999"}, "“as_of__year” is not a date the record could hold"),
        ({"as_of__year": "-99999999999"}, "“as_of__year” is not a date the record could hold"),
        (
            {"as_of__year": "2014", "as_of__month": "99999999999"},
            "“as_of__month” is not a date the record could hold",
        ),
    ],
)
def test_a_number_no_row_or_date_can_have_in_an_admin_list_filter_is_a_400(
    client, officer, query, message
):
    response = client.get(reverse("admin:oversight_statusupdate_changelist"), query)
    assert response.status_code == 400
    assert message in text(response)


def test_a_long_number_is_still_something_to_search_for_in_the_admin(client, officer):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "documents",
            "model_name": "statement",
            "field_name": "quoted_from",
            "term": "1" * 19,
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
    response = client.get(changelist(Priority), {"q": "9" * 30})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "address, shown",
    [
        ("/admin/oversight/priority/?status=%00", "0 priorities"),
        ("/admin/oversight/recommendation/?outcome=%00", "0 recommendations"),
        ("/admin/oversight/statusupdate/?rag=%00", "0 status updates"),
    ],
)
def test_a_nul_in_an_admin_list_filter_is_read_as_a_character_that_matches_nothing(
    client, officer, address, shown
):
    response = client.get(address)
    assert response.status_code == 200
    paginator = text(response).split('<p class="paginator">')[1].split("</p>")[0]
    assert paginator.split() == shown.split()


def test_a_control_character_in_a_search_parts_words_as_a_space_does(client, seeded):
    spaced = text(client.get("/statements/", {"q": "children services"}))
    for query in ["children%00services", "children%01services", "children%C2%85services"]:
        page = text(client.get(f"/statements/?q={query}"))
        assert heading(page) == heading(spaced)
    assert "0 statements" not in heading(spaced)


@pytest.mark.parametrize("invisible", ["%C2%AD", "%E2%80%8B", "%E2%81%A0", "%EF%BB%BF"])
def test_a_character_invisible_inside_a_word_leaves_the_word_whole(client, seeded, invisible):
    # A soft hyphen, zero-width space, word joiner or byte-order mark, as copied from a page.
    whole = text(client.get("/statements/", {"q": "safeguarding"}))
    page = text(client.get(f"/statements/?q=safe{invisible}guarding"))
    assert heading(page) == heading(whole)
    assert "0 statements" not in heading(whole)


@pytest.mark.parametrize("query", ["%C2%AD", "%E2%80%8B", "%EF%BB%BF", "%01", "%00%01"])
def test_a_query_of_invisible_characters_alone_says_nothing_is_searched_for(client, seeded, query):
    """Not the whole record, as the empty box lists it, under a title of nothing."""
    response = client.get(f"/statements/?q={query}")
    assert response.status_code == 400
    assert "Nothing to search for" in text(response)
    assert client.get(f"/api/statements/?q={query}").status_code == 400


def heading(page):
    return page.split('<h2 id="results">')[1].split("</h2>")[0]


def test_a_control_character_in_an_address_is_never_written_into_a_page(client, seeded):
    for address in ["/statements/?q=%01abc", "/priorities/?status=%00", "/?as_of=%00"]:
        page = text(client.get(address))
        assert "\x00" not in page and "\x01" not in page
    page = text(client.get("/priorities/?status=%C2%92"))
    assert "\x92" not in page and "“\ufffd” is not one of" in page
    page = text(client.get("/priorities/?status=%00"))
    assert "“\ufffd” is not one of" in page


def test_a_list_edit_without_the_version_it_was_based_on_says_so(client, officer):
    priority = Priority.objects.get(slug="single-improvement-plan")
    response = client.post(
        changelist(Priority),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(priority.pk),
            "form-0-due_on": "01/12/2014",
            "_save": "Save",
        },
    )
    assert response.status_code == 400
    assert "The page did not say which version it was based on." in text(response)


def test_recording_on_an_option_the_review_ruled_out_says_why_it_is_refused(client, officer):
    ruled_out = next(r for r in Recommendation.objects.all() if not r.is_tracked)
    response = client.get(record_url(ruled_out))
    assert response.status_code == 403
    reason = f"The review did not recommend “{ruled_out}”, so it has no status to record."
    assert escape(reason) in text(response)


def test_someone_who_may_not_record_is_refused_before_being_told_anything_of_the_item(
    client, signed_in, seeded
):
    signed_in("scrutiny")
    ruled_out = next(r for r in Recommendation.objects.all() if not r.is_tracked)
    response = client.get(record_url(ruled_out))
    assert response.status_code == 403
    assert "The review did not recommend" not in text(response)


def test_a_form_sent_to_a_public_page_is_refused_in_the_sites_words(seeded):
    response = Client(enforce_csrf_checks=True).post("/statements/", {"q": "jury"})
    assert response.status_code == 403
    assert "<h1>The form could not be accepted</h1>" in text(response)
    assert "public pages take no forms" in text(response)
    # An officer's form sent with an expired token: how to keep what they typed.
    assert "Go back to the form and copy what you typed into it" in text(response)


def test_too_many_values_or_too_large_a_body_are_refused_saying_which(client, officer):
    many = "&".join(f"a={n}" for n in range(1100))
    response = client.get(f"/statements/?{many}")
    assert response.status_code == 400
    assert "more than 1,000 values" in text(response)
    priority = Priority.objects.get(slug="single-improvement-plan")
    data = form_data(priority, note="x" * 3_000_000, no_evidence_reason="None published.")
    response = client.post(record_url(priority), data)
    assert response.status_code == 400
    assert "larger than the site takes (2.5 MB)" in text(response)
    assert not priority.updates.filter(no_evidence_reason="None published.").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("01/01/0001", "1 January 1 cannot be this priority&#x27;s deadline: give a day from"),
        ("31/12/9999", "31 December 9999 cannot be this priority&#x27;s deadline"),
        ("2014-13-45", "is not a date: write it as day/month/year, for example 23/05/2014."),
    ],
)
def test_a_due_date_no_deadline_could_have_is_refused_in_the_calendars_terms(
    client, signed_in, seeded, typed, message
):
    signed_in("superuser")
    priority = Priority.objects.get(slug="single-improvement-plan")
    before = priority.due_on
    address = reverse("admin:oversight_priority_change", args=[priority.pk])
    values = form_values(client.get(address), "priority_form")
    response = client.post(address, values | {"due_on": [typed], "_save": ["Save"]})
    assert response.status_code == 200
    assert message in text(response)
    priority.refresh_from_db()
    assert priority.due_on == before


@pytest.mark.parametrize(
    "address", ["/priorities/?page=abc", "/documents/?page=0", "/people/?page=-1"]
)
def test_a_page_number_that_is_no_number_is_a_400_that_says_so(client, seeded, address):
    response = client.get(address)
    assert response.status_code == 400
    value = address.rsplit("=", 1)[1]
    assert escape(f"“{value}” is not a page number: give a whole number from 1.") in text(response)


@pytest.mark.parametrize("debug", [False, True])
def test_a_list_with_a_page_number_that_is_no_number_keeps_its_filters_and_links_page_one(
    client, seeded, settings, debug
):
    # With DEBUG on (make run) too: the list's own page, not Django's technical one.
    settings.DEBUG = debug
    response = client.get("/priorities/", {"status": "in_progress", "page": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Priorities (check the page number)" in page
    assert 'role="alert">“0” is not a page number: give a whole number from 1.' in page
    assert '<option value="in_progress" selected>' in page
    assert '<a href="?status=in_progress">Show the first page</a>' in page
    assert client.get("/priorities/?status=in_progress").status_code == 200


def test_a_search_with_a_page_number_that_is_no_number_shows_the_form_and_why(client, seeded):
    response = client.get("/statements/", {"q": "inspection", "page": "2nd"})
    assert response.status_code == 400
    page = text(response)
    assert escape("“2nd” is not a page number: give a whole number from 1.") in page
    assert 'value="inspection"' in page


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "/people/?page=99999999999999999999999",
            "There is no page 99,999,999,999,999,999,999,999",
        ),
        (
            "/statements/?q=inspection&page=3",
            "There is no page 3 of this list: it has 1 page. If you followed a link to it, "
            "the list may now be shorter.",
        ),
        ("/documents/?page=" + "7" * 5000, "There is no page " + "7" * 30 + "…"),
    ],
)
def test_a_page_past_the_end_of_a_list_says_how_many_pages_it_has(client, seeded, address, message):
    response = client.get(address)
    assert response.status_code == 404
    assert message in text(response)
    assert client.get(address.rsplit("=", 1)[0] + "=last").status_code == 200
