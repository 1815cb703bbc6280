"""Every admin changelist, search, add and change page renders for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

from oversight.models import Priority

PROJECT_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"people", "documents", "oversight"}
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client, django_user_model, seeded):
    user = django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "a-long-passphrase"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_changelist_lists_the_seed_rows(superuser_client, model):
    first = model.objects.first()
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0
    assert str(first)[:30] in response.content.decode()


SEARCHES = {
    # model: (search term, a row it must find)
    "people.Organisation": ("safeguarding", "Birmingham Safeguarding Children Board"),
    "people.Person": ("Duxbury", "Peter Duxbury"),
    "people.Role": ("Interim", "Eleanor Brazil: Interim Director of Children's Services"),
    "documents.Document": ("delude", "‘We can’t delude ourselves’"),
    "documents.Statement": ("jury", "bore-jury-is-out"),
    "documents.Passage": ("sustainable improvements", "all-party-response-2014-03-27"),
    "oversight.Review": ("Le Grand", "Le Grand Review"),
    "oversight.Recommendation": ("wait and see", "O2"),
    "oversight.Priority": ("budget", "A five-year budget"),
    "oversight.StatusUpdate": ("five-year budget", "A five-year budget"),
    "oversight.TimelineEvent": ("Keanu", "Serious case review into the death of Keanu Williams"),
}


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_changelist_search_finds_a_known_row(superuser_client, model):
    term, expected = SEARCHES[model._meta.label]
    response = superuser_client.get(admin_url(model, "changelist"), {"q": term})
    found = [str(obj) for obj in response.context["cl"].result_list]
    assert 0 < len(found) < model.objects.count() or model.objects.count() == 1
    assert any(expected in row for row in found), found


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_change_page_renders_every_seed_row(superuser_client, model):
    for obj in model.objects.all()[:25]:
        response = superuser_client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, obj


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_add_page_renders_where_adding_is_allowed(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))
    assert response.status_code == (403 if model._meta.model_name == "statusupdate" else 200)


def test_priority_page_shows_its_history_read_only(superuser_client):
    priority = Priority.objects.get(slug="five-year-budget")
    response = superuser_client.get(admin_url(Priority, "change", priority.pk))
    page = response.content.decode()
    assert "No seed document reports work on a five-year budget" in page
    assert "hay-response-2014-05-23" in page
    # The history inline offers no way to edit or remove an entry.
    assert 'name="updates-0-note"' not in page
    assert "updates-0-DELETE" not in page


def test_statement_inline_on_its_document_and_roles_inline_on_a_person(superuser_client):
    from documents.models import Document
    from people.models import Person

    document = Document.objects.get(slug="chamberlain-files-cant-delude-ourselves")
    page = superuser_client.get(admin_url(Document, "change", document.pk)).content.decode()
    assert "the jury is out" in page
    hay = Person.objects.get(slug="peter-hay")
    page = superuser_client.get(admin_url(Person, "change", hay.pk)).content.decode()
    assert "Interim Director of Children&#x27;s Services" in page


def test_status_updates_cannot_be_changed_or_deleted_in_the_admin(superuser_client):
    from oversight.models import StatusUpdate

    update = StatusUpdate.objects.first()
    response = superuser_client.post(admin_url(StatusUpdate, "delete", update.pk), {"post": "yes"})
    assert response.status_code == 403
    response = superuser_client.post(
        admin_url(StatusUpdate, "change", update.pk), {"note": "Rewritten"}
    )
    assert response.status_code == 403
    assert StatusUpdate.objects.get(pk=update.pk).note == update.note


def test_admin_requires_sign_in(client, seeded):
    response = client.get(admin_url(Priority, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_each_due_date_box_on_the_priority_list_is_named_for_its_priority(
    client, signed_in, seeded
):
    signed_in("officer")
    page = client.get(reverse("admin:oversight_priority_changelist")).content.decode()
    for priority in Priority.objects.all():
        assert f'aria-label="Due on, {priority}"' in page
    assert 'class="vDateField' in page  # still the admin's date box
