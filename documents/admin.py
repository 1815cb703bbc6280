from django import forms
from django.contrib import admin
from django.db import models

from documents.models import Document, Passage, Statement
from oversight.admin_widgets import ValidAutocompleteMixin


class VerbatimTextField(forms.CharField):
    """Text kept exactly as the record holds it: a document's body, or the words at a
    span of it. A browser sends each line break as CR LF, which the record writes as LF
    (every span's offsets count it once), and spaces at either end are part of it."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class VerbatimTextMixin:
    """Every text box of the admin class edits its text verbatim (VerbatimTextField); one
    left empty where the column takes NULL is NULL: a document's body, not held."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            kwargs["form_class"] = VerbatimTextField
            if db_field.null:
                kwargs["empty_value"] = None
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class StatementInline(VerbatimTextMixin, ValidAutocompleteMixin, admin.StackedInline):
    model = Statement
    fk_name = "document"
    extra = 0
    fields = [
        "reference",
        ("start", "end"),
        "text",
        "speakers",
        "kind",
        ("said_on", "said_on_precision"),
        "quoted_from",
    ]
    autocomplete_fields = ["speakers", "quoted_from"]
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(VerbatimTextMixin, ValidAutocompleteMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "published_on", "is_held"]
    list_filter = ["kind", "publisher", "published_on_precision"]
    search_fields = ["title", "slug", "source_file"]
    list_select_related = ["publisher"]
    autocomplete_fields = ["publisher", "referenced_in"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["sha256"]
    inlines = [StatementInline]

    @admin.display(boolean=True, description="Held")
    def is_held(self, document):
        return document.is_held


class PassageInline(VerbatimTextMixin, ValidAutocompleteMixin, admin.TabularInline):
    model = Passage
    extra = 0
    fields = ["document", "start", "end", "text"]
    autocomplete_fields = ["document"]


@admin.register(Statement)
class StatementAdmin(VerbatimTextMixin, ValidAutocompleteMixin, admin.ModelAdmin):
    list_display = ["reference", "speaker_names", "kind", "said_on", "document"]
    list_filter = ["kind", "speakers", "document"]
    search_fields = ["reference", "text", "speakers__name"]
    list_select_related = ["document"]
    autocomplete_fields = ["document", "speakers", "quoted_from"]
    inlines = [PassageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("speakers")

    @admin.display(description="Speakers")
    def speaker_names(self, statement):
        return ", ".join(str(person) for person in statement.speakers.all())


@admin.register(Passage)
class PassageAdmin(VerbatimTextMixin, ValidAutocompleteMixin, admin.ModelAdmin):
    list_display = ["statement", "document", "start", "end"]
    list_filter = ["document"]
    search_fields = ["text", "statement__reference"]
    list_select_related = ["statement", "document"]
    autocomplete_fields = ["statement", "document"]
