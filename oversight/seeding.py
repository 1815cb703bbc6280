"""Load the curated record (fixtures/record.json) and the seed texts into the database.

Everything is checked before anything is written: each seed file against its SHA-256,
each statement and passage against its document's body, each quoted text against its
source. The writes then run in one transaction and touch only rows that differ, so a
second load changes nothing. Status updates are append-only: a shipped assessment is
recorded once and never rewritten.
"""

import hashlib
import json
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from documents.models import Document, Passage, Statement
from oversight.dates import parse_partial_date
from oversight.models import Priority, Recommendation, Review, StatusUpdate, TimelineEvent
from oversight.services import status_update_record
from people.models import Organisation, Person, Role


class SeedError(Exception):
    """The fixture or a seed text is not what the record says it is."""


def read_seed_bodies(seeds, seeds_dir):
    """Return {file name: text} for the seed files, checking each one's SHA-256."""
    bodies = {}
    for seed in seeds:
        path = Path(seeds_dir) / seed["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SeedError(f"Seed file {seed['file']} cannot be read: {error.strerror}.") from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != seed["sha256"]:
            raise SeedError(
                f"Seed file {seed['file']} has SHA-256 {digest}, not the {seed['sha256']} "
                "the record was built from: the text has changed."
            )
        bodies[seed["file"]] = data.decode("utf-8")
    return bodies


def check_record(record, bodies):
    """Raise SeedError naming the first statement, passage or quotation that is not verbatim."""
    held = {
        doc["slug"]: bodies[doc["source_file"]]
        for doc in record["documents"]
        if doc.get("source_file")
    }

    def check_span(entry, name):
        body = held.get(entry["document"])
        if body is None:
            raise SeedError(f"{name}: document {entry['document']} is not a held document.")
        if body[entry["start"] : entry["end"]] != entry["text"]:
            raise SeedError(
                f"{name}: the text does not match {entry['document']} at "
                f"{entry['start']}:{entry['end']}."
            )

    for statement in record["statements"]:
        check_span(statement, f"Statement {statement['reference']}")
        for passage in statement["passages"]:
            check_span(passage, f"Statement {statement['reference']} (passage)")

    quotations = [
        *(
            (f"Recommendation {r['reference']}", r["text"], r["source"])
            for r in record["recommendations"]
        ),
        *(
            (f"Response to {r['reference']}", r.get("response"), r["source"])
            for r in record["recommendations"]
        ),
        *((f"Priority {p['slug']}", p["description"], p["source"]) for p in record["priorities"]),
        *(
            (f"Timeline event {e['slug']}", e["description"], e["source"])
            for e in record["timeline"]
        ),
    ]
    for name, text, source in quotations:
        if text and text not in held.get(source, ""):
            raise SeedError(f"{name}: its text is not found verbatim in {source}.")


def dates(entry, *fields):
    """Return model values for partial-date fields given as "2013", "2013-07", ..."""
    values = {}
    for field in fields:
        partial = parse_partial_date(entry.get(field))
        values[field] = partial.value
        values[f"{field}_precision"] = partial.precision
    return values


def differs(obj, name, value):
    """Return whether `obj.name` differs from `value`, comparing relations by id alone."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


class Loader:
    """Write the record, creating or correcting rows that differ and counting what it did."""

    def __init__(self, record, bodies):
        self.record = record
        self.bodies = bodies
        self.tally = Counter()
        # The statements one load adds enter the record together: a feed lists them by date.
        self.loaded_at = timezone.now()

    def upsert(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            if model is Statement:
                obj.recorded_at = self.loaded_at
            outcome = "created"
        else:
            changed = {name: value for name, value in values.items() if differs(obj, name, value)}
            if not changed:
                self.tally[model._meta.verbose_name_plural, "unchanged"] += 1
                return obj
            for name, value in changed.items():
                setattr(obj, name, value)
            outcome = "updated"
        try:
            obj.full_clean()
        except ValidationError as error:
            name = " ".join(str(value) for value in lookup.values())
            raise SeedError(
                f"{model._meta.verbose_name} {name}: {'; '.join(error.messages)}"
            ) from None
        obj.save()
        self.tally[model._meta.verbose_name_plural, outcome] += 1
        return obj

    def set_m2m(self, manager, objects):
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in objects}:
            manager.set(objects)

    def load(self):
        r = self.record
        orgs = {}
        for entry in r["organisations"]:
            values = {key: entry.get(key, "") for key in ("name", "short_name", "kind")}
            values["parent"] = orgs.get(entry.get("parent"))
            orgs[entry["slug"]] = self.upsert(Organisation, {"slug": entry["slug"]}, values)

        people = {}
        for entry in r["people"]:
            values = {
                key: entry.get(key, "") for key in ("name", "honorific", "post_nominals", "summary")
            }
            people[entry["slug"]] = self.upsert(Person, {"slug": entry["slug"]}, values)

        docs = {}
        for entry in r["documents"]:
            source_file = entry.get("source_file", "")
            values = {
                "title": entry["title"],
                "kind": entry["kind"],
                "publisher": orgs.get(entry.get("publisher")),
                "url": entry.get("url", ""),
                "body": self.bodies[source_file] if source_file else None,
                "source_file": source_file,
                "referenced_in": docs.get(entry.get("referenced_in")),
                "note": entry.get("note", ""),
                **dates(entry, "published_on"),
            }
            docs[entry["slug"]] = self.upsert(Document, {"slug": entry["slug"]}, values)

        for entry in r["roles"]:
            values = {
                "organisation": orgs.get(entry.get("organisation")),
                "source": docs.get(entry.get("source")),
                "note": entry.get("note", ""),
                "precedence": entry.get("precedence", Role._meta.get_field("precedence").default),
                **dates(entry, "started_on", "ended_on"),
            }
            lookup = {"person": people[entry["person"]], "title": entry["title"]}
            self.upsert(Role, lookup, values)

        statements = {}
        for entry in r["statements"]:
            values = {
                "document": docs[entry["document"]],
                "start": entry["start"],
                "end": entry["end"],
                "text": entry["text"],
                "kind": entry["kind"],
                "quoted_from": docs.get(entry.get("quoted_from")),
                **dates(entry, "said_on"),
            }
            statement = self.upsert(Statement, {"reference": entry["reference"]}, values)
            self.set_m2m(statement.speakers, [people[slug] for slug in entry["speakers"]])
            for passage in entry["passages"]:
                lookup = {"statement": statement, "document": docs[passage["document"]]}
                values = {key: passage[key] for key in ("start", "end", "text")}
                self.upsert(Passage, lookup, values)
            statements[entry["reference"]] = statement

        reviews = {}
        for entry in r["reviews"]:
            values = {
                "title": entry["title"],
                "author": people[entry["author"]],
                "commissioned_by": people.get(entry.get("commissioned_by")),
                "report": docs.get(entry.get("report")),
                "summary": entry.get("summary", ""),
                **dates(entry, "published_on"),
            }
            reviews[entry["slug"]] = self.upsert(Review, {"slug": entry["slug"]}, values)

        recommendations = {}
        for entry in r["recommendations"]:
            values = {
                "text": entry["text"],
                "outcome": entry["outcome"],
                "response": entry.get("response", ""),
                "source": docs[entry["source"]],
            }
            lookup = {"review": reviews[entry["review"]], "reference": entry["reference"]}
            recommendations[entry["reference"]] = self.upsert(Recommendation, lookup, values)

        priorities = {}
        for entry in r["priorities"]:
            values = {
                "number": entry["number"],
                "commissioner": people[entry["commissioner"]],
                "title": entry["title"],
                "description": entry["description"],
                "source": docs[entry["source"]],
                **dates(entry, "due_on"),
            }
            priorities[entry["slug"]] = self.upsert(Priority, {"slug": entry["slug"]}, values)

        for entry in r["status_updates"]:
            if "priority" in entry:
                item = priorities[entry["priority"]]
            else:
                item = recommendations[entry["recommendation"]]
            as_of = parse_partial_date(entry["as_of"]).value
            lookup = {
                item.update_field: item,
                "as_of": as_of,
                "status": entry["status"],
                "note": entry["note"],
            }
            if StatusUpdate.objects.filter(**lookup).exists():
                self.tally["status updates", "unchanged"] += 1
                continue
            status_update_record(
                item=item,
                status=entry["status"],
                rag=entry["rag"],
                as_of=as_of,
                note=entry["note"],
                statements=[statements[ref] for ref in entry.get("statements", [])],
                documents=[docs[slug] for slug in entry.get("documents", [])],
            )
            self.tally["status updates", "created"] += 1

        for entry in r["timeline"]:
            values = {
                "kind": entry["kind"],
                "rating": entry.get("rating", ""),
                "title": entry["title"],
                "description": entry["description"],
                "source": docs[entry["source"]],
                **dates(entry, "occurred_on", "ended_on"),
            }
            self.upsert(TimelineEvent, {"slug": entry["slug"]}, values)
        return self.tally


def record_load(*, fixture_path, seeds_dir):
    """Check the record and the seed texts, then load them in one transaction.

    Return a Counter of (model name, "created" | "updated" | "unchanged") rows.
    Raise SeedError, with nothing written, when anything does not check out.
    """
    try:
        record = json.loads(Path(fixture_path).read_text(encoding="utf-8"))
    except OSError as error:
        raise SeedError(f"The record {fixture_path} cannot be read: {error.strerror}.") from None
    except ValueError as error:
        raise SeedError(f"The record {fixture_path} is not valid JSON: {error}.") from None
    bodies = read_seed_bodies(record["seeds"], seeds_dir)
    check_record(record, bodies)
    with transaction.atomic():
        return Loader(record, bodies).load()
