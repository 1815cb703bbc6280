"""The site's Atom feeds' format: Atom 1.0 that carries any text the record holds."""

import datetime
import re

from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

# Line and page breaks pasted from a word processor (U+000B, U+000C) are breaks.
BREAKS = re.compile("[\x0b\x0c]")
# A feed with no entries has been empty since it began: it has not changed.
EMPTY_SINCE = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# The rest of what XML 1.0 cannot carry: other control characters, surrogates, U+FFFE/F.
UNCARRIED = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text):
    """Return `text` as XML 1.0 can carry it: breaks as line breaks, nothing else lost
    but characters that have no meaning in a document."""
    return UNCARRIED.sub("", BREAKS.sub("\n", text))


class XMLTextGenerator(SimplerXMLGenerator):
    """Writes text as xml_text makes it, where Django's generator fails on it."""

    def characters(self, content):
        super().characters(xml_text(content) if content else content)


class AtomFeed(Atom1Feed):
    """Atom 1.0 whose text is made XML's (xml_text): an officer's note pasted with a line
    break from a word processor is a line break in the feed, not a feed that fails for
    everyone, as it did, until fifty newer updates pushed the note out."""

    def write(self, outfile, encoding):
        handler = XMLTextGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def latest_post_date(self):
        """Return the latest entry's time, or for a feed with none a fixed time (where
        Django gives the time of asking): its `updated` and Last-Modified then stay as
        they were, and so does its ETag, so a reader polling a search that finds nothing
        is told "not modified" instead of being sent it anew each time."""
        if any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return super().latest_post_date()
        return EMPTY_SINCE
