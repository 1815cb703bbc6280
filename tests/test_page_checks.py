"""The accessibility checks axe cannot make catch what they are for (tests/pages.py)."""

from tests.pages import markup_problems

GOOD = """<main><h1>Priorities</h1>
<table><caption>Priorities</caption><tr><th scope="col">Status</th></tr>
<tr><td><span class="status status-achieved">Achieved</span>
<strong class="flag">Overdue</strong></td></tr></table>
<label for="q">Search</label><input id="q" name="q">
<label>Overdue <select name="overdue"></select></label>
<input type="hidden" name="page"><input type="submit" value="Search"></main>"""


def test_a_sound_page_has_no_problems():
    assert markup_problems(GOOD) == []


def test_each_kind_of_problem_is_named():
    bad = """<h1>One</h1><h1>Two</h1>
    <table><tr><th>No scope</th></tr></table>
    <table><caption>c</caption><tr><th scope="column">Misspelt scope</th></tr></table>
    <input id="orphan"><label for="other">Other</label><textarea id="notes"></textarea>
    <span class="status status-achieved"></span><strong class="flag"> </strong>
    <input id="described" aria-describedby="hint missing"><label for="described">D</label>
    <p id="hint">Hint</p><form aria-labelledby="nowhere"></form>"""
    assert markup_problems(bad) == [
        "2 <h1> elements",
        "table 1 has no caption",
        "table 1 has a <th> without a valid scope",
        "table 2 has a <th> without a valid scope",
        "<input id=orphan> has no label",
        "<textarea id=notes> has no label",
        "a status tag has no text",
        "aria-describedby names missing, which no element has",
        "aria-labelledby names nowhere, which no element has",
    ]


def test_a_page_without_a_main_heading_is_a_problem():
    assert markup_problems("<main><h2>Only a subheading</h2></main>") == ["0 <h1> elements"]
