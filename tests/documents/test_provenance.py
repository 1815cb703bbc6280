"""Every statement is a verbatim span of its document, on every database we run."""

import hashlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents.models import Document, Passage, Statement

RECORD = json.loads(Path(settings.RECORD_FIXTURE).read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", RECORD["statements"], ids=lambda e: e["reference"])
def test_every_statement_in_the_fixture_is_a_verbatim_span(seeded, entry):
    statement = Statement.objects.select_related("document").get(reference=entry["reference"])
    assert statement.document.body[statement.start : statement.end] == statement.text
    assert (statement.start, statement.end, statement.text) == (
        entry["start"],
        entry["end"],
        entry["text"],
    )
    for passage in statement.passages.select_related("document"):
        assert passage.document.body[passage.start : passage.end] == passage.text


def test_every_loaded_span_passes_its_own_validation(seeded):
    spans = [
        *Statement.objects.select_related("document"),
        *Passage.objects.select_related("document"),
    ]
    assert len(spans) == len(RECORD["statements"]) + sum(
        len(s["passages"]) for s in RECORD["statements"]
    )
    for span in spans:
        span.full_clean()


def test_held_documents_keep_the_seed_texts_byte_for_byte(seeded):
    for document in Document.objects.exclude(body=None):
        data = (Path(settings.SEEDS_DIR) / document.source_file).read_bytes()
        assert document.body.encode("utf-8") == data
        assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_shipped_seeds_are_the_shared_seeds():
    shared = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    shipped = sorted(p.name for p in Path(settings.SEEDS_DIR).glob("*.txt"))
    assert shipped == sorted(p.name for p in shared.glob("*.txt"))
    for name in shipped:
        assert (Path(settings.SEEDS_DIR) / name).read_bytes() == (shared / name).read_bytes()


def test_the_record_is_what_the_builder_writes():
    from fixtures.build_record import render

    assert Path(settings.RECORD_FIXTURE).read_text(encoding="utf-8") == render()


def test_clean_rejects_text_that_is_not_at_its_offsets(make_statement):
    statement = make_statement()
    statement.text = statement.text.replace("must", "should")
    with pytest.raises(ValidationError, match="does not match"):
        statement.full_clean()


def test_clean_rejects_an_offset_past_the_body(make_document, make_statement):
    document = make_document(body="Short body.")
    statement = make_statement(document=document, text="Short body.")
    statement.start, statement.end = 100, 111
    with pytest.raises(ValidationError, match="past the end"):
        statement.full_clean()


def test_a_statement_cannot_sit_in_a_document_not_held(make_document, make_statement):
    statement = make_statement()
    statement.document = make_document(body=None)
    with pytest.raises(ValidationError, match="not held"):
        statement.full_clean()


def test_database_rejects_an_end_before_the_start(make_statement):
    statement = make_statement()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(start=statement.end, end=statement.start)


def test_database_rejects_text_longer_than_its_offsets(make_statement):
    statement = make_statement()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(text=statement.text + " And more.")


def test_database_rejects_a_held_document_without_its_hash(make_document):
    document = make_document()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(sha256="")
