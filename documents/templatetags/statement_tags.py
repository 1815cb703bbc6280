"""Template tags that draw statements: one search result, with its byline and source."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def as_html(value):
    """Return `value` as HTML: escaped, unless it is HTML already (it has __html__).

    What format_html does to each of its arguments (conditional_escape; Django's escape
    is html.escape), without the lazy-string check around each call: a page of twenty
    results escapes some two hundred values.
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


@register.simple_tag
def search_result(statement):
    """Return one search result as HTML: who said it in which post (and any other held
    that day, which a search by post may have matched), the snippet, and where.

    A tag rather than template markup: the results page draws twenty, and drawing them
    through the template engine took a tenth of a rare-word search (docs/benchmarks.md).
    Every value is passed through `as_html`.
    """
    byline = "; ".join(
        f'<a href="{as_html(person.get_absolute_url())}">{as_html(person)}</a>'
        + (f", {as_html(roles[0].label)}" if roles else "")
        + (f" (also {as_html('; '.join(role.label for role in roles[1:]))})" if roles[1:] else "")
        for person, roles in statement.posts_held()
    )
    document = statement.document
    publisher = f" ({as_html(document.publisher)})" if document.publisher else ""
    return mark_safe(
        f'<p class="byline">{byline}</p>\n'
        f"    <blockquote><p>{as_html(statement.snippet())}</p></blockquote>\n"
        f'    <p class="quiet">{as_html(statement.get_kind_display())}, '
        f'{as_html(statement.said)}, in <a href="{as_html(document.get_absolute_url())}">'
        f"{as_html(document)}</a>{publisher}. "
        f'<a href="{as_html(statement.get_absolute_url())}">'
        'Read, cite and see where else it was reported<span class="visually-hidden">'
        f": statement {as_html(statement.pk)}</span></a></p>"
    )
