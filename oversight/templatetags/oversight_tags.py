"""Template tags and filters that say a status in words and count days between dates."""

from django import template
from django.utils.html import format_html

from oversight.models import Rag, Status

register = template.Library()


@register.filter
def status_label(status):
    """Return "In progress" for "in_progress"; "No status recorded" for ""."""
    return Status(status).label if status else "No status recorded"


@register.filter
def rag_label(rag):
    return Rag(rag).label if rag else ""


@register.simple_tag
def status_tags(status, rag=""):
    """Return a status, and its RAG confidence if any, as text in tags styled by colour.

    A tag rather than an included template: a list draws one a row, and an include cost
    about a fifth of a 50-row list page.
    """
    html = format_html(
        '<span class="status status-{}">{}</span>', status or "none", status_label(status)
    )
    if rag:
        html += format_html(' <span class="rag rag-{}">{} confidence</span>', rag, rag_label(rag))
    return html


@register.filter
def days_until(start, end):
    """Return the whole days from `start` to `end`, or None if either is missing."""
    if start is None or end is None:
        return None
    return (end - start).days


@register.filter
def count_for(counts, key):
    """Return `counts[key]`, or 0: a Counter read from a template."""
    return counts.get(key, 0)
