"""Titles as typed into a filter are matched: in any case, with straight or curly
apostrophes (U+2019, U+2018), so that "Children's Minister" typed either way is the post,
and without the invisible characters a title copied from a web page or a PDF may carry
inside its words (a soft hyphen: the record holds none, oversight.plain_text)."""

from django.db.models import Value
from django.db.models.functions import Lower, Replace

from oversight.plain_text import IN_WORDS

CURLY_APOSTROPHES = ("\u2019", "\u2018")


def folded_title(text):
    """Return `text` in lower case with curly apostrophes straight and no character
    invisible inside a word, as titles are matched."""
    text = IN_WORDS.sub("", text)
    for curly in CURLY_APOSTROPHES:
        text = text.replace(curly, "'")
    return text.strip().lower()


def folded_title_in_sql(field):
    """Return `field` folded in SQL as folded_title folds text."""
    folded = Lower(field)
    for curly in CURLY_APOSTROPHES:
        folded = Replace(folded, Value(curly), Value("'"))
    return folded
