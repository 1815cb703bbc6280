"""Writes that span several rows of the oversight record."""

from django.db import transaction

from oversight.models import StatusUpdate


@transaction.atomic
def status_update_record(
    *, item, status, rag, as_of, note, statements=(), documents=(), user=None, corrects=None
):
    """Append a status update to `item` (a Priority or Recommendation) and move its status.

    The item's row is locked for the duration, so two officers recording at once are
    serialised rather than interleaved; its current status is recomputed from the whole
    history, so a back-dated update never displaces a later one.
    """
    item = type(item).objects.select_for_update().get(pk=item.pk)
    update = StatusUpdate(
        status=status,
        rag=rag,
        as_of=as_of,
        note=note,
        recorded_by=user,
        corrects=corrects,
        **{item.update_field: item},
    )
    update.full_clean()
    update.save()
    update.evidence_statements.set(statements)
    update.evidence_documents.set(documents)

    latest = item.updates.latest_first().first()
    item.status, item.rag, item.status_as_of = latest.status, latest.rag, latest.as_of
    item.version += 1
    item.save(update_fields=["status", "rag", "status_as_of", "version"])
    return update
