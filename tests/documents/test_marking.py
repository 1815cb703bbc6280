from types import SimpleNamespace

from documents.views import segments

BODY = "He said: we must improve. She said: not yet."


def span(text, start=None):
    start = BODY.index(text) if start is None else start
    return SimpleNamespace(start=start, end=start + len(text), text=text)


def test_statements_are_marked_in_body_order_with_the_text_between_kept():
    first, second = span("we must improve."), span("not yet.")
    pieces = segments(BODY, [second, first])
    assert "".join(text for text, _ in pieces) == BODY
    assert [s for _, s in pieces if s] == [first, second]


def test_an_overlapping_span_is_left_unmarked_rather_than_splitting_another():
    outer, inner = span("we must improve. She said"), span("improve.")
    pieces = segments(BODY, [inner, outer])
    assert "".join(text for text, _ in pieces) == BODY
    assert [s for _, s in pieces if s] == [outer]
