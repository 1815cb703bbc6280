import io
import json

import pytest
from django.core.management import CommandError, call_command

from documents.models import Statement
from oversight.models import StatusUpdate


def load(**options):
    out = io.StringIO()
    call_command("load_seeds", stdout=out, **options)
    return out.getvalue()


def test_loading_twice_gives_the_same_rows(db, record_rows):
    first = load()
    after_first = record_rows()
    second = load()
    assert record_rows() == after_first
    assert "125 rows written" in first
    assert "nothing changed" in second


def test_loading_restores_a_row_edited_away_from_the_seeds(seeded, record_rows):
    before = record_rows()
    Statement.objects.filter(reference="bore-jury-is-out").update(kind="reported")
    out = load()
    assert "statements: 1 updated, 29 unchanged" in out
    assert record_rows() == before


def test_a_tampered_seed_text_is_named_and_nothing_is_loaded(db, seeds_copy, record_rows):
    seeds, record = seeds_copy
    path = seeds / "002_7278a4eccb99ff1a.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("fragile", "robust"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"002_7278a4eccb99ff1a\.txt.*Nothing was loaded"):
        load(seeds_dir=seeds, fixture=record)
    assert all(rows == [] for rows in record_rows().values())


def test_a_tampered_seed_leaves_a_loaded_database_as_it_was(seeded, seeds_copy, record_rows):
    seeds, record = seeds_copy
    (seeds / "000_e54603a6036f78aa.txt").write_bytes(b"Not the release.")
    before = record_rows()
    with pytest.raises(CommandError, match=r"000_e54603a6036f78aa\.txt"):
        load(seeds_dir=seeds, fixture=record)
    assert record_rows() == before


def test_a_missing_seed_file_is_named(db, seeds_copy):
    seeds, record = seeds_copy
    (seeds / "004_7915c83fe5a943a7.txt").unlink()
    with pytest.raises(CommandError, match=r"004_7915c83fe5a943a7\.txt cannot be read"):
        load(seeds_dir=seeds, fixture=record)


def test_a_statement_whose_offsets_moved_is_named_and_nothing_is_loaded(
    db, seeds_copy, record_rows
):
    seeds, record = seeds_copy
    data = json.loads(record.read_text(encoding="utf-8"))
    hay = next(s for s in data["statements"] if s["reference"] == "hay-growing-story")
    hay["start"] += 1
    hay["end"] += 1
    record.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="Statement hay-growing-story: the text does not match"):
        load(seeds_dir=seeds, fixture=record)
    assert all(rows == [] for rows in record_rows().values())


def test_a_row_failing_validation_late_rolls_back_everything_before_it(db, seeds_copy, record_rows):
    seeds, record = seeds_copy
    data = json.loads(record.read_text(encoding="utf-8"))
    data["timeline"][-1]["kind"] = "rumour"
    record.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="timeline event ofsted-report-published"):
        load(seeds_dir=seeds, fixture=record)
    assert all(rows == [] for rows in record_rows().values())


def test_a_record_that_is_not_json_is_reported(db, seeds_copy):
    seeds, record = seeds_copy
    record.write_text("{ not json", encoding="utf-8")
    with pytest.raises(CommandError, match="is not valid JSON"):
        load(seeds_dir=seeds, fixture=record)


def test_a_paraphrased_priority_is_refused_as_not_verbatim(db, seeds_copy):
    seeds, record = seeds_copy
    data = json.loads(record.read_text(encoding="utf-8"))
    data["priorities"][0]["description"] = "Find the children nobody knows about."
    record.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        CommandError, match="Priority children-at-risk-unknown: its text is not found verbatim"
    ):
        load(seeds_dir=seeds, fixture=record)


def test_every_seed_status_rests_on_evidence_dated_by_its_day(seeded):
    updates = StatusUpdate.objects.prefetch_related("evidence_statements", "evidence_documents")
    for update in updates:
        for statement in update.evidence_statements.all():
            assert statement.said_on is None or statement.said_on <= update.as_of, update
        for document in update.evidence_documents.all():
            assert document.published_on is None or document.published_on <= update.as_of, update
