"""Bylines for a page of statements: their speakers and the posts they held, in one query.

A byline names a statement's speaker and the post they held on its day (Statement.bylines,
Person.role_on). Django's own prefetch reads the speakers, then every post they ever held
with each post's organisation: two querysets to build and compile for every page, and
most of the page's time in Python after its rows. SpeakersWithPosts reads the speakers and
only the posts held on each statement's day with one statement of SQL: 5.5 to 6.8 ms of
CPU for a search page of twenty became 1.4 to 1.9 (docs/benchmarks.md).
"""

import functools
from operator import attrgetter

from django.db import connections

from people.models import Organisation, Person, Role


@functools.cache
def attnames(model):
    """Return the model's columns' attribute names, in the order Model.from_db takes them."""
    return [field.attname for field in model._meta.concrete_fields]


class SpeakersWithPosts:
    """A statement's speakers, each with the posts they held on its day, for prefetch_related.

    Used as `Prefetch("speakers_with_posts", to_attr=...)`: the statements of a page,
    or of a chunk of `iterator()`, get their speakers in one query, in Person's order
    (by name), each with the posts held on the statement's day (RoleQuerySet.held_on) in
    Person.PREFETCHED_ROLES, undated first, then by start and title: what Person.role_on
    chooses a byline's post from. An undated statement's speakers carry none. Read from
    one statement, it queries for that statement alone.
    """

    def __set_name__(self, owner, name):
        self.statement_model = owner

    def __get__(self, statement, owner=None):
        if statement is None:
            return self
        return self.read([statement])

    def get_prefetch_querysets(self, statements, querysets=None):
        """The prefetch protocol (as GenericForeignKey's): the speakers, and how they match."""
        if querysets:
            raise ValueError("Speakers with their posts are read by their own SQL: no queryset.")
        speakers = self.read(statements)
        return speakers, attrgetter("spoke_in_id"), attrgetter("pk"), False, None, False

    def read(self, statements):
        """Return the speakers of `statements`, one Person for each statement they spoke in.

        Each is marked with the statement (`spoke_in_id`) and holds the posts held on its
        day, each post with its organisation.
        """
        if not statements:
            return []
        database = statements[0]._state.db or "default"
        columns = {model: attnames(model) for model in (Person, Role, Organisation)}
        ids = [statement.pk for statement in statements]
        sql = speakers_sql(self.statement_model, database).format(ids=", ".join(["%s"] * len(ids)))
        with connections[database].cursor() as cursor:
            cursor.execute(sql, ids)
            rows = cursor.fetchall()
        people, speakers = len(columns[Person]), {}
        roles = people + len(columns[Role])
        for statement_id, *values in rows:
            speaker = speakers.get((statement_id, values[0]))
            if speaker is None:
                speaker = Person.from_db(database, columns[Person], values[:people])
                speaker.spoke_in_id = statement_id
                setattr(speaker, Person.PREFETCHED_ROLES, [])
                speakers[statement_id, values[0]] = speaker
            if values[people] is None:  # in no post that day
                continue
            role = Role.from_db(database, columns[Role], values[people:roles])
            role.person = speaker
            role.organisation = (
                Organisation.from_db(database, columns[Organisation], values[roles:])
                if role.organisation_id
                else None
            )
            getattr(speaker, Person.PREFETCHED_ROLES).append(role)
        return list(speakers.values())


@functools.cache
def speakers_sql(statement_model, database):
    """Return the SQL of statements' speakers, joined to their posts that day.

    Made once for each database; `{ids}` stands for the statements' ids.
    """
    name = connections[database].ops.quote_name

    def table(model, alias):
        return f"{name(model._meta.db_table)} {alias}"

    def select(model, alias):
        return ", ".join(f"{alias}.{name(f.column)}" for f in model._meta.concrete_fields)

    spoke = statement_model.speakers.through
    return (
        f"SELECT s.statement_id, {select(Person, 'p')}, {select(Role, 'r')}, "
        f"{select(Organisation, 'o')} FROM {table(spoke, 's')} "
        f"JOIN {table(statement_model, 'st')} ON st.id = s.statement_id "
        f"JOIN {table(Person, 'p')} ON p.id = s.person_id "
        # Held on the day: started by then, not yet ended (RoleQuerySet.held_on).
        f"LEFT JOIN {table(Role, 'r')} ON r.person_id = p.id AND st.said_on IS NOT NULL "
        "AND (r.started_on IS NULL OR r.started_on <= st.said_on) "
        "AND (r.ended_on IS NULL OR r.ended_on > st.said_on) "
        f"LEFT JOIN {table(Organisation, 'o')} ON o.id = r.organisation_id "
        "WHERE s.statement_id IN ({ids}) "
        # Person's order (by name), then Role's own within a person (undated first, then
        # by start and title): the order Person.role_on breaks ties in.
        "ORDER BY p.name, p.id, s.id, r.started_on NULLS FIRST, r.title"
    )
