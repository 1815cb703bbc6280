"""Admin forms for officers: recording a status update, and editing a tracked item."""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core import signing
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.text import Truncator

from documents.models import Document, Statement
from oversight.admin_widgets import EvidenceField, EvidencePicker
from oversight.csv_import import decode
from oversight.dates import DayField, PartialDate
from oversight.models import Rag, Status, StatusUpdate
from oversight.plain_text import refused_control_character
from oversight.versioning import StaleEdit


def refuse_control_characters(text):
    if error := refused_control_character(text):
        raise error


class BoxTextField(forms.CharField):
    """Text typed in a box. A browser counts a line break as one character but sends two
    (CR LF): read as one, the text is as long as the officer saw it, and a box sent back
    untouched is unchanged, not a change to log and to version."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class NoteField(BoxTextField):
    """A note typed in a box, read as BoxTextField reads it.

    The box has no `maxlength`: a browser cuts a longer paste to it without a word, and
    the end of the note would be lost. The length is checked when the form is sent, which
    says how long the note is and keeps all of it in the box."""

    def __init__(self, *, name, rows=4, **kwargs):
        super().__init__(
            widget=forms.Textarea(attrs={"rows": rows}),
            max_length=StatusUpdate.NOTE_MAX_LENGTH,
            error_messages={
                "max_length": StatusUpdate.TOO_LONG[name],
                "required": "Write the note: say what the evidence shows.",
            },
            **kwargs,
        )
        # A NUL is refused as every other control character is, saying where it is, not
        # with Django's own "Null characters are not allowed."
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ] + [refuse_control_characters]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def evidence_widget(field_name):
    """Return an autocomplete widget searching the admin's statements or documents."""
    return EvidencePicker(StatusUpdate._meta.get_field(field_name), admin.site)


class VersionedFormMixin:
    """Carry the version of the item the form was opened at, to refuse stale saves."""

    def add_version_field(self, item):
        self.versioned_item = item
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=item.version, min_value=0
        )

    def clean(self):
        # A version past the item's own came from no page of this site: it is not a
        # change someone else made since (StaleEdit), so it is not reported as one.
        cleaned = super().clean()
        version, item = cleaned.get("version"), self.versioned_item
        if version is not None and version > item.version:
            raise forms.ValidationError(
                f"The form named a version of this item it has never had (it is at version "
                f"{item.version}): reload the page and make your change again.",
                code="unknown_version",
            )
        return cleaned


class EvidencedStatusForm(forms.Form):
    """A status assessment with its evidence, or the reason there is none."""

    # No status or confidence is chosen until the officer chooses one: a form for several
    # items, left as it opened, would set them all to the first in the list.
    status = forms.ChoiceField(choices=BLANK_CHOICE_DASH + Status.choices)
    rag = forms.ChoiceField(label="RAG confidence", choices=BLANK_CHOICE_DASH + Rag.choices)
    as_of = DayField(
        label="As of",
        widget=AdminDateWidget,
        help_text="The day assessed, as day/month/year: 23/05/2014.",
        written_as="day/month/year, for example 23/05/2014",
    )
    note = NoteField(
        name="note",
        help_text="Why: what the evidence shows, in up to "
        f"{StatusUpdate.NOTE_MAX_LENGTH:,} characters.",
    )
    statements = EvidenceField(
        queryset=Statement.objects.prefetch_related("speakers"),
        required=False,
        widget=evidence_widget("evidence_statements"),
        help_text="Statements this assessment rests on.",
    )
    documents = EvidenceField(
        queryset=Document.objects.all(),
        required=False,
        widget=evidence_widget("evidence_documents"),
        help_text="Documents this assessment rests on.",
    )
    no_published_evidence = forms.BooleanField(
        required=False, label="No published evidence", help_text="Tick only if none exists."
    )
    no_evidence_reason = NoteField(
        name="no_evidence_reason", required=False, label="Why there is none", rows=2
    )

    def clean(self):
        cleaned = super().clean()
        cited = cleaned.get("statements") or cleaned.get("documents")
        if cleaned.get("no_published_evidence"):
            if cited:
                raise forms.ValidationError(
                    "You cited evidence and ticked “No published evidence”: do one or the other."
                )
            if not cleaned.get("no_evidence_reason", "").strip():
                self.add_error("no_evidence_reason", "Say why there is no published evidence.")
        elif not cited and not self.has_error("statements") and not self.has_error("documents"):
            raise forms.ValidationError(
                "Cite at least one statement or document, or tick “No published evidence” "
                "and say why."
            )
        else:
            cleaned["no_evidence_reason"] = ""
        return cleaned

    def record_kwargs(self):
        """Return the cleaned values as keyword arguments for `status_update_record`."""
        names = ["status", "rag", "as_of", "note", "statements", "documents"]
        return {name: self.cleaned_data[name] for name in [*names, "no_evidence_reason"]}


class UpdateChoiceField(forms.ModelChoiceField):
    """An update of the item, told apart from its others by what an officer remembers:
    its day, status and confidence, who recorded it and when, and how its note starts."""

    def label_from_instance(self, update):
        confidence = f" ({update.get_rag_display()})" if update.rag else ""
        recorded = timezone.localtime(update.recorded_at)
        return (
            f"{PartialDate(update.as_of)}: {update.get_status_display()}{confidence}, recorded "
            f"by {update.recorded_by_name} on {PartialDate(recorded.date())} at "
            f"{recorded:%H:%M}: {Truncator(update.note).chars(60)}"
        )


class StatusUpdateForm(VersionedFormMixin, EvidencedStatusForm):
    """A new status update for one priority or recommendation, with its evidence."""

    corrects = UpdateChoiceField(
        queryset=StatusUpdate.objects.none(),
        required=False,
        help_text="If this update corrects an earlier one, choose it (the latest are first). "
        "The earlier one stays in the history, and this one takes its place from the day "
        "this one is dated, even a day before it: a mistyped day is put right so.",
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = item.updates.latest_first().select_related("recorded_by")
        # Start from the current assessment: most updates confirm or nudge it.
        self.fields["status"].initial = item.status or None
        self.fields["rag"].initial = item.rag or None
        self.add_version_field(item)


class CarriedField(forms.CharField):
    """A hidden value the form carries back (TrackedItemForm's `opened_with`): never a
    change to the item, whatever it holds."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class TrackedItemForm(VersionedFormMixin, forms.ModelForm):
    """The admin's change form for a priority or recommendation, carrying its version and
    the values it was opened with (`opened_with`, signed).

    A save refused as stale comes back merged, as the officer would merge it by hand: a box
    they left as it opened takes the record's newer value, a box they changed keeps what
    they typed, and where the record changed the same box too, the box says what the
    record has now. Saving again then keeps both officers' changes, and overwrites only
    what the officer chose to.
    """

    OPENED_WITH = "opened_with"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)
        if self.instance.pk:
            self.fields[self.OPENED_WITH] = CarriedField(initial=self.snapshot())

    def item_fields(self):
        """Return the names of the item's own boxes, as this officer may edit them."""
        return [name for name in self.fields if name not in ("version", self.OPENED_WITH)]

    def snapshot(self):
        """Return the item's values in this form's boxes, as the record has them now, signed."""
        values = {name: self.initial.get(name) for name in self.item_fields()}
        # Signed without a time: the same values always make the same string.
        return signing.Signer(salt=self.OPENED_WITH).sign_object(
            {
                name: value.isoformat() if isinstance(value, datetime.date) else value
                for name, value in values.items()
            }
        )

    def opened_values(self):
        """Return the item's values when the officer opened the form, or None where the
        page did not say (a page from before it did) or what it said is not this site's."""
        signed = self.data.get(self.add_prefix(self.OPENED_WITH), "")
        try:
            values = signing.Signer(salt=self.OPENED_WITH).unsign_object(signed)
        except signing.BadSignature:
            return None
        if not isinstance(values, dict) or set(values) != set(self.item_fields()):
            return None
        model = self.instance._meta
        return {name: model.get_field(name).to_python(value) for name, value in values.items()}

    def posted_differs(self, name, value):
        """Return whether the box `name` holds other than `value`, as Django tells a change."""
        field = self.fields[name]
        posted = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return field.has_changed(value, posted)

    def clean(self):
        cleaned = super().clean()
        # Caught here the officer keeps what they typed; the save checks again, atomically.
        if self.instance.pk and cleaned.get("version") != self.instance.version:
            self.merge_newer_record()
            raise forms.ValidationError(str(StaleEdit(self.instance)) + self.merged_note())
        return cleaned

    def merge_newer_record(self):
        """Bring the form to the version now, keeping the officer's own changes (see the
        class). Without the values it was opened with, every box that differs from the
        record now is taken as the officer's, and says what the record has."""
        opened = self.opened_values()
        names = [name for name in self.item_fields() if name not in self.errors]
        now = {name: self.initial.get(name) for name in names}
        differing = [name for name in names if self.posted_differs(name, now[name])]
        if opened is None:
            mine, both = differing, differing
        else:
            mine = [name for name in differing if self.posted_differs(name, opened[name])]
            both = [name for name in mine if opened[name] != now[name]]
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = self.instance.version
        self.data[self.add_prefix(self.OPENED_WITH)] = self.snapshot()
        # Left as it opened, and changed since: the box takes the record's value.
        self.taken = [name for name in differing if name not in mine]
        for name in self.taken:
            self.data[self.add_prefix(name)] = "" if now[name] is None else now[name]
        for name in both:
            self.add_error(
                name,
                f"The record now has {self.recorded_value(name)} here; saving keeps "
                "what this box holds.",
            )

    def merged_note(self):
        """Name the boxes that took the record's newer values, for the refusal."""
        if not self.taken:
            return ""
        labels = ", ".join(str(self.fields[name].label) for name in self.taken)
        return f" The boxes you had not changed now show the record as it is: {labels}."

    def recorded_value(self, name):
        """Return the item's `name` as the record has it now, quoted, as an officer reads it."""
        return quoted_value(self.instance._meta.get_field(name), self.initial.get(name))


def quoted_value(field, value, length=120):
    """Return `value` of the model `field` quoted as an officer reads it: a choice by its
    label, a day as the box takes it, a row by its name, "nothing" for nothing."""
    if value is None or value == "":
        return "nothing"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif field.is_relation and not isinstance(value, field.related_model):
        value = field.related_model._base_manager.filter(pk=value).first() or value
    if isinstance(value, datetime.date):
        value = f"{value:%d/%m/%Y}"
    return f"“{Truncator(str(value)).chars(length)}”"


def change_described(form):
    """Return what a save of the item's `form` changed, each box before and after, for the
    item's History ("Changed Due on from “30/06/2014” to “01/12/2014”"), or "" if
    nothing: Django's own message names the boxes alone, and an earlier deadline, title
    or description would be lost to the record."""
    opts = form.instance._meta
    changes = [
        f"{form.fields[name].label} from "
        f"{quoted_value(opts.get_field(name), form.initial.get(name), 60)} to "
        f"{quoted_value(opts.get_field(name), form.cleaned_data.get(name), 60)}"
        for name in form.changed_data
        if name != "version"
    ]
    return f"Changed {'; '.join(changes)}" if changes else ""


class NamedDueOnMixin:
    """For a row of the priority list's due-date edit: its box is named for its priority,
    which the column heading alone does not do for a screen reader."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].widget.attrs["aria-label"] = f"Due on, {self.instance}"


class CsvUploadForm(forms.Form):
    """A CSV file of status updates, checked in a dry run before anything is saved."""

    max_size = 1_000_000

    file = forms.FileField(
        label="CSV file",
        help_text="Columns: item, status, rag, as_of, note, evidence, no_evidence_reason.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_size:
            raise forms.ValidationError(
                "The file is over 1 MB: import it with manage.py import_status_updates."
            )
        try:
            return decode(upload.read())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class CsvApplyForm(forms.Form):
    """The file the dry run checked, and the versions it saw, signed so that exactly what
    the officer checked is what gets applied."""

    salt = "oversight.csv-import"
    max_age = datetime.timedelta(hours=4)

    checked = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def for_report(cls, text, report):
        return cls(
            initial={
                "checked": signing.dumps([text, report.versions], salt=cls.salt, compress=True)
            }
        )

    def clean_checked(self):
        try:
            text, versions = signing.loads(
                self.cleaned_data["checked"], salt=self.salt, max_age=self.max_age
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                "The dry run is more than four hours old: upload the file again."
            ) from error
        except (signing.BadSignature, ValueError) as error:
            raise forms.ValidationError(
                "The checked file did not come back intact: upload it again."
            ) from error
        return {"text": text, "versions": versions}
