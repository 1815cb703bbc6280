"""The admin's frame: the service's name, signing in and signing out, said plainly."""

from django.urls import reverse


def test_the_admin_names_the_service_not_django(client, signed_in):
    signed_in("officer")
    page = client.get(reverse("admin:index")).content.decode()
    assert "Birmingham children&#x27;s services oversight: officers" in page
    assert "<title>The record | Birmingham children&#x27;s services oversight, officers" in page
    assert "Django administration" not in page and "Django site admin" not in page


def test_a_page_of_the_admin_asked_for_signed_out_says_what_was_not_saved(client, db):
    # As when a session ends while an officer fills in a form: the form's POST, signed out.
    response = client.post("/admin/oversight/priority/1/record-status/", {"note": "Lost?"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert (
        "Sign in to go on. If your session ended while you were filling in a form, what you "
        "sent was not saved: once signed in, record it again." in page
    )
    # Asked for the sign-in page itself, it says only what it always says.
    assert "Sign in to go on" not in client.get(reverse("admin:login")).content.decode()


def test_signing_out_says_so_plainly(client, signed_in):
    signed_in("officer")
    page = client.post(reverse("admin:logout")).content.decode()
    assert "<p>You have signed out.</p>" in page
    assert "quality time" not in page
    assert f'<a href="{reverse("admin:index")}">Sign in again</a>' in page


def test_the_item_lists_show_officers_no_version_column_and_filter_by_what_is_there(
    client, signed_in, seeded
):
    signed_in("officer")
    priorities = client.get(reverse("admin:oversight_priority_changelist")).content.decode()
    assert "column-version_token" not in priorities and ">Version<" not in priorities
    # The version each row was shown at still goes back with a list edit or an action.
    assert priorities.count('<input type="hidden" name="version_') == 4
    # By commissioner offered only the people who are one, not everyone the record names:
    # with one commissioner, Django leaves a filter of one choice out.
    assert 'data-filter-title="commissioner"' not in priorities
    updates = client.get(reverse("admin:oversight_statusupdate_changelist")).content.decode()
    by_recommendation = filter_choices(updates, "recommendation")
    assert "R1" in by_recommendation and "O1" not in by_recommendation


def filter_choices(page, title):
    """Return the HTML of the changelist's filter `title`'s choices."""
    return page.split(f'data-filter-title="{title}"', 1)[1].split("</details>", 1)[0]
