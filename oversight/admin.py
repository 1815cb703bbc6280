from axes import helpers as axes_helpers
from axes.conf import settings as axes_settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import get_content_type_for_model
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import BadRequest
from django.db import models
from django.db.models import CharField, Prefetch, Q
from django.db.models.functions import Cast
from django.forms import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from documents.models import Statement
from oversight.admin_recording import StatusImportMixin, StatusRecordingMixin
from oversight.admin_widgets import (
    EvidenceAutocompleteJsonView,
    ValidAutocompleteMixin,
    is_key_text,
)
from oversight.dates import DayField
from oversight.forms import BoxTextField, NamedDueOnMixin, TrackedItemForm, change_described
from oversight.models import (
    Priority,
    Recommendation,
    Review,
    StatusUpdate,
    TimelineEvent,
)
from oversight.services import tracked_item_save
from oversight.versioning import StaleEdit

# The admin is where officers keep the record: it says so, not "Django administration".
admin.site.site_header = "Birmingham children's services oversight: officers"
admin.site.site_title = "Birmingham children's services oversight, officers"


def locked_out(request, original_response, credentials):
    """Answer a sign-in while it is paused (django-axes's lockout, AXES_LOCKOUT_CALLABLE):
    axes's own page drew the admin's frame without its context, headed “Django
    administration”; this one has the site's name and says when to try again."""
    context = {
        **admin.site.each_context(request),
        "failure_limit": axes_helpers.get_failure_limit(request, credentials),
        "username": axes_helpers.get_client_username(request, credentials) or "",
        "cooloff_timedelta": axes_helpers.get_cool_off(request),
    }
    status = axes_settings.AXES_HTTP_RESPONSE_CODE
    return render(request, "admin/locked_out.html", context, status=status)


admin.site.index_title = "The record"


def status_tag(item):
    """Return the item's status as a coloured tag that also says it in words."""
    return format_html(
        '<span class="status status-{}">{}</span>', item.status or "none", item.status_label
    )


@admin.display(description="Recorded by", ordering="recorded_by__username")
def recorded_by_name(update):
    """Name who recorded `update`, as text: a link to the user's admin page, which Django
    draws for a user field, is a 403 for an officer."""
    return update.recorded_by_name


def evidence_list(statements, update, *, in_a_paragraph=False):
    """Return the statements and documents `update` rests on, each linked to its public
    page and said as an officer chose it (who, when, what), or "" for none.

    As a list; `in_a_paragraph`, a line each, where Django draws the field inside a <p>
    (a table's read-only cell), which a list may not be."""
    cited = [*statements, *update.evidence_documents.all()]
    if not cited:
        return ""
    links = ((item.get_absolute_url(), item.evidence_label()) for item in cited)
    if in_a_paragraph:
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', links)
    return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links))


class LatestUpdatesFormSet(BaseInlineFormSet):
    """An item's latest `shown` updates, oldest of them first, and its count of updates.

    A page with the whole of a long history would be megabytes; the status updates' own
    list pages through all of it, and the inline links there.
    """

    shown = 20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.total = 0
        if self.instance.pk is not None:
            history = StatusUpdate.objects.filter(**{self.fk.name: self.instance})
            self.total = history.count()
            shown = Q(pk__in=history.latest_first().values("pk")[: self.shown])
            # Sent back, the form holds the rows its page showed, which a newer update may
            # since have pushed out of the latest: they are drawn again as they were.
            shown |= Q(pk__in=self.posted_pks())
            self.queryset = self.queryset.filter(shown)

    def posted_pks(self):
        if not self.is_bound:
            return []
        pk_name = self.model._meta.pk.name
        names = (f"{self.add_prefix(index)}-{pk_name}" for index in range(self.shown))
        values = (self.data.get(name, "") for name in names)
        return [int(value) for value in values if is_key_text(value)]

    def total_display(self):
        return f"{self.total:,}"

    def full_history_url(self):
        changelist = reverse("admin:oversight_statusupdate_changelist")
        return f"{changelist}?{urlencode({f'{self.fk.name}__id__exact': self.instance.pk})}"


class StatusHistoryInline(admin.TabularInline):
    """The item's history, read-only: updates are appended, never edited here."""

    model = StatusUpdate
    formset = LatestUpdatesFormSet
    template = "admin/oversight/status_history_inline.html"
    extra = 0
    can_delete = False
    fields = [
        "as_of",
        "status",
        "rag",
        "note",
        "evidence",
        "corrects",
        "recorded_by_name",
        "recorded_at",
    ]
    readonly_fields = fields
    ordering = ["as_of", "recorded_at", "id"]
    recorded_by_name = staticmethod(recorded_by_name)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # Each row and the update it corrects are named by their item.
            .select_related(
                "recorded_by",
                "priority",
                "recommendation",
                "corrects__priority",
                "corrects__recommendation",
            )
            .prefetch_related(
                Prefetch(
                    "evidence_statements",
                    queryset=Statement.objects.prefetch_related("speakers"),
                ),
                "evidence_documents",
            )
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Evidence")
    def evidence(self, update):
        if update.pk is None:  # a row sent back that names no update of this item
            return ""
        cited = evidence_list(update.evidence_statements.all(), update, in_a_paragraph=True)
        return cited or f"No published evidence: {update.no_evidence_reason or 'no reason given'}"


class TrackedItemAdmin(ValidAutocompleteMixin, StatusRecordingMixin, admin.ModelAdmin):
    """Priorities and recommendations: read-only history, a form to add to it, and saves
    that are refused when someone else changed the item since the page was opened."""

    form = TrackedItemForm
    actions = ["record_status_for_selected"]
    readonly_fields = ["status", "rag", "status_as_of", "version"]
    inlines = [StatusHistoryInline]
    change_form_template = "admin/oversight/tracked_item_change_form.html"
    object_history_template = "admin/oversight/tracked_item_history.html"
    # The admin's calendar writes days as day/month/year, and so does the message.
    formfield_overrides = {
        models.DateField: {
            "form_class": DayField,
            "written_as": "day/month/year, for example 23/05/2014",
        },
        models.TextField: {"form_class": BoxTextField, "widget": AdminTextareaWidget},
    }
    # Only a superuser changes what identifies an item; officers edit its description.
    structural_fields = []

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.is_superuser:
            fields = [*fields, *self.structural_fields]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    @admin.display(description="Status", ordering="status")
    def status_display(self, item):
        # With the version the row was shown at, posted back with list edits and actions
        # (posted_version): it travels with the status it was shown with, in no column of
        # its own, which an officer has no use for.
        return format_html(
            '{}<input type="hidden" name="version_{}" value="{}">',
            status_tag(item),
            item.pk,
            item.version,
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_record_status"
        view = self.admin_site.admin_view(self.record_status_view)
        return [path("<path:object_id>/record-status/", view, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_record_status": item is not None
            and self.has_record_status_permission(request, item),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The item's History: its own edits, as Django logs them, and the status updates
        recorded for it, which are logged against each update (admin_recording), in the
        order they were made."""
        item = self.get_object(request, unquote(object_id))
        if item is None or not self.has_view_or_change_permission(request, item):
            return super().history_view(request, object_id, extra_context)  # Django refuses
        item_type = get_content_type_for_model(item)
        updates = item.updates.annotate(key=Cast("pk", CharField())).values("key")
        action_list = (
            LogEntry.objects.filter(
                Q(content_type=item_type, object_id=str(item.pk))
                | Q(content_type=get_content_type_for_model(StatusUpdate), object_id__in=updates)
            )
            .select_related("user", "content_type")
            .order_by("action_time", "pk")
        )
        paginator = self.get_paginator(request, action_list, 100)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context = {
            "action_list": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "pagination_required": paginator.count > 100,
            "item_content_type": item_type,
        }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:
            messages.error(request, str(stale))
            return HttpResponseRedirect(request.path)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except StaleEdit as stale:
            messages.error(request, str(stale))
            return HttpResponseRedirect(request.get_full_path())

    def construct_change_message(self, request, form, formsets, add=False):
        """Say each box's value before and after, in the item's History (change_described),
        where no inline changed too."""
        message = super().construct_change_message(request, form, formsets, add)
        if add or any(formset.has_changed() for formset in formsets or []):
            return message
        return change_described(form) or message

    def log_change(self, request, obj, message):
        """Log an edit, but not a save that changed nothing (Django logs “No fields
        changed.”): the History lists what changed."""
        if not message:
            return None
        return super().log_change(request, obj, message)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        if not set(form.changed_data) - {"version"}:
            # Saved as it was: nothing to write, and no newer version to put in the way
            # of an officer who opened the item before.
            return None
        fields = [
            f.name for f in obj._meta.concrete_fields if f.name in form.fields and not f.primary_key
        ]
        tracked_item_save(
            item=obj,
            fields=fields,
            expected_version=self.posted_version(request, obj, form),
            user=request.user,
        )

    def posted_version(self, request, item, form=None):
        """Return the version the officer's page showed `item` at."""
        if form is not None and "version" in form.cleaned_data:
            return form.cleaned_data["version"]
        try:
            return int(request.POST[f"version_{item.pk}"])
        except (KeyError, ValueError) as error:
            raise BadRequest("The page did not say which version it was based on.") from error


@admin.register(Review)
class ReviewAdmin(ValidAutocompleteMixin, admin.ModelAdmin):
    list_display = ["title", "author", "commissioned_by", "published_on"]
    list_filter = ["published_on"]
    search_fields = ["title", "summary", "author__name"]
    list_select_related = ["author", "commissioned_by"]
    autocomplete_fields = ["author", "commissioned_by", "report"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Recommendation)
class RecommendationAdmin(TrackedItemAdmin):
    list_display = ["reference", "text", "outcome", "status_display", "rag", "status_as_of"]
    list_filter = ["outcome", "status", "rag", "review"]
    search_fields = ["reference", "text", "response"]
    list_select_related = ["review"]
    autocomplete_fields = ["review", "source"]
    structural_fields = ["review", "reference", "source"]


@admin.register(Priority)
class PriorityAdmin(TrackedItemAdmin):
    list_display = ["number", "title", "status_display", "rag", "due_on", "status_as_of"]
    list_display_links = ["number", "title"]
    list_editable = ["due_on"]
    # Only the people who are a priority's commissioner, not everyone the record names.
    list_filter = ["status", "rag", ("commissioner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description"]
    list_select_related = ["commissioner"]
    autocomplete_fields = ["commissioner", "source"]
    prepopulated_fields = {"slug": ["title"]}
    structural_fields = ["slug", "number", "commissioner", "source"]

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        return type(form.__name__, (NamedDueOnMixin, form), {})


@admin.register(StatusUpdate)
class StatusUpdateAdmin(StatusImportMixin, admin.ModelAdmin):
    """The whole history, to read and search; it is append-only, so nothing changes here."""

    list_display = [
        "as_of",
        "item",
        "status",
        "rag",
        "note_start",
        "recorded_by_name",
        "recorded_at",
    ]
    # Only items with updates: an option the review ruled out never has one.
    list_filter = [
        "status",
        "rag",
        ("priority", admin.RelatedOnlyFieldListFilter),
        ("recommendation", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["note", "priority__title", "recommendation__text"]
    list_select_related = ["priority", "recommendation", "recorded_by"]
    ordering = ["-recorded_at", "-id"]  # the latest entries first
    fields = [
        "item_link",
        "status",
        "rag",
        "as_of",
        "note",
        "evidence",
        "no_evidence_reason",
        "corrects",
        "recorded_by_name",
        "recorded_at",
    ]
    readonly_fields = fields
    date_hierarchy = "as_of"  # by year and month: the record's days are long past
    change_list_template = "admin/oversight/statusupdate/change_list.html"

    recorded_by_name = staticmethod(recorded_by_name)

    @admin.display(description="Note")
    def note_start(self, update):
        # Enough to tell apart updates of one item, day and status; the update has it all.
        return Truncator(update.note).chars(80)

    @admin.display(description="Priority or recommendation")
    def item_link(self, update):
        item = update.item
        address = reverse(admin_urlname(item._meta, "change"), args=[item.pk])
        return format_html('<a href="{}">{}</a>', address, item)

    @admin.display(description="Evidence")
    def evidence(self, update):
        statements = update.evidence_statements.prefetch_related("speakers")
        return evidence_list(statements, update) or (
            "No published evidence cited (the reason is below)."
        )

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        site = self.admin_site
        evidence = EvidenceAutocompleteJsonView.as_view(admin_site=site)
        return [
            path(
                "import/", site.admin_view(self.import_view), name="oversight_statusupdate_import"
            ),
            path(
                "evidence/",
                site.admin_view(evidence),
                name="oversight_statusupdate_evidence_autocomplete",
            ),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TimelineEvent)
class TimelineEventAdmin(ValidAutocompleteMixin, admin.ModelAdmin):
    list_display = ["occurred_on", "title", "kind", "rating", "source"]
    list_filter = ["kind", "occurred_on_precision"]
    search_fields = ["title", "description", "rating"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["title"]}
