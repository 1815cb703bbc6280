"""Template tags that draw statements: one search result, with its byline and source."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def search_result(statement):
    """Return one search result as HTML: who said it in which post, the snippet, and where.

    A tag rather than template markup: the results page draws twenty, and drawing them
    through the template engine took a tenth of a rare-word search (docs/benchmarks.md).
    """
    byline = format_html_join(
        "; ",
        '<a href="{}">{}</a>{}',
        (
            (person.get_absolute_url(), person, format_html(", {}", role.label) if role else "")
            for person, role in statement.bylines()
        ),
    )
    document = statement.document
    publisher = format_html(" ({})", document.publisher) if document.publisher else ""
    return format_html(
        '<p class="byline">{}</p>\n'
        "    <blockquote><p>{}</p></blockquote>\n"
        '    <p class="quiet">{}, {}, in <a href="{}">{}</a>{}. <a href="{}">'
        'Read, cite and see where else it was reported<span class="visually-hidden">'
        ": statement {}</span></a></p>",
        byline,
        statement.snippet(),
        statement.get_kind_display(),
        statement.said,
        document.get_absolute_url(),
        document,
        publisher,
        statement.get_absolute_url(),
        statement.pk,
    )
