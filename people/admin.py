from django.contrib import admin

from oversight.admin_widgets import ValidAutocompleteMixin
from people.models import Organisation, Person, Role


@admin.register(Organisation)
class OrganisationAdmin(ValidAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class RoleInline(ValidAutocompleteMixin, admin.TabularInline):
    model = Role
    extra = 0
    fields = [
        "title",
        "organisation",
        "started_on",
        "started_on_precision",
        "ended_on",
        "ended_on_precision",
        "source",
        "note",
    ]
    autocomplete_fields = ["organisation", "source"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "post_nominals", "slug"]
    list_filter = ["roles__organisation"]
    search_fields = ["name", "slug", "roles__title"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(ValidAutocompleteMixin, admin.ModelAdmin):
    list_display = ["person", "title", "organisation", "started", "ended"]
    list_filter = ["organisation", "started_on_precision"]
    search_fields = ["title", "person__name", "organisation__name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person", "organisation", "source"]

    @admin.display(description="Started", ordering="started_on")
    def started(self, role):
        return str(role.started) if role.started else "—"

    @admin.display(description="Ended", ordering="ended_on")
    def ended(self, role):
        return str(role.ended) if role.ended else "—"
