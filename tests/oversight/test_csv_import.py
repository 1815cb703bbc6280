"""Bulk status updates from CSV: a dry run reports every row; applying is all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oversight.models import Priority, Recommendation, StatusUpdate
from oversight.services import status_update_record, status_updates_import

IMPORT = reverse("admin:oversight_statusupdate_import")
HEADER = "item,status,rag,as_of,note,evidence,no_evidence_reason\n"
GOOD = (
    HEADER
    + "five-year-budget,in_progress,amber,2014-06-02,Budget work has begun.,bore-jury-is-out,\n"
    + "R1,Achieved,Green,02/06/2014,The commissioner is in post.,"
    "chamberlain-files-cant-delude-ourselves,\n"
    + "senior-management-capacity,not_started,red,2014-06-02,No appointments yet.,,"
    "Interviews are not published.\n"
)
BAD_ROWS = {
    "unknown item": (
        "no-such-priority,in_progress,amber,2014-06-02,Begun.,bore-jury-is-out,",
        "is no priority slug",
    ),
    "bad date": (
        "five-year-budget,in_progress,amber,2014-02-31,Begun.,bore-jury-is-out,",
        "is not a date",
    ),
    "unknown status": (
        "five-year-budget,finished,amber,2014-06-02,Begun.,bore-jury-is-out,",
        "status 'finished' is not one of",
    ),
    "formula": (
        'five-year-budget,in_progress,amber,2014-06-02,"=HYPERLINK(""http://x.example"")",bore-jury-is-out,',
        "formula",
    ),
    "no evidence": (
        "five-year-budget,in_progress,amber,2014-06-02,Begun.,,",
        "Cite at least one statement",
    ),
    "unknown evidence": (
        "five-year-budget,in_progress,amber,2014-06-02,Begun.,not-a-statement,",
        "evidence not found: not-a-statement",
    ),
    "a day before the item was set out": (
        "five-year-budget,achieved,green,2001-01-01,Done.,,Nothing published.",
        "published 27 March 2014: choose a day on or after that",
    ),
    "an option the review ruled out": (
        "O1,achieved,green,2014-06-02,Done.,bore-jury-is-out,",
        "The review did not recommend this option",
    ),
    "a note over 5,000 characters": (
        "five-year-budget,in_progress,amber,2014-06-02," + "Begun. " * 1000 + ",bore-jury-is-out,",
        "The note is 6,999 characters: keep it to 5,000",
    ),
    "a control character in the note": (
        "five-year-budget,in_progress,amber,2014-06-02,Budget\x01 work.,bore-jury-is-out,",
        "invisible control character (U+0001) at character 7",
    ),
    "a repeated row": (
        "five-year-budget,in_progress,amber,2014-06-02,Budget work has begun.,bore-jury-is-out,",
        "This row repeats row 2.",
    ),
}


def upload(client, text, name="updates.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, "text/csv")})


@pytest.fixture
def officer(signed_in, seeded):
    return signed_in("officer")


def test_a_good_file_is_checked_then_applied(client, officer):
    before = StatusUpdate.objects.count()
    response = upload(client, GOOD)
    page = response.content.decode()
    assert "Dry run: all 3 rows can be recorded. Nothing has been saved yet." in page
    assert (
        "Would record: A five-year budget: In progress as of 2 June 2014 (Amber): "
        "“Budget work has begun.”"
    ) in page
    assert StatusUpdate.objects.count() == before

    confirm = response.context["confirm"]
    response = client.post(
        IMPORT,
        {"apply": "1", "checked": confirm["checked"].value()},
        follow=True,
    )
    assert "Recorded 3 status updates from the file." in response.content.decode()
    assert StatusUpdate.objects.count() == before + 3
    budget = Priority.objects.get(slug="five-year-budget")
    assert (budget.status, budget.rag) == ("in_progress", "amber")
    latest = budget.updates.latest_first().first()
    assert latest.recorded_by == officer
    assert [s.reference for s in latest.evidence_statements.all()] == ["bore-jury-is-out"]
    assert Recommendation.objects.get(reference="R1").updates.latest_first().first().note == (
        "The commissioner is in post."
    )


@pytest.mark.parametrize("bad", BAD_ROWS, ids=list(BAD_ROWS))
def test_a_file_with_one_bad_row_applies_nothing_and_names_the_row(client, officer, bad):
    row, message = BAD_ROWS[bad]
    lines = GOOD.splitlines()
    text = "\n".join([*lines[:2], row, *lines[2:]]) + "\n"
    before = StatusUpdate.objects.count()
    response = upload(client, text)
    assert response.status_code == 200
    report = response.context["report"]
    assert [r.number for r in report.rows if not r.ok] == [3]
    page = response.content.decode()
    assert "Nothing was saved: 1 error below." in page
    assert message in " ".join(report.rows[1].errors)
    assert response.context["confirm"] is None
    assert StatusUpdate.objects.count() == before


def test_a_file_applied_twice_records_nothing_the_second_time(client, officer):
    confirm = upload(client, GOOD).context["confirm"]
    client.post(IMPORT, {"apply": "1", "checked": confirm["checked"].value()})
    before = StatusUpdate.objects.count()
    report = upload(client, GOOD).context["report"]
    assert all(
        "This update is already recorded: same item, day, status, RAG and note." in row.errors
        for row in report.rows
    )
    assert StatusUpdate.objects.count() == before


def test_a_nul_character_is_refused_before_any_row_is_tried(client, officer):
    # PostgreSQL refuses a NUL in text: the dry run would have failed with a 500 there.
    before = StatusUpdate.objects.count()
    response = upload(client, GOOD.replace("Budget work", "Budget\x00work"))
    assert response.status_code == 200
    assert "The file holds a NUL character" in " ".join(response.context["report"].errors)
    assert StatusUpdate.objects.count() == before


def test_a_quoted_cell_never_closed_is_an_error_not_the_rest_of_the_file(client, officer):
    lines = GOOD.splitlines()
    text = "\n".join([*lines[:2], lines[2] + ',"Officer note', *lines[3:]]) + "\n"
    response = upload(client, text)
    report = response.context["report"]
    assert 'A quoted cell is never closed: a " in the row after line 2 opens' in " ".join(
        report.errors
    )
    assert response.context["confirm"] is None


def test_a_row_with_several_faults_names_each_of_them_at_once(client, officer):
    text = HEADER + "five-year-budget,done,purple,2014-13-45,,,\n"
    [row] = upload(client, text).context["report"].rows
    assert row.errors == [
        "note is empty.",
        "status 'done' is not one of: not_started, in_progress, achieved, not_achieved, "
        "superseded.",
        "rag 'purple' is not one of: red, amber, green.",
        "as_of '2014-13-45' is not a date (YYYY-MM-DD or DD/MM/YYYY).",
    ]


def test_a_file_separated_by_semicolons_is_told_so(client, officer):
    text = GOOD.replace(",", ";")
    report = upload(client, text).context["report"]
    assert report.errors == [
        "The file's cells are separated by semicolons, not commas: save it from the "
        "spreadsheet as CSV UTF-8 (comma delimited), then upload it again."
    ]


def test_a_column_the_import_does_not_read_is_refused_not_dropped(client, officer):
    lines = GOOD.splitlines()
    text = "\n".join([lines[0] + ",comment", *(line + ",Checked with Asha" for line in lines[1:])])
    report = upload(client, text + "\n").context["report"]
    assert report.errors == [
        "The header row has columns the import does not read: “comment”. Move what they "
        "hold into the note, or remove them, then upload the file again. Columns read: "
        "item, status, rag, as_of, note, evidence, no_evidence_reason."
    ]
    # The empty column a trailing comma makes holds nothing, and is read as before.
    trailing = "\n".join(line + "," for line in lines) + "\n"
    assert upload(client, trailing).context["report"].errors == []


def test_a_check_of_the_record_names_the_column_it_is_about(client, officer):
    text = HEADER + "five-year-budget,achieved,green,2099-01-01,Done.,bore-jury-is-out,\n"
    [row] = upload(client, text).context["report"].rows
    assert [error.split(": ", 1)[0] for error in row.errors] == ["as_of"]


def test_an_apply_after_someone_else_changed_an_item_saves_nothing(client, officer):
    response = upload(client, GOOD)
    confirm = response.context["confirm"]
    budget = Priority.objects.get(slug="five-year-budget")
    status_update_record(
        item=budget,
        status="not_achieved",
        rag="red",
        as_of=budget.status_as_of,
        note="Withdrawn.",
        no_evidence_reason="Told by phone.",
    )
    before = StatusUpdate.objects.count()
    response = client.post(
        IMPORT,
        {"apply": "1", "checked": confirm["checked"].value()},
    )
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "“A five-year budget” was changed after the dry run checked this file." in page
    assert "upload it again to check it against the record as it is now." in page
    assert StatusUpdate.objects.count() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "The file is not UTF-8 text"),
        ("name,colour\nx,y\n", "The header row lacks: item, status, rag, as_of, note."),
        (HEADER, "The file has no rows of status updates."),
        (
            "item,item,status,rag,as_of,note\nfive-year-budget,R1,in_progress,amber,2014-06-02,x\n",
            "The header row names item more than once: keep one column of each name.",
        ),
    ],
    ids=["binary", "wrong columns", "empty", "a column twice"],
)
def test_an_unreadable_file_gets_a_clear_message(client, officer, content, message):
    before = StatusUpdate.objects.count()
    response = upload(client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert StatusUpdate.objects.count() == before


def test_scrutiny_members_cannot_import(client, signed_in, seeded):
    signed_in("scrutiny")
    assert upload(client, GOOD).status_code == 403
    page = client.get(reverse("admin:oversight_statusupdate_changelist")).content.decode()
    assert "Import from CSV" not in page


def test_the_command_dry_runs_then_applies(tmp_path, seeded, make_user):
    make_user("officer", username="asha")
    path = tmp_path / "updates.csv"
    path.write_text(GOOD)
    before = StatusUpdate.objects.count()
    out = io.StringIO()
    call_command("import_status_updates", str(path), stdout=out)
    assert "Dry run: 3 status update(s) would be recorded; nothing was saved." in out.getvalue()
    assert "row 2: five-year-budget: ok" in out.getvalue()
    assert StatusUpdate.objects.count() == before

    out = io.StringIO()
    call_command("import_status_updates", str(path), apply=True, user="asha", stdout=out)
    assert "Applied: 3 status update(s) recorded." in out.getvalue()
    assert StatusUpdate.objects.filter(recorded_by__username="asha").count() == 3


def test_the_command_applies_nothing_from_a_file_with_a_bad_row(tmp_path, seeded, make_user):
    make_user("officer", username="asha")
    path = tmp_path / "updates.csv"
    path.write_text(GOOD + BAD_ROWS["bad date"][0] + "\n")
    before = StatusUpdate.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command(
            "import_status_updates",
            str(path),
            apply=True,
            user="asha",
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "row 5: five-year-budget: as_of '2014-02-31' is not a date" in err.getvalue()
    assert StatusUpdate.objects.count() == before


def test_the_command_handles_a_large_file(tmp_path, seeded, make_user):
    make_user("officer", username="asha")
    rows = [
        f"five-year-budget,in_progress,amber,2014-06-02,Weekly check {n}.,bore-jury-is-out,\n"
        for n in range(500)
    ]
    path = tmp_path / "large.csv"
    path.write_text(HEADER + "".join(rows))
    out = io.StringIO()
    call_command("import_status_updates", str(path), apply=True, user="asha", stdout=out)
    assert "Applied: 500 status update(s) recorded." in out.getvalue()


BY_NAME = [
    'WHERE "oversight_priority"."slug"',
    'WHERE "documents_statement"."reference"',
    'WHERE "documents_document"."slug"',
]


def test_each_item_and_piece_of_evidence_is_looked_up_once_however_many_rows_name_it(seeded):
    def queries_for(rows):
        text = HEADER + "".join(
            f"five-year-budget,in_progress,amber,2014-06-02,Check {n}.,"
            "bore-jury-is-out;hay-response-2014-05-23;le-grand-report,\n"
            for n in range(rows)
        )
        with CaptureQueriesContext(connection) as queries:
            assert status_updates_import(text=text).ok
        return [q["sql"] for q in queries if any(lookup in q["sql"] for lookup in BY_NAME)]

    assert len(queries_for(10)) == len(queries_for(20)) == 3


def test_the_command_needs_a_user_who_may_record(tmp_path, seeded, make_user):
    make_user("scrutiny", username="sam")
    path = tmp_path / "updates.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError, match="--apply needs --user"):
        call_command("import_status_updates", str(path), apply=True)
    with pytest.raises(CommandError, match="sam may not record status updates"):
        call_command("import_status_updates", str(path), apply=True, user="sam")


def test_an_apply_of_anything_but_the_checked_file_is_refused(client, officer):
    confirm = upload(client, GOOD).context["confirm"]
    tampered = confirm["checked"].value()[:-3] + "xyz"
    before = StatusUpdate.objects.count()
    response = client.post(IMPORT, {"apply": "1", "checked": tampered}, follow=True)
    assert "The checked file did not come back intact: upload it again." in (
        response.content.decode()
    )
    assert StatusUpdate.objects.count() == before


def test_a_line_break_within_a_cell_is_kept_as_one(seeded):
    """Some spreadsheets write CR LF inside a quoted cell; the note keeps one break."""
    text = (
        HEADER + 'five-year-budget,in_progress,amber,2014-06-02,"First line.\r\nSecond line.",'
        "bore-jury-is-out,\n"
    )
    report = status_updates_import(text=text, apply=True)
    assert report.applied
    assert report.rows[0].update.note == "First line.\nSecond line."


def test_a_file_of_one_row_is_spoken_of_as_one(client, officer):
    page = upload(client, "".join(GOOD.splitlines(keepends=True)[:2])).content.decode()
    assert "Dry run: the 1 row can be recorded. Nothing has been saved yet." in page
