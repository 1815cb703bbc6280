"""The admin's autocomplete selects: drawn as valid HTML for every admin page of the project,
and labelled for an officer choosing evidence."""

from django import forms
from django.contrib.admin import widgets
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH


class ChosenKeysOnly:
    """An autocomplete that draws back only the chosen values that could be a row's key.

    Django looks the chosen rows up to label them; a value that is no key (a tampered
    form's statements=abc) made that lookup fail with a 500, where the field itself
    answers with its own message.
    """

    def optgroups(self, name, value, attr=None):
        options = self.field.remote_field.model._meta
        key = options.get_field(getattr(self.field.remote_field, "field_name", options.pk.name))
        return super().optgroups(name, [v for v in value if is_key(key, v)], attr)


# The keys a database's integer can hold; SQLite fails on a larger one rather than find
# nothing (a tampered form's statements=99999999999999999999).
LARGEST_KEY = 2**63 - 1


def is_key_text(text):
    """Return whether `text` is a row's key as a form sends it: ASCII digits ("²" is a digit
    to str.isdigit, not to int), small enough for the database."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= LARGEST_KEY


def is_key(field, value):
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(key, int) or abs(key) <= LARGEST_KEY


class AutocompleteSelect(ChosenKeysOnly, widgets.AutocompleteSelect):
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


class EvidenceAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, labelling each statement or document with what an officer
    needs to choose it as evidence (who, when, what), not its bare reference."""

    # What an officer types to find a statement; a longer term is cut to it. Uncut, SQLite
    # refused a long one ("LIKE or GLOB pattern too complex") with a 500.
    max_term = 200

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if not hasattr(model_admin.model, "evidence_label"):
            raise PermissionDenied  # as Django answers any other field it does not serve
        return term[: self.max_term], model_admin, source_field, to_field_name

    def serialize_result(self, obj, to_field_name):
        return super().serialize_result(obj, to_field_name) | {"text": obj.evidence_label()}


class EvidencePicker(ChosenKeysOnly, widgets.AutocompleteSelectMultiple):
    """Choose statements or documents as evidence, searching through the view above.

    Its box is wide (48em, and no wider than the form: static/css/admin.css), or every
    chosen statement of one speaker on one day looks alike, cut after the date. And it
    has no "clear all": Django offers one for an optional box, and with it one Backspace
    removed every statement chosen, unasked.
    """

    url_name = "%s:oversight_statusupdate_evidence_autocomplete"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs |= {"data-allow-clear": "false", "data-width": "48em"}
        return attrs


class EvidenceField(forms.ModelMultipleChoiceField):
    """Evidence chosen in an `EvidencePicker`; what was chosen shows with the same labels."""

    def label_from_instance(self, obj):
        return obj.evidence_label()

    def _check_values(self, value):
        options = self.queryset.model._meta
        key_field = options.get_field(self.to_field_name) if self.to_field_name else options.pk
        for key in value:
            if not is_key(key_field, key):  # Django's own check would look it up, and fail
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super()._check_values(value)
