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
# C0 controls but tab and line breaks, DEL, and the C1 controls (U+0080 to U+009F), which
# HTML counts as controls too.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
CONTROL_OR_BREAK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters a page takes but does not show, which change what it shows. A direction
# control (the embeddings, overrides and isolates) reorders the text around it: "ton"
# under a right-to-left override reads "not", so a page would show words the record does
# not hold. A soft hyphen, zero-width space, word joiner or byte-order mark splits a word
# unseen, and a search for the word misses it (a search takes them out of what it is asked:
# documents.search.clean_query). The marks that only set a direction (U+200E, U+200F) and
# the joiners that shape a script or an emoji (U+200C, U+200D) change neither, and stay.
DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
INVISIBLE_IN_WORDS = "\u00ad\u200b\u2060\ufeff"
IN_WORDS = re.compile(f"[{INVISIBLE_IN_WORDS}]")


def refused_control_character(text, control=CONTROL):
    """Return the error for the first `control` character in `text`, or else for the
    first DIRECTION or IN_WORDS character; None if it has none.

    A C1 control is most often a Windows character read as Latin-1 (U+0092 for a curly
    apostrophe, U+0085 for an ellipsis): the message names the character it stood for.
    """
    found = control.search(text)
    if found is None:
        return refused_invisible_character(text)
    code = ord(found.group())
    params = {"code": code, "position": found.start() + 1}
    if (meant := windows_character(code)) is None:
        message = "delete it and type it again."
    else:
        message = "it is probably “%(meant)s”, converted wrongly from Windows text: type that."
        params["meant"] = meant
    return ValidationError(
        "This text has an invisible control character (U+%(code)04X) at character "
        "%(position)s, which a page or feed cannot show: " + message,
        code="control_character",
        params=params,
    )


def refused_invisible_character(text):
    """Return the error for the first DIRECTION or IN_WORDS character in `text`, or None."""
    if found := DIRECTION.search(text):
        kind = "direction control"
        message = "which would show the words around it in another order: delete it."
    elif found := IN_WORDS.search(text):
        kind = "soft hyphen" if found.group() == "\u00ad" else "zero-width character"
        message = "which splits a word so that a search for it misses: delete it."
    else:
        return None
    return ValidationError(
        "This text has an invisible %(kind)s (U+%(code)04X) at character %(position)s, " + message,
        code="invisible_character",
        params={"kind": kind, "code": ord(found.group()), "position": found.start() + 1},
    )


def windows_character(code):
    """Return the Windows-1252 character whose byte is `code`, if it is a C1 control's
    and Windows-1252 has one there; else None."""
    if not 0x80 <= code <= 0x9F:
        return None
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned
        return None


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
