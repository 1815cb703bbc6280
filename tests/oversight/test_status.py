import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from oversight.models import Priority, StatusUpdate
from oversight.services import status_update_record

MAY = datetime.date(2014, 5, 23)


def record(item, status, as_of, rag="amber", note="Evidence says so.", **kwargs):
    if not (kwargs.get("statements") or kwargs.get("documents")):
        kwargs.setdefault("no_evidence_reason", "Nothing is published yet.")
    return status_update_record(item=item, status=status, rag=rag, as_of=as_of, note=note, **kwargs)


def test_a_priority_without_updates_says_no_status_is_recorded(make_priority):
    priority = make_priority()
    assert priority.status == "" and priority.status_label == "No status recorded"


def test_current_status_is_the_latest_update(make_priority, make_statement):
    priority = make_priority()
    evidence = make_statement()
    record(priority, "not_started", MAY)
    record(
        priority,
        "in_progress",
        MAY + datetime.timedelta(days=30),
        rag="green",
        statements=[evidence],
    )
    priority.refresh_from_db()
    assert (priority.status, priority.rag, priority.status_as_of) == (
        "in_progress",
        "green",
        datetime.date(2014, 6, 22),
    )
    assert list(priority.updates.latest_first().first().evidence_statements.all()) == [evidence]
    assert priority.version == 2


def test_a_back_dated_update_does_not_displace_a_later_one(make_priority):
    priority = make_priority()
    record(priority, "achieved", datetime.date(2014, 7, 1), rag="green")
    record(priority, "in_progress", datetime.date(2014, 6, 1))
    priority.refresh_from_db()
    assert priority.status == "achieved"
    assert priority.updates.count() == 2


def test_same_day_updates_are_ordered_by_when_they_were_recorded(make_priority):
    priority = make_priority()
    record(priority, "in_progress", MAY)
    record(priority, "not_achieved", MAY, rag="red", note="Correction: the plan was withdrawn.")
    priority.refresh_from_db()
    assert priority.status == "not_achieved"


def test_the_seeded_priorities_show_their_latest_update(seeded):
    for priority in Priority.objects.all():
        latest = priority.updates.latest_first().first()
        assert (priority.status, priority.rag, priority.status_as_of) == (
            latest.status,
            latest.rag,
            latest.as_of,
        )


def test_an_update_needs_a_note(make_priority):
    priority = make_priority()
    with pytest.raises(ValidationError, match="note"):
        record(priority, "in_progress", MAY, note="   ")
    assert not priority.updates.exists()


def test_an_update_dated_before_the_item_was_set_out_is_refused(make_priority, make_document):
    priority = make_priority(source=make_document(published_on=datetime.date(2014, 3, 27)))
    with pytest.raises(ValidationError, match="published 27 March 2014: choose a day on or"):
        record(priority, "achieved", datetime.date(2001, 1, 1))
    record(priority, "in_progress", datetime.date(2014, 3, 27))
    assert priority.updates.count() == 1


def test_an_option_the_review_ruled_out_takes_no_status(make_recommendation):
    option = make_recommendation(outcome="ruled_out")
    with pytest.raises(ValidationError, match="The review did not recommend this option"):
        record(option, "achieved", MAY)
    assert not option.updates.exists()


def test_an_unknown_status_is_refused_and_nothing_moves(make_priority):
    priority = make_priority()
    with pytest.raises(ValidationError):
        record(priority, "finished", MAY)
    priority.refresh_from_db()
    assert priority.status == "" and priority.version == 0


def test_a_saved_update_cannot_be_edited_or_deleted_through_the_model(make_priority):
    update = record(make_priority(), "in_progress", MAY)
    update.note = "Rewritten."
    with pytest.raises(ValidationError, match="never edited"):
        update.save()
    with pytest.raises(ValidationError, match="never deleted"):
        update.delete()
    assert StatusUpdate.objects.get(pk=update.pk).note == "Evidence says so."


def sql_update(update, column, value):
    # Past the model, which refuses any update; on PostgreSQL the trigger refuses it first.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE oversight_statusupdate SET {column} = %s WHERE id = %s", [value, update.pk]
        )


def test_database_refuses_an_update_belonging_to_two_items(make_priority, make_recommendation):
    update = record(make_priority(), "in_progress", MAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        sql_update(update, "recommendation_id", make_recommendation().pk)


def test_database_refuses_an_update_with_an_empty_note(make_priority):
    update = record(make_priority(), "in_progress", MAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        sql_update(update, "note", "")


def test_database_refuses_a_role_that_ends_before_it_starts(make_role):
    role = make_role(started_on=datetime.date(2013, 7, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        type(role).objects.filter(pk=role.pk).update(ended_on=datetime.date(2013, 1, 1))


def test_recommendations_share_the_same_history_mechanism(make_recommendation):
    recommendation = make_recommendation()
    record(recommendation, "achieved", MAY, rag="green")
    recommendation.refresh_from_db()
    assert recommendation.status_label == "Achieved"
    assert recommendation.updates.get().priority is None


def test_words_with_no_date_count_from_the_day_they_were_first_published(
    make_priority, make_statement, make_document
):
    priority = make_priority()
    june = make_document(title="June report", published_on=datetime.date(2014, 6, 2))
    undated = make_statement(document=june, said_on=None)
    with pytest.raises(ValidationError) as refused:
        record(priority, "in_progress", MAY, statements=[undated])
    assert (
        f"“{undated.reference}” has no date of its own and was first published in "
        "“June report”, 2 June 2014."
    ) in refused.value.messages[0]
    assert record(priority, "in_progress", june.published_on, statements=[undated])


def test_words_with_no_date_quoted_from_an_earlier_document_count_from_that(
    make_priority, make_statement, make_document
):
    priority = make_priority()
    letter = make_document(title="Letter", published_on=datetime.date(2014, 4, 1), body=None)
    june = make_document(title="June report", published_on=datetime.date(2014, 6, 2))
    quoted = make_statement(document=june, said_on=None, quoted_from=letter)
    assert record(priority, "in_progress", MAY, statements=[quoted])


def test_a_correction_dated_before_the_update_it_corrects_puts_a_mistyped_year_right(
    make_priority,
):
    priority = make_priority()
    record(priority, "in_progress", MAY)
    # 2024 typed for 2014: the latest update by far, and never to be edited or deleted.
    wrong = record(priority, "achieved", datetime.date(2024, 8, 1), rag="green")
    priority.refresh_from_db()
    assert (priority.status, priority.status_as_of) == ("achieved", datetime.date(2024, 8, 1))

    record(priority, "not_achieved", datetime.date(2014, 8, 1), rag="red", corrects=wrong)

    # The correction takes its place, as the record stands and on every day since.
    priority.refresh_from_db()
    assert (priority.status, priority.rag, priority.status_as_of) == (
        "not_achieved",
        "red",
        datetime.date(2014, 8, 1),
    )
    for day in (datetime.date(2014, 8, 1), datetime.date(2024, 8, 1), datetime.date(2025, 1, 1)):
        assert Priority.objects.as_of(day).get(pk=priority.pk).shown_status == "not_achieved"
    assert Priority.objects.as_of(MAY).get(pk=priority.pk).shown_status == "in_progress"
    # Both stay in the history.
    assert priority.updates.count() == 3


def test_a_correction_counts_from_its_own_day_not_before(make_priority):
    priority = make_priority()
    wrong = record(priority, "achieved", MAY)
    record(priority, "in_progress", MAY + datetime.timedelta(days=7), corrects=wrong)
    # Until the correction's day the record read as it was then; from it, as corrected.
    as_of = Priority.objects.as_of
    assert as_of(MAY).get(pk=priority.pk).shown_status == "achieved"
    assert as_of(MAY + datetime.timedelta(days=7)).get(pk=priority.pk).shown_status == "in_progress"
    priority.refresh_from_db()
    assert priority.status == "in_progress"
