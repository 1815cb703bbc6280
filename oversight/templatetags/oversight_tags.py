"""Template tags and filters that say a status in words, count days between dates and draw
the rows of the priorities table."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from oversight.dates import PartialDate
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
def days(count):
    """Return `count` whole days in words: "1 day", "4,578 days"."""
    return f"{count} day" if count == 1 else f"{count:,} days"


@register.filter
def grouped(number):
    """Return a whole number with its thousands grouped, as the site writes every count:
    "4,578"; None as None, for `default_if_none`."""
    return None if number is None else f"{number:,}"


@register.filter
def address_as_of(item, as_of):
    """Return the address of `item`'s page, showing it as it stood on `as_of` if given."""
    url = item.get_absolute_url()
    return f"{url}?as_of={as_of:%Y-%m-%d}" if as_of else url


@register.filter
def count_for(counts, key):
    """Return `counts[key]`, or 0: a Counter read from a template."""
    return counts.get(key, 0)


OVERDUE = mark_safe(' <strong class="flag">Overdue</strong>')
STALE = mark_safe(' <strong class="flag">Stale</strong>')


@register.simple_tag
def priority_row(priority, day, as_of=None):
    """Return a priority's row of the priorities table, its status as seen on `day`; its
    link shows the priority as it stood on `as_of`, if given.

    A tag rather than template markup, as status_tags: the filtered list draws fifty rows,
    and drawing them through the template engine was most of that page's time.
    """
    flags = format_html(
        "{}{}", OVERDUE if priority.is_overdue else "", STALE if priority.is_stale else ""
    )
    due = format_html("By {}", priority.due) if priority.due else "No date set"
    days = days_until(priority.shown_as_of, day)
    return format_html(
        "<tr>\n"
        "      <td>{}</td>\n"
        '      <th scope="row"><a href="{}">{}</a>{}<br><span class="quiet">{}</span></th>\n'
        "      <td>{}</td>\n"
        "      <td>{}</td>\n"
        "      <td>{}</td>\n"
        "      <td>{}</td>\n"
        "    </tr>",
        priority.number,
        address_as_of(priority, as_of),
        priority.title,
        flags,
        priority.commissioner,
        status_tags(priority.shown_status, priority.shown_rag),
        due,
        PartialDate(priority.shown_as_of) or "Never",
        "Never updated" if days is None else grouped(days),
    )
