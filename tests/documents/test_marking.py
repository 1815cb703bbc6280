from types import SimpleNamespace

from documents.views import segments

BODY = "He said: we must improve. She said: not yet."


def span(text, start=None):
    start = BODY.index(text) if start is None else start
    return SimpleNamespace(start=start, end=start + len(text), text=text)


def marked(pieces):
    """Return the spans the pieces mark, each once, in order."""
    spans = []
    for _, span, _ in pieces:
        if span is not None and span not in spans:
            spans.append(span)
    return spans


def test_statements_are_marked_in_body_order_with_the_text_between_kept():
    first, second = span("we must improve."), span("not yet.")
    pieces = segments(BODY, [second, first])
    assert "".join(text for text, _, _ in pieces) == BODY
    assert [s for _, s, _ in pieces if s] == [first, second]
    assert all(is_first for _, s, is_first in pieces if s)


def test_a_span_inside_another_is_marked_as_its_own_and_the_outer_goes_on_around_it():
    # Words a statement quotes (a letter) inside another (the response quoting it).
    outer, inner = span("we must improve. She said"), span("improve.")
    pieces = segments(BODY, [inner, outer])
    assert "".join(text for text, _, _ in pieces) == BODY
    assert [(text, s) for text, s, _ in pieces if s] == [
        ("we must ", outer),
        ("improve.", inner),
        (" She said", outer),
    ]
    # Each span's anchor is on its first piece only: an id appears once on the page.
    assert [(s, is_first) for _, s, is_first in pieces if s] == [
        (outer, True),
        (inner, True),
        (outer, False),
    ]
    assert marked(pieces) == [outer, inner]
