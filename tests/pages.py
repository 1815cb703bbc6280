"""Reading pages as a person would: their visible text, and the structure a screen reader uses."""

import html
import re
from html.parser import HTMLParser


def main_text(response):
    """Return the page's visible text: tags stripped, entities decoded, spaces folded."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s+", " ", text))


def section(response, caption, *, with_caption=True):
    """Return the visible text of the table whose caption starts with `caption`."""
    page = response.content.decode()
    found = re.search(r"<caption[^>]*>\s*" + re.escape(html.escape(caption, quote=False)), page)
    if found is None:
        found = re.search(r"<caption[^>]*>\s*" + re.escape(caption), page)
    assert found, f"no table captioned {caption!r}"
    start = found.start() if with_caption else page.index("</caption>", found.start())
    return main_text_of(page[start : page.index("</table>", start)])


def main_text_of(markup):
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s+", " ", text)).strip()


SCOPES = {"col", "row", "colgroup", "rowgroup"}
# Tags that carry a status, a RAG rating or a flag (overdue, stale): each must say it in words.
STATUS_CLASSES = {"status", "rag", "flag"}


class Structure(HTMLParser):
    """Collect what the accessibility checks need: headings, tables, controls and labels."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.tables = []  # [has caption, [th scopes]]
        self.controls = []  # (tag, id, named by aria-label(ledby) or a <label> around it)
        self.labels = set()
        self.statuses = []  # text inside status tags
        self.ids = set()
        self.references = []  # (attribute, id) of each id an aria attribute names
        self._in_status = None
        self._status_tag = None
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for attribute in ("aria-describedby", "aria-labelledby"):
            self.references += [(attribute, name) for name in (attrs.get(attribute) or "").split()]
        if tag == "h1":
            self.h1 += 1
        elif tag == "table":
            self.tables.append([False, []])
        elif tag == "caption" and self.tables:
            self.tables[-1][0] = True
        elif tag == "th" and self.tables:
            self.tables[-1][1].append(attrs.get("scope"))
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            named = attrs.get("aria-label") or attrs.get("aria-labelledby") or self._label_depth
            self.controls.append((tag, attrs.get("id"), bool(named)))
        elif tag == "label":
            if attrs.get("for"):
                self.labels.add(attrs["for"])
            else:
                self._label_depth += 1
        elif STATUS_CLASSES & set((attrs.get("class") or "").split()) and self._in_status is None:
            self._in_status = ""
            self._status_tag = tag

    def handle_data(self, data):
        if self._in_status is not None:
            self._in_status += data

    def handle_endtag(self, tag):
        if tag == self._status_tag and self._in_status is not None:
            self.statuses.append(self._in_status.strip())
            self._in_status = self._status_tag = None
        elif tag == "label" and self._label_depth:
            self._label_depth -= 1


def accessibility_problems(response):
    """Return what a page gets wrong of the checks axe cannot make from markup alone."""
    return markup_problems(response.content.decode())


def markup_problems(markup):
    """Return the problems `accessibility_problems` looks for, in a page's HTML.

    The browser tests pass the page as the browser holds it, scripts' additions included.
    """
    page = Structure()
    page.feed(markup)
    problems = []
    if page.h1 != 1:
        problems.append(f"{page.h1} <h1> elements")
    for index, (has_caption, scopes) in enumerate(page.tables):
        if not has_caption:
            problems.append(f"table {index + 1} has no caption")
        if not scopes or not set(scopes) <= SCOPES:
            problems.append(f"table {index + 1} has a <th> without a valid scope")
    for tag, control_id, named in page.controls:
        if not named and control_id not in page.labels:
            problems.append(f"<{tag} id={control_id}> has no label")
    if "" in page.statuses:
        problems.append("a status tag has no text")
    for attribute, name in page.references:
        if name not in page.ids:
            problems.append(f"{attribute} names {name}, which no element has")
    return problems


class FormValues(HTMLParser):
    """Collect what a browser sends for the form with `form_id`: each named control's
    value, and each text box's lines joined by CR LF, as browsers send them."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.values = {}
        self._in_form = False
        self._textarea = None
        self._select = None

    def add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == self.form_id
        name = attrs.get("name")
        if not self._in_form or (not name and tag != "option"):
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self.add(name, attrs.get("value") or "on")
        elif tag == "input" and kind not in {"submit", "button", "file", "image", "reset"}:
            self.add(name, attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = [name, ""]
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.add(self._select, attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            text = text.removeprefix("\n")  # HTML drops a line break just after <textarea>
            self.add(name, text.replace("\n", "\r\n"))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(response, form_id):
    """Return {name: [values]} as a browser would submit the form `form_id` of `response`."""
    parser = FormValues(form_id)
    parser.feed(response.content.decode())
    return parser.values
