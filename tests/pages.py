"""Helpers for reading pages as a person would."""

import html
import re


def main_text(response):
    """Return the page's visible text: tags stripped, entities decoded, spaces folded."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s+", " ", text))
