"""Who may do what in the admin: every page of every registered model, for every role."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from oversight.models import Priority, Recommendation

ROLES = ["anonymous", "scrutiny", "officer", "editor", "superuser"]
VIEWS = ["changelist", "add", "change", "delete"]
EDITED_BY_EDITORS = {
    "people.organisation",
    "people.person",
    "people.role",
    "documents.document",
    "documents.statement",
    "documents.passage",
    "oversight.timelineevent",
}
AXES = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# What each role gets: "edit" (a form that saves), "read" (the page, nothing to save),
# "denied" (403); anonymous visitors are sent to sign in.


def expected(role, label, view):
    project = label.split(".")[0] in {"people", "documents", "oversight"}
    if role == "anonymous":
        return "sign-in"
    if role == "superuser":
        # Nobody adds sign-in records, or status updates except through the record form.
        unaddable = label == "oversight.statusupdate" or label in AXES
        if view == "add" and unaddable:
            return "denied"
        if view == "changelist" and unaddable:
            return "read"
        if label == "oversight.statusupdate":
            return "denied" if view == "delete" else "read"
        return "edit"
    if not project:
        return "denied"
    if role == "editor" and label in EDITED_BY_EDITORS:
        return "edit"
    if role == "officer" and label == "oversight.priority" and view in {"changelist", "change"}:
        return "edit"
    return "read" if view in {"changelist", "change"} else "denied"


def an_object(model):
    if model in (AccessAttempt, AccessLog, AccessFailureLog):
        extra = {"get_data": "", "post_data": "", "failures_since_start": 1}
        extra = extra if model is AccessAttempt else {}
        return model.objects.create(username="x", ip_address="127.0.0.1", **extra)
    if model is Group:
        return Group.objects.get(name="Editors")
    if model is User:
        return User.objects.create_user("someone")
    return model.objects.first()


def outcome(response, view):
    if response.status_code == 302 and reverse("admin:login") in response["Location"]:
        return "sign-in"
    if response.status_code == 403:
        return "denied"
    assert response.status_code == 200, response.status_code
    context = response.context
    if view == "changelist":
        # "edit": the list offers adding rows or editing them in place.
        return "edit" if context["has_add_permission"] or context["cl"].formset else "read"
    if view == "change":
        return "edit" if 'name="_save"' in response.content.decode() else "read"
    return "edit"  # the add form, or the delete confirmation


MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label_lower)
def test_admin_pages_by_role(client, make_user, seeded, model):
    label = model._meta.label_lower
    obj = an_object(model)
    got, want = {}, {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(make_user(role))
        for view in VIEWS:
            args = [] if view in {"changelist", "add"} else [obj.pk]
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args
            )
            got[role, view] = outcome(client.get(url), view)
            want[role, view] = expected(role, label, view)
    # The changelist's "edit" means one can add or list-edit; officers list-edit priorities.
    mismatches = {key: (got[key], want[key]) for key in got if got[key] != want[key]}
    assert not mismatches, mismatches


@pytest.mark.parametrize("model", [Priority, Recommendation], ids=["priority", "recommendation"])
def test_status_update_form_by_role(client, make_user, seeded, model):
    item = model.objects.filter(model.tracked_q()).first()  # a ruled-out option has no status
    url = reverse(f"admin:oversight_{model._meta.model_name}_record_status", args=[item.pk])
    change = reverse(f"admin:oversight_{model._meta.model_name}_change", args=[item.pk])
    results = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(make_user(role))
        response = client.get(url)
        results[role] = outcome(response, "add")
        if response.status_code == 200:
            assert "Record status update" in response.content.decode()
        if role != "anonymous":
            offered = "Record a status update" in client.get(change).content.decode()
            assert offered == (role in {"officer", "superuser"}), role
    assert results == {
        "anonymous": "sign-in",
        "scrutiny": "denied",
        "officer": "edit",
        "editor": "denied",
        "superuser": "edit",
    }


def test_scrutiny_and_editors_cannot_post_a_status_update(client, make_user, seeded):
    priority = Priority.objects.first()
    url = reverse("admin:oversight_priority_record_status", args=[priority.pk])
    before = priority.updates.count()
    for role in ["scrutiny", "editor"]:
        client.force_login(make_user(role))
        response = client.post(url, {"status": "achieved", "rag": "green", "note": "x"})
        assert response.status_code == 403
    assert priority.updates.count() == before


def test_an_officer_cannot_change_what_identifies_a_priority(client, make_user, seeded):
    client.force_login(make_user("officer"))
    priority = Priority.objects.first()
    page = client.get(reverse("admin:oversight_priority_change", args=[priority.pk]))
    form = page.context["adminform"].form
    assert {"title", "description", "due_on"} <= set(form.fields)
    assert not {"slug", "number", "commissioner", "source"} & set(form.fields)
