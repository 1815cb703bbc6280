from django.contrib import admin
from django.utils.html import format_html

from oversight.models import (
    Priority,
    Recommendation,
    Review,
    StatusUpdate,
    TimelineEvent,
)


def status_tag(item):
    """Return the item's status as a coloured tag that also says it in words."""
    return format_html(
        '<span class="status status-{}">{}</span>', item.status or "none", item.status_label
    )


class StatusHistoryInline(admin.TabularInline):
    """The item's history, read-only: updates are appended, never edited here."""

    model = StatusUpdate
    extra = 0
    can_delete = False
    fields = ["as_of", "status", "rag", "note", "evidence", "recorded_by", "recorded_at"]
    readonly_fields = fields
    ordering = ["as_of", "recorded_at", "id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recorded_by")
            .prefetch_related("evidence_statements", "evidence_documents")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Evidence")
    def evidence(self, update):
        items = [s.reference for s in update.evidence_statements.all()]
        items += [d.title for d in update.evidence_documents.all()]
        return "; ".join(items) or "—"


class TrackedItemAdmin(admin.ModelAdmin):
    readonly_fields = ["status", "rag", "status_as_of", "version"]
    inlines = [StatusHistoryInline]

    @admin.display(description="Status", ordering="status")
    def status_display(self, item):
        return status_tag(item)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
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


@admin.register(Priority)
class PriorityAdmin(TrackedItemAdmin):
    list_display = ["number", "title", "status_display", "rag", "due_on", "status_as_of"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "rag", "commissioner"]
    search_fields = ["title", "description"]
    list_select_related = ["commissioner"]
    autocomplete_fields = ["commissioner", "source"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    """The whole history, to read and search; it is append-only, so nothing changes here."""

    list_display = ["as_of", "item", "status", "rag", "recorded_by", "recorded_at"]
    list_filter = ["status", "rag", "as_of"]
    search_fields = ["note", "priority__title", "recommendation__text"]
    list_select_related = ["priority", "recommendation", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "title", "kind", "rating", "source"]
    list_filter = ["kind", "occurred_on_precision"]
    search_fields = ["title", "description", "rating"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["title"]}
