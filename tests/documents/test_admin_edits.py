"""Documents and statements saved from the admin keep their text exactly: a browser sends
each line break as CR LF, and the offsets of every span count LF alone."""

from django.urls import reverse

from documents.models import Document, Statement
from tests.pages import form_values


def test_a_held_document_saved_unchanged_keeps_its_body_and_statements(signed_in, client, seeded):
    signed_in("superuser")
    statement = next(s for s in Statement.objects.all() if "\n" in s.text)
    document = statement.document
    body, texts = document.body, dict(document.statements.values_list("pk", "text"))
    address = reverse("admin:documents_document_change", args=[document.pk])
    values = form_values(client.get(address), "document_form")
    assert "\r\n" in values["body"][0]

    response = client.post(address, values | {"_save": ["Save"]})
    assert response.status_code == 302, response.context["errors"]
    document.refresh_from_db()
    assert document.body == body
    assert dict(document.statements.values_list("pk", "text")) == texts


def test_a_statement_with_line_breaks_saved_unchanged_keeps_its_text(signed_in, client, seeded):
    signed_in("superuser")
    statement = next(s for s in Statement.objects.all() if "\n" in s.text)
    address = reverse("admin:documents_statement_change", args=[statement.pk])
    values = form_values(client.get(address), "statement_form")
    assert "\r\n" in values["text"][0]

    response = client.post(address, values | {"_save": ["Save"]})
    assert response.status_code == 302, response.context["errors"]
    assert Statement.objects.get(pk=statement.pk).text == statement.text
    assert Document.objects.get(pk=statement.document_id).body == statement.document.body


def test_a_document_not_held_saved_unchanged_is_still_not_held(signed_in, client, seeded):
    signed_in("superuser")
    report = Document.objects.get(slug="le-grand-report")
    assert not report.is_held
    address = reverse("admin:documents_document_change", args=[report.pk])
    values = form_values(client.get(address), "document_form")

    response = client.post(address, values | {"_save": ["Save"]})
    assert response.status_code == 302, response.context["errors"]
    report.refresh_from_db()
    assert report.body is None and not report.is_held
