"""Builders for test rows: `make_x(**overrides)` returns a saved, valid instance."""

import datetime
import itertools

from django.contrib.auth.models import Group, User

from documents.models import Document, Statement
from oversight.models import Priority, Recommendation, Review
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
