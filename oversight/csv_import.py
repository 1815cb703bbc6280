"""Read a CSV of status updates into rows ready for `status_update_record`.

One row a line, with a header. Columns: item (a priority's slug, a recommendation's
reference such as R1, or review-slug/R1), status and rag (value or label), as_of
(YYYY-MM-DD or DD/MM/YYYY), note, evidence (statement references and document slugs,
separated by ";"), no_evidence_reason. Parsing writes nothing; `status_updates_import` in
services.py runs the rows.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from documents.models import Document, Statement
from oversight.models import Priority, Rag, Recommendation, Status

COLUMNS = ["item", "status", "rag", "as_of", "note", "evidence", "no_evidence_reason"]
REQUIRED = ["item", "status", "rag", "as_of", "note"]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    """One line of the file: what it would record, or why it cannot."""

    number: int
    item_text: str
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    result: str = ""
    update: object = None

    @property
    def ok(self):
        return not self.errors


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # about the whole file
    versions: dict = field(default_factory=dict)  # each item's version before the rows ran
    applied: bool = False

    @property
    def ok(self):
        return bool(self.rows) and not self.errors and all(row.ok for row in self.rows)

    @property
    def error_count(self):
        return len(self.errors) + sum(not row.ok for row in self.rows)


def decode(data):
    """Return the text of an uploaded file, or raise ValueError saying why it is unreadable."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            "The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."
        ) from error


def parse(text):
    """Return an ImportReport with every row resolved or its errors listed."""
    report = ImportReport()
    if "\x00" in text:  # PostgreSQL refuses it in text, and no spreadsheet writes one
        report.errors.append(
            "The file holds a NUL character, which no cell can: save it again from the "
            "spreadsheet as CSV UTF-8."
        )
        return report
    read_to = 0  # the last line of the last whole row read: none yet, not even the header
    try:
        # strict: a quoted cell never closed is an error, not the rest of the file in it.
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in REQUIRED if name not in header]
        if missing and semicolon_separated(reader.fieldnames):
            report.errors.append(
                "The file's cells are separated by semicolons, not commas: save it from "
                "the spreadsheet as CSV UTF-8 (comma delimited), then upload it again."
            )
            return report
        if missing:
            report.errors.append(
                f"The header row lacks: {', '.join(missing)}. "
                f"Expected columns: {', '.join(COLUMNS)}."
            )
            return report
        if repeated := sorted({name for name in header if name and header.count(name) > 1}):
            # Read as it stands, the last column of the name would win unseen.
            report.errors.append(
                f"The header row names {', '.join(repeated)} more than once: keep one "
                "column of each name."
            )
            return report
        # Left out unseen, a named column's cells (a comment on each row) would be lost. A
        # column with no name is the empty one a trailing comma makes, as before.
        if unread := [name for name in header if name and name not in COLUMNS]:
            shown = ", ".join(f"“{name}”" for name in unread)
            report.errors.append(
                f"The header row has columns the import does not read: {shown}. Move what "
                "they hold into the note, or remove them, then upload the file again. "
                f"Columns read: {', '.join(COLUMNS)}."
            )
            return report
        reader.fieldnames = header
        names = Names()
        read_to = reader.line_num
        for number, line in enumerate(reader, start=2):
            read_to = reader.line_num
            if not any((value or "").strip() for value in line.values() if isinstance(value, str)):
                continue
            report.rows.append(parse_row(number, line, names))
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            where = f"the row after line {read_to}" if read_to else "the header row"
            report.errors.append(
                f'A quoted cell is never closed: a " in {where} opens a cell that runs to '
                "the end of the file. Check the quotation marks there, then upload the file "
                "again."
            )
        else:
            report.errors.append(f"The file is not valid CSV: {error}.")
    if not report.rows and not report.errors:
        report.errors.append("The file has no rows of status updates.")
    return report


def parse_row(number, line, names):
    cells = {name: (line.get(name) or "").strip() for name in COLUMNS}
    row = Row(number=number, item_text=cells["item"])
    if None in line:
        row.errors.append("More cells than there are columns.")
    formulas = [name for name, value in cells.items() if value.startswith(FORMULA_STARTS)]
    if formulas:
        row.errors.append(
            f"{', '.join(formulas)}: a cell may not start with = + - @ (it would run as a "
            "spreadsheet formula)."
        )
        return row
    # Every fault of the row at once, so that one upload tells the officer all of them.
    for name in REQUIRED:
        if not cells[name]:
            row.errors.append(f"{name} is empty.")
    item = names.item(cells["item"], row) if cells["item"] else None
    status = choice(Status, cells["status"], "status", row) if cells["status"] else None
    rag = choice(Rag, cells["rag"], "rag", row) if cells["rag"] else None
    as_of = parse_date(cells["as_of"], row) if cells["as_of"] else None
    statements, documents = names.evidence(cells["evidence"], row)
    if row.errors:
        return row
    # A spreadsheet may end a line within a cell with CR LF: one break, as typed.
    row.values = {
        "item": item,
        "status": status,
        "rag": rag,
        "as_of": as_of,
        "note": cells["note"].replace("\r\n", "\n"),
        "statements": statements,
        "documents": documents,
        "no_evidence_reason": cells["no_evidence_reason"].replace("\r\n", "\n"),
    }
    return row


class Names:
    """The items and evidence a file names, each looked up once however many rows name it
    (a file of thousands of rows names a few dozen)."""

    def __init__(self):
        self.items = {}  # text: (item or None, error)
        # reference: the statement, or the document, it names; None if it names none
        self.statements, self.documents = {}, {}

    def item(self, text, row):
        if text not in self.items:
            self.items[text] = find_item(text)
        item, error = self.items[text]
        if error:
            row.errors.append(error)
        return item

    def evidence(self, text, row):
        """Return (statements, documents) named in `text`, split at semicolons; a name that
        is both a statement's reference and a document's slug is the statement."""
        references = [ref.strip() for ref in text.split(";") if ref.strip()]
        new = [ref for ref in references if ref not in self.statements]
        if new:
            found = {s.reference: s for s in Statement.objects.filter(reference__in=new)}
            found_documents = {d.slug: d for d in Document.objects.filter(slug__in=new)}
            for ref in new:
                self.statements[ref] = found.get(ref)
                self.documents[ref] = found_documents.get(ref)
        unknown = [ref for ref in references if not (self.statements[ref] or self.documents[ref])]
        if unknown:
            row.errors.append(f"evidence not found: {', '.join(unknown)}.")
        return (
            [self.statements[ref] for ref in references if self.statements[ref]],
            [
                self.documents[ref]
                for ref in references
                if self.documents[ref] and not self.statements[ref]
            ],
        )


def find_item(text):
    """Return (the item `text` names, "") or (None, why none)."""
    if "/" in text:
        review, reference = text.split("/", 1)
        found = Recommendation.objects.filter(review__slug=review, reference=reference)
    else:
        found = Priority.objects.filter(slug=text)
        if not found:
            found = Recommendation.objects.filter(reference=text)
    found = list(found[:2])
    if len(found) == 1:
        return found[0], ""
    if found:
        return (
            None,
            f"item {text!r} names recommendations of two reviews: write review-slug/{text}.",
        )
    return None, f"item {text!r} is no priority slug or recommendation reference."


def semicolon_separated(fieldnames):
    """Return whether a header read as one cell holds the columns separated by semicolons,
    as a spreadsheet set for a language that writes decimal commas saves CSV."""
    if not fieldnames or len(fieldnames) != 1:
        return False
    names = [name.strip().lower() for name in fieldnames[0].split(";")]
    return all(name in names for name in REQUIRED)


def choice(choices, text, name, row):
    for value, label in choices.choices:
        if text.lower() in {value, label.lower()}:
            return value
    allowed = ", ".join(value for value, _ in choices.choices)
    row.errors.append(f"{name} {text!r} is not one of: {allowed}.")
    return None


def parse_date(text, row):
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    row.errors.append(f"as_of {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY).")
    return None


def item_key(item):
    """Return the name under which a dry run remembers an item's version."""
    return f"{item._meta.model_name}:{item.pk}"
