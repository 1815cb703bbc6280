"""Admin views that write the status history: one item's form, the bulk action on the
selected items, and the CSV import. Each calls the services; none writes rows itself."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse

from oversight.dates import PartialDate
from oversight.forms import CsvApplyForm, CsvUploadForm, EvidencedStatusForm, StatusUpdateForm
from oversight.services import status_update_record, status_updates_import
from oversight.versioning import StaleEdit


class StatusRecordingMixin:
    """For a priority's or recommendation's admin: record a status update.

    Relies on the admin's `posted_version` for the versions a list page showed.
    """

    def has_record_status_permission(self, request, obj=None):
        """An officer may record a status for an item whose status is tracked: an option
        the review ruled out has none."""
        if obj is not None and not obj.is_tracked:
            return False
        return request.user.has_perm("oversight.add_statusupdate") and self.has_view_permission(
            request, obj
        )

    @admin.action(
        description="Record a status update for the selected %(verbose_name_plural)s",
        permissions=["record_status"],
    )
    def record_status_for_selected(self, request, queryset):
        """Append the same update to every selected item, all or none.

        Each item must still be at the version its row showed when the list was opened.
        """
        items = list(queryset)
        if not items:  # removed since the list was opened
            messages.error(
                request,
                "Nothing was recorded: the items selected are no longer in the record. "
                "Reload the list and select again.",
            )
            return None
        try:
            versions = {item.pk: self.posted_version(request, item) for item in items}
        except BadRequest:
            messages.error(
                request,
                "Nothing was recorded: select the items on the page, so that each carries "
                "the version you saw.",
            )
            return None
        form = EvidencedStatusForm(request.POST if "record" in request.POST else None)
        if untracked := [item for item in items if not item.is_tracked]:
            named = "; ".join(str(item) for item in untracked)
            has = "it has" if len(untracked) == 1 else "they have"
            messages.error(
                request,
                f"Nothing was recorded: the review did not recommend {named}, so {has} no "
                "status to track. Select only items whose status is tracked.",
            )
            return None
        if form.is_bound and form.is_valid():
            try:
                with transaction.atomic():
                    updates = [
                        status_update_record(
                            item=item,
                            **form.record_kwargs(),
                            user=request.user,
                            expected_version=versions[item.pk],
                        )
                        for item in items
                    ]
            except StaleEdit as stale:
                # The form again, as filled in, at the versions now: recording it is a
                # deliberate choice made knowing the newer change.
                versions = dict(
                    queryset.model.objects.filter(pk__in=versions).values_list("pk", "version")
                )
                form.add_error(None, f"Nothing was recorded for any item. {stale}")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                for update in updates:
                    self.log_addition(request, update, [{"added": {}}])
                first = updates[0]
                messages.success(
                    request,
                    f"Recorded “{first.get_status_display()}” as of {PartialDate(first.as_of)} "
                    f"for: {'; '.join(str(item) for item in items)}.{standing_later(updates)}",
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Record a status update for the selected",
            "items": items,
            "versions": versions,
            "form": form,
            "media": self.media + form.media,
            "action_name": "record_status_for_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/oversight/record_status_selected.html", context)

    def record_status_view(self, request, object_id):
        """Show and handle the form that appends a status update to one item."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_record_status_permission(request):
            raise PermissionDenied  # saying no more about the item than the admin would
        if not item.is_tracked:
            raise PermissionDenied(
                f"The review did not recommend “{item}”, so it has no status to record."
            )
        form = StatusUpdateForm(request.POST or None, item=item)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                update = status_update_record(
                    item=item,
                    **form.record_kwargs(),
                    corrects=data["corrects"],
                    user=request.user,
                    expected_version=data["version"],
                )
            except StaleEdit as stale:
                # Show the newer state; saving again is now a deliberate choice.
                data = request.POST.copy()
                data["version"] = stale.item.version
                form = StatusUpdateForm(data, item=stale.item)
                form.is_valid()
                form.add_error(None, str(stale))
                item = stale.item
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Logged against the update itself: the item's log holds its own edits.
                self.log_addition(request, update, [{"added": {}}])
                messages.success(request, f"Recorded: {update}.{standing_later([update])}")
                return redirect(admin_urlname(self.opts, "change"), item.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "item": item,
            "form": form,
            "media": self.media + form.media,
            "title": "Record a status update",
            "subtitle": str(item),
        }
        return TemplateResponse(request, "admin/oversight/record_status.html", context)


def standing_later(updates):
    """Return a sentence naming the items whose current status an update dated later than
    the one just recorded keeps, or "": a back-dated update joins the history without
    moving the status, which "Recorded: ..." alone would leave the officer to wonder at."""
    kept = []
    for update in updates:
        # As status_update_record left it: its status moved, or kept, by this update.
        item = update.item
        if item.status_as_of and item.status_as_of > update.as_of:
            kept.append(
                f"“{item.get_status_display()}” as of {PartialDate(item.status_as_of)}"
                + (f" for {item}" if len(updates) > 1 else "")
            )
    if not kept:
        return ""
    return f" An update dated later stands, so the current status is still {'; '.join(kept)}."


class StatusImportMixin:
    """For the status updates' admin: import a CSV file of them."""

    def has_import_permission(self, request):
        return request.user.has_perm("oversight.add_statusupdate")

    def import_view(self, request):
        """Upload a CSV, see each row's result in a dry run, then apply it all or nothing."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload, confirm, report = CsvUploadForm(), None, None
        if request.method == "POST" and "apply" in request.POST:
            confirm = CsvApplyForm(request.POST)
            if confirm.is_valid():
                checked = confirm.cleaned_data["checked"]
                report = status_updates_import(
                    text=checked["text"],
                    user=request.user,
                    apply=True,
                    expected_versions=checked["versions"],
                )
                if report.applied:
                    for row in report.rows:
                        self.log_addition(request, row.update, [{"added": {}}])
                    count = len(report.rows)
                    messages.success(
                        request,
                        f"Recorded {count} status update{pluralize(count)} from the file.",
                    )
                    return redirect("admin:oversight_statusupdate_changelist")
                confirm = None
            else:
                messages.error(request, " ".join(confirm.errors["checked"]))
                confirm = None
        elif request.method == "POST":
            upload = CsvUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                text = upload.cleaned_data["file"]
                report = status_updates_import(text=text, user=request.user)
                if report.ok:
                    confirm = CsvApplyForm.for_report(text, report)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import status updates from CSV",
            "upload": upload,
            "confirm": confirm,
            "report": report,
        }
        return TemplateResponse(request, "admin/oversight/statusupdate/import.html", context)
