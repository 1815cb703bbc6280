"""A saved status update is never edited or deleted: not in the admin, the ORM or SQL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from oversight.models import StatusUpdate
from oversight.services import status_update_record

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


@pytest.fixture
def update(make_priority, make_document):
    return status_update_record(
        item=make_priority(),
        status="in_progress",
        rag="amber",
        as_of=datetime.date(2014, 5, 23),
        note="The plan was published.",
        documents=[make_document()],
    )


def assert_unchanged(update):
    assert StatusUpdate.objects.get(pk=update.pk).note == "The plan was published."


@pytest.mark.parametrize("role", ["officer", "editor", "superuser"])
def test_the_admin_offers_no_edit_or_delete(client, signed_in, update, role):
    signed_in(role)
    change = reverse("admin:oversight_statusupdate_change", args=[update.pk])
    delete = reverse("admin:oversight_statusupdate_delete", args=[update.pk])
    page = client.get(change).content.decode()
    assert "The plan was published." in page and 'name="note"' not in page
    assert client.post(change, {"note": "Rewritten."}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:oversight_statusupdate_changelist"),
        {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"},
    )
    assert response.status_code in {200, 302}
    assert_unchanged(update)


def test_the_model_refuses_to_save_or_delete_a_saved_row(update):
    update.note = "Rewritten."
    with pytest.raises(ValidationError, match="never edited"):
        update.save()
    with pytest.raises(ValidationError, match="never deleted"):
        update.delete()
    assert_unchanged(update)


def test_the_orm_refuses_bulk_updates_and_deletes(update):
    rows = StatusUpdate.objects.filter(pk=update.pk)
    with pytest.raises(ValidationError, match="never edited"):
        rows.update(note="Rewritten.")
    update.note = "Rewritten."
    with pytest.raises(ValidationError, match="never edited"), transaction.atomic():
        StatusUpdate.objects.bulk_update([update], ["note"])
    with pytest.raises(ValidationError, match="never deleted"):
        rows.delete()
    assert_unchanged(update)


@postgresql_only
def test_the_database_refuses_a_delete_that_bypasses_the_model(update):
    # The deletion collector's own path, which no model method sees.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        StatusUpdate.objects.filter(pk=update.pk)._raw_delete(connection.alias)
    assert_unchanged(update)


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE oversight_statusupdate SET note = 'Rewritten.' WHERE id = %s",
        "DELETE FROM oversight_statusupdate WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_sql(update, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [update.pk])
    assert_unchanged(update)


def test_a_correction_leaves_the_corrected_update_in_the_history(update):
    item = update.item
    correction = status_update_record(
        item=item,
        status="not_started",
        rag="red",
        as_of=update.as_of,
        note="Correction: the plan was only a draft.",
        documents=update.evidence_documents.all(),
        corrects=update,
    )
    assert list(item.updates.all()) == [update, correction]
    assert list(update.corrections.all()) == [correction]
    assert_unchanged(update)


def test_cited_evidence_cannot_be_deleted_so_the_history_keeps_it(
    client, signed_in, make_priority, make_statement
):
    from django.db.models import ProtectedError

    statement = make_statement()
    status_update_record(
        item=make_priority(),
        status="in_progress",
        rag="amber",
        as_of=datetime.date(2014, 5, 23),
        note="Said so.",
        statements=[statement],
    )
    signed_in("editor")
    delete = reverse("admin:documents_statement_delete", args=[statement.pk])
    page = client.get(delete).content.decode()
    assert "would require deleting the following protected related objects" in page
    client.post(delete, {"post": "yes"})
    with pytest.raises(ProtectedError):
        statement.delete()
    with pytest.raises(ProtectedError):
        statement.document.delete()
    assert StatusUpdate.objects.get().evidence_statements.get() == statement


@postgresql_only
def test_the_database_refuses_removing_evidence_with_raw_sql(update):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "DELETE FROM oversight_statusupdate_evidence_documents WHERE statusupdate_id = %s",
            [update.pk],
        )
    assert update.evidence_documents.count() == 1
