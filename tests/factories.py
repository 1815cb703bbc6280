"""Builders for test rows: `make_x(**overrides)` returns a saved, valid instance."""

import datetime
import itertools

from django.contrib.auth.models import Group, User

from documents.models import Document, Statement, body_sha256
from oversight.models import Priority, Recommendation, Review, StatusUpdate, TimelineEvent
from oversight.services import status_update_record
from people.models import Organisation, Person, Role

_serial = itertools.count(1)


def make_organisation(**overrides):
    n = next(_serial)
    values = {"name": f"Organisation {n}", "slug": f"organisation-{n}", "kind": "council"}
    return Organisation.objects.create(**(values | overrides))


def make_person(**overrides):
    n = next(_serial)
    values = {"name": f"Person {n}", "slug": f"person-{n}"}
    return Person.objects.create(**(values | overrides))


def make_role(**overrides):
    values = {"title": f"Post {next(_serial)}"}
    values |= overrides
    values.setdefault("person", make_person())
    return Role.objects.create(**values)


def make_document(**overrides):
    n = next(_serial)
    values = {
        "title": f"Document {n}",
        "slug": f"document-{n}",
        "kind": Document.Kind.NEWS_ARTICLE,
        "body": f"Document {n} says: the service must improve. It will.",
        "published_on": datetime.date(2014, 3, 27),
    }
    return Document.objects.create(**(values | overrides))


def make_statement(*, speakers=None, **overrides):
    """Return a statement spanning `text` (default: the first sentence) of its document."""
    document = overrides.pop("document", None) or make_document()
    text = overrides.pop("text", None) or document.body.split(": ", 1)[1].split(". ")[0] + "."
    start = document.body.index(text)
    values = {
        "reference": f"statement-{next(_serial)}",
        "document": document,
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": Statement.Kind.DIRECT_QUOTE,
        "said_on": document.published_on,
    }
    statement = Statement.objects.create(**(values | overrides))
    statement.speakers.set(speakers if speakers is not None else [make_person()])
    return statement


def make_review(**overrides):
    n = next(_serial)
    values = {"title": f"Review {n}", "slug": f"review-{n}"}
    values |= overrides
    values.setdefault("author", make_person())
    return Review.objects.create(**values)


def make_priority(**overrides):
    n = next(_serial)
    values = {
        "slug": f"priority-{n}",
        "number": n,
        "title": f"Priority {n}",
        "description": "Do it.",
    }
    values |= overrides
    values.setdefault("commissioner", make_person())
    values.setdefault("source", make_document())
    return Priority.objects.create(**values)


def make_recommendation(**overrides):
    values = {
        "reference": f"R{next(_serial)}",
        "text": "Appoint a commissioner.",
        "outcome": "recommended",
    }
    values |= overrides
    values.setdefault("review", make_review())
    values.setdefault("source", make_document())
    return Recommendation.objects.create(**values)


def make_timeline_event(**overrides):
    n = next(_serial)
    values = {
        "slug": f"event-{n}",
        "occurred_on": datetime.date(2010, 1, 1),
        "occurred_on_precision": "year",
        "title": f"Event {n}",
        "description": "Something happened.",
        "kind": TimelineEvent.Kind.INSPECTION,
    }
    values |= overrides
    values.setdefault("source", make_document())
    return TimelineEvent.objects.create(**values)


def make_status_update(item, **overrides):
    """Record an update on `item` through the service, as an officer would.

    Unless told otherwise it cites the item's own source document as its evidence.
    """
    values = {
        "status": "in_progress",
        "rag": "amber",
        "as_of": datetime.date(2014, 5, 23),
        "note": "The evidence says so.",
    }
    values |= overrides
    if not {"statements", "documents", "no_evidence_reason"} & set(overrides):
        values["documents"] = [item.source]
    return status_update_record(item=item, **values)


def grow_the_record(times=50, *, organisation=None):
    """Add `times` the seed record's rows of every kind a public page lists, in bulk.

    Each row has the relations its page shows (a commissioner, a history with evidence,
    roles, statements with speakers), so a page that queried per row would show it.
    """
    n = next(_serial)
    organisation = organisation or make_organisation()
    people = Person.objects.bulk_create(
        Person(name=f"Bulk person {n}-{i}", slug=f"bulk-person-{n}-{i}") for i in range(13 * times)
    )
    Role.objects.bulk_create(
        Role(person=person, organisation=organisation, title="Director of People")
        for person in people
    )
    documents = Document.objects.bulk_create(
        Document(
            title=f"Bulk document {n}-{i}",
            slug=f"bulk-document-{n}-{i}",
            kind=Document.Kind.NEWS_ARTICLE,
            publisher=organisation,
            published_on=datetime.date(2014, 4, 1),
            body="Bulk text: it will improve.",
            sha256=body_sha256("Bulk text: it will improve."),
        )
        for i in range(8 * times)
    )
    text = "it will improve."
    statements = Statement.objects.bulk_create(
        Statement(
            reference=f"bulk-statement-{n}-{i}",
            document=document,
            start=11,
            end=11 + len(text),
            text=text,
            kind=Statement.Kind.DIRECT_QUOTE,
            said_on=datetime.date(2014, 4, 1),
        )
        for i, document in enumerate(documents)
    )
    Statement.speakers.through.objects.bulk_create(
        Statement.speakers.through(statement=statement, person=person)
        for statement, person in zip(statements, people, strict=False)
    )
    TimelineEvent.objects.bulk_create(
        TimelineEvent(
            slug=f"bulk-event-{n}-{i}",
            occurred_on=datetime.date(2011, 1, 1),
            occurred_on_precision="year",
            title=f"Bulk event {n}-{i}",
            description="Something happened.",
            kind=TimelineEvent.Kind.INSPECTION,
            rating="Inadequate",
            source=documents[0],
        )
        for i in range(23 * times)
    )
    commissioner = people[0]
    priorities = Priority.objects.bulk_create(
        Priority(
            slug=f"bulk-priority-{n}-{i}",
            number=1000 + i,
            commissioner=commissioner,
            title=f"Bulk priority {n}-{i}",
            description="Do it.",
            due_on=datetime.date(2014, 6, 1),
            due_on_precision="month",
            due_by=datetime.date(2014, 6, 30),
            source=documents[0],
            status="in_progress",
            rag="amber",
            status_as_of=datetime.date(2014, 5, 1),
        )
        for i in range(4 * times)
    )
    review = make_review()
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            review=review,
            reference=f"B{i}",
            text="Appoint a commissioner.",
            outcome="recommended",
            source=documents[0],
            status="in_progress",
            rag="amber",
            status_as_of=datetime.date(2014, 5, 1),
        )
        for i in range(6 * times)
    )
    updates = StatusUpdate.objects.bulk_create(
        [
            StatusUpdate(
                priority=priority,
                status="in_progress",
                rag="amber",
                as_of=datetime.date(2014, 5, 1),
                note="Bulk.",
            )
            for priority in priorities
        ]
        + [
            StatusUpdate(
                recommendation=recommendation,
                status="in_progress",
                rag="amber",
                as_of=datetime.date(2014, 5, 1),
                note="Bulk.",
            )
            for recommendation in recommendations
        ]
    )
    StatusUpdate.evidence_statements.through.objects.bulk_create(
        StatusUpdate.evidence_statements.through(statusupdate=update, statement=statement)
        for update, statement in zip(updates, statements, strict=False)
    )


ROLES = {
    "scrutiny": "Scrutiny members",
    "officer": "Council officers",
    "editor": "Editors",
}


def make_user(role=None, **overrides):
    """Return a staff user in the group for `role` ("officer", ...), or a superuser."""
    n = next(_serial)
    values = {"username": f"{role or 'user'}-{n}", "email": f"user-{n}@example.org"}
    values |= overrides
    if role == "superuser":
        return User.objects.create_superuser(password="a-long-passphrase", **values)
    user = User.objects.create_user(password="a-long-passphrase", is_staff=True, **values)
    if role:
        user.groups.add(Group.objects.get(name=ROLES[role]))
    return user
