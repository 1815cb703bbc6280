"""Writes that span several rows of the oversight record."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.csv_import import item_key, parse
from oversight.dates import PartialDate
from oversight.models import (
    DeadlineChange,
    StatusUpdate,
    StatusUpdateDocument,
    StatusUpdateStatement,
)
from oversight.versioning import StaleEdit, version_claim

ALREADY_RECORDED = "This update is already recorded: same item, day, status, RAG and note."


@transaction.atomic
def status_update_record(
    *,
    item,
    status,
    rag,
    as_of,
    note,
    statements=(),
    documents=(),
    no_evidence_reason="",
    user=None,
    corrects=None,
    expected_version=None,
):
    """Append a status update to `item` (a Priority or Recommendation) and move its status.

    With `expected_version` (the version the officer's form was opened at), refuse with
    `StaleEdit` if the item has changed since. The version is raised first, which locks the
    item's row, so two officers recording at once are serialised rather than interleaved;
    the current status is recomputed from the whole history, so a back-dated update never
    displaces a later one.
    """
    statements, documents = list(statements), list(documents)
    if not (statements or documents or no_evidence_reason.strip()):
        raise ValidationError(
            "Cite at least one statement or document, or say why there is no published evidence."
        )
    if later := evidence_after(as_of, statements, documents):
        raise ValidationError(later)
    version_claim(item, expected_version)
    # Checked under the item's row lock, which the version claim took. The same update
    # twice is a slip (the form sent again from the browser's history, a file uploaded
    # twice), not a second assessment, and the history could never lose it.
    if item.updates.filter(as_of=as_of, status=status, rag=rag, note=note).exists():
        raise ValidationError(ALREADY_RECORDED)
    # With its source, for the check that it had been set out by `as_of`.
    item = type(item).objects.select_related("source").defer("source__body").get(pk=item.pk)
    update = StatusUpdate(
        status=status,
        rag=rag,
        as_of=as_of,
        note=note,
        no_evidence_reason=no_evidence_reason.strip(),
        recorded_by=user,
        corrects=corrects,
        **{item.update_field: item},
    )
    # StatusUpdate.clean checks the table's constraints in words of its own, before the
    # database enforces them; asked again, each would cost a query.
    update.full_clean(validate_constraints=False)
    update.save()
    # The citations of a new update, written as they are: set() would first read what
    # it already cites (nothing).
    StatusUpdateStatement.objects.bulk_create(
        StatusUpdateStatement(statusupdate=update, statement=statement)
        for statement in dict.fromkeys(statements)
    )
    StatusUpdateDocument.objects.bulk_create(
        StatusUpdateDocument(statusupdate=update, document=document)
        for document in dict.fromkeys(documents)
    )

    latest = item.updates.standing().latest_first().first()
    item.status, item.rag, item.status_as_of = latest.status, latest.rag, latest.as_of
    item.save(update_fields=["status", "rag", "status_as_of"])
    return update


def evidence_after(day, statements, documents):
    """Return what, among the evidence, is dated after `day`, the day assessed, or "".

    A status as it stood on a day can only rest on what had been said or published by
    then. A date known only to its month or year counts from the period's first day; words
    with no date of their own count from the day their document was published.
    """
    if day is None:
        return ""
    later = []
    for statement in statements:
        if statement.said_on:
            if statement.said_on > day:
                later.append(f"“{statement.reference}” is dated {statement.said}")
        elif (first := first_published(statement)) and first.published_on > day:
            later.append(
                f"“{statement.reference}” has no date of its own and was first published "
                f"in “{first}”, {first.published}"
            )
    later += [
        f"“{document}” is dated {document.published}"
        for document in documents
        if document.published_on and document.published_on > day
    ]
    if not later:
        return ""
    return (
        f"The evidence must be dated on or before the day assessed, {PartialDate(day)}: "
        + "; ".join(later)
        + "."
    )


def first_published(statement):
    """Return the earliest dated of the documents `statement`'s words were published in (its
    own, or the one it quotes from), or None if neither has a date."""
    dated = [
        document
        for document in (statement.document, statement.quoted_from)
        if document is not None and document.published_on
    ]
    return min(dated, key=lambda document: document.published_on, default=None)


@transaction.atomic
def tracked_item_save(*, item, fields, expected_version, user=None):
    """Save `fields` of an edited priority or recommendation unless it changed meanwhile.

    Raise `StaleEdit` if the row is no longer at `expected_version`; the derived status
    columns are never written here. A priority's deadline moved keeps the one it replaced
    (DeadlineChange), read under the row lock the version claim took.
    """
    version_claim(item, expected_version)
    item.full_clean(exclude=[f.name for f in item._meta.fields if f.name not in fields])
    if item.has_deadline and {"due_on", "due_on_precision"} & set(fields):
        was = type(item).objects.values("due_on", "due_on_precision", "due_by").get(pk=item.pk)
        if (was["due_on"], was["due_on_precision"]) != (item.due_on, item.due_on_precision):
            DeadlineChange.objects.create(
                priority=item, changed_on=timezone.localdate(), changed_by=user, **was
            )
    item.save(update_fields=[*fields, "version"])
    return item


def status_updates_import(*, text, user=None, apply=False, expected_versions=None):
    """Run every row of a status-update CSV through `status_update_record`; keep them all
    only if `apply` and every row succeeds, else roll all of them back (a dry run).

    `expected_versions` (from the dry run the officer saw, by `item_key`) refuses the apply
    if an item has changed since. Return the ImportReport with each row's result.
    """
    report = parse(text)
    seen = {}
    rows_by_update = {}
    with transaction.atomic():
        for row in report.rows:
            if not row.ok:
                continue
            item = row.values["item"]
            key = item_key(item)
            # A row repeating another is a slip, not a second assessment; so is an update
            # already recorded, which status_update_record refuses.
            update_key = (key, *(row.values[name] for name in ("as_of", "status", "rag", "note")))
            if update_key in rows_by_update:
                row.errors.append(f"This row repeats row {rows_by_update[update_key]}.")
                continue
            rows_by_update[update_key] = row.number
            expected = None
            if key not in seen:
                seen[key] = item.version
                expected = (expected_versions or {}).get(key)
            try:
                with transaction.atomic():
                    update = status_update_record(
                        **row.values, user=user, expected_version=expected
                    )
            except StaleEdit as stale:
                row.errors.append(stale.of_a_file())
            except ValidationError as error:
                row.errors.extend(in_columns(error))
            else:
                row.update, row.result = update, str(update)
        report.versions = seen
        report.applied = apply and report.ok
        if not report.applied:
            transaction.set_rollback(True)
    return report


# The file's column for each field of a status update that a check may name.
COLUMN_OF = {"priority": "item", "recommendation": "item", "evidence_statements": "evidence"}


def in_columns(error):
    """Return the messages of `error` (a ValidationError), each led by the CSV column it is
    about, as the file's own checks write theirs ("note is empty.")."""
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        message if name == NON_FIELD_ERRORS else f"{COLUMN_OF.get(name, name)}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]
