"""Text the record keeps is text: no control characters but tab and line breaks.

A note pasted from a word processor may carry its line break (U+000B) or page break
(U+000C); any other control character is a slip of the keyboard or of a conversion. None
can be shown in a page or carried in a feed (XML 1.0 forbids them), so the record does
not take them: breaks become line breaks (spaces in a one-line field), and the rest are
refused with the field, the character and where it is. A verbatim field (a document's
text, a statement's words) is kept exactly as given or not at all: a break in it is
refused too, so that the words, their offsets and the text's hash stay the source's.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

BREAKS = re.compile("[\x0b\x0c]")
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
CONTROL_OR_BREAK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refused_control_character(text, control=CONTROL):
    """Return the error for the first `control` character in `text`, or None."""
    found = control.search(text)
    if found is None:
        return None
    return ValidationError(
        "This text has an invisible control character (U+%(code)04X) at character "
        "%(position)s, which a page or feed cannot show: delete it and type it again.",
        code="control_character",
        params={"code": ord(found.group()), "position": found.start() + 1},
    )


class PlainTextModel(models.Model):
    """A model whose text fields are checked by full_clean (every form's and service's
    way in): breaks made plain, other control characters refused."""

    # Fields kept exactly as the source has them: a break is refused, not made plain.
    verbatim_fields = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if not isinstance(value, str):
                continue
            if field.name in self.verbatim_fields:
                error = refused_control_character(value, CONTROL_OR_BREAK)
            else:
                plain = BREAKS.sub("\n" if isinstance(field, models.TextField) else " ", value)
                setattr(self, field.attname, plain)
                error = refused_control_character(plain)
            if error:
                errors[field.name] = [error]
        try:
            super().clean_fields(exclude)
        except ValidationError as invalid:
            errors = invalid.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
