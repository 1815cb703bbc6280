"""The admin's autocomplete select, drawn as valid HTML, for every admin page of the project."""

from django.contrib.admin import widgets
from django.db.models.fields import BLANK_CHOICE_DASH


class AutocompleteSelect(widgets.AutocompleteSelect):
    """The admin's autocomplete, with the empty first option that HTML asks of a select.

    Django leaves it out when the field is required and gives it no text otherwise; both
    are invalid HTML. Here it is always there, reading "---------" as in a plain select;
    the browser and the form still refuse an empty choice for a required field.
    """

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if self.allow_multiple_selected:
            return groups
        if not options or options[0]["value"] != "":
            options.insert(0, self.create_option(name, "", "", False, 0))
        options[0]["label"] = BLANK_CHOICE_DASH[0][1]
        for index, option in enumerate(options):
            option["index"] = str(index)
        return groups


class ValidAutocompleteMixin:
    """Draw a ModelAdmin's or inline's `autocomplete_fields` with `AutocompleteSelect`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
